import { type Clock, ConfigError, type PerpVenue } from '@dn/core';
import { EdgexVenue } from '@dn/edgex';
import { ExtendedVenue } from '@dn/extended';
import { LighterVenue } from '@dn/lighter';
import { PACIFICA_DEFAULT_EXPIRY_WINDOW_MS, PacificaVenue } from '@dn/pacifica';
import type { VenueName } from './credentials.js';

export interface ClientTarget {
  /** Server root of a simulator (`http://127.0.0.1:port`); absent = the venue's mainnet. */
  restUrl?: string;
  wsUrl?: string;
  credentials: Record<string, string>;
  clock?: Clock;
  /**
   * Client-side rate limits (default on). A simulator running N× faster than real time compresses the bot's calls
   * into less wall time than the venue's budgets assume, so paper mode above 1× turns them off.
   */
  rateLimits?: boolean;
  /**
   * Speed of `clock` relative to wall time (default 1). Signed requests carry validity windows in clock time; on a
   * simulator running N× faster they are stretched N× so a request's few ms in flight do not expire it.
   */
  timeScale?: number;
}

/**
 * The real connector of `venue`. Simulator roots are mapped to the paths each client expects, so one connection
 * file works for every venue.
 */
export function createClient(venue: VenueName, target: ClientTarget): PerpVenue {
  const { restUrl, wsUrl, credentials: c, clock } = target;
  // An empty URL must not mean "the venue's mainnet": only an absent one does.
  if (restUrl === '' || wsUrl === '') {
    throw new ConfigError([
      { key: restUrl === '' ? 'restUrl' : 'wsUrl', problem: 'is empty', expected: 'a URL, or no override' },
    ]);
  }
  const limits = target.rateLimits !== false;
  const scale = Math.max(1, target.timeScale ?? 1);
  switch (venue) {
    case 'extended':
      return new ExtendedVenue({
        apiKey: c.apiKey,
        starkPrivateKey: c.starkPrivateKey,
        vault: c.vault,
        ...(restUrl ? { restUrl: `${restUrl}/api/v1` } : {}),
        ...(wsUrl ? { wsUrl: `${wsUrl}/stream.extended.exchange/v1` } : {}),
        ...(limits ? {} : { rateLimiter: false as const }),
        // Orders live 1 h of clock time by default (the SDKs' value); stretched on a faster-than-real simulator, within
        // the venue's 90-day maximum.
        ...(scale > 1 ? { orderTtlMs: Math.min(3_600_000 * scale, 80 * 86_400_000) } : {}),
        clock,
      });
    case 'pacifica':
      // With an agent wallet the client signs with the agent's key on behalf of the account.
      return new PacificaVenue({
        account: c.account,
        ...(c.agentWallet && c.agentSecretKey
          ? { agentWallet: c.agentWallet, secretKey: c.agentSecretKey }
          : c.agentWallet && !c.agentSecretKey
            ? { agentWallet: c.agentWallet, secretKey: c.secretKey }
            : { secretKey: c.secretKey }),
        ...(restUrl ? { restUrl: `${restUrl}/api/v1` } : {}),
        ...(wsUrl ? { wsUrl: `${wsUrl}/ws` } : {}),
        ...(limits ? {} : { rateLimiter: false as const }),
        ...(scale > 1 ? { expiryWindowMs: PACIFICA_DEFAULT_EXPIRY_WINDOW_MS * scale } : {}),
        clock,
      });
    case 'edgex':
      return new EdgexVenue({
        apiVersion: c.apiVersion === 'v1' ? 'v1' : 'v2',
        accountId: c.accountId,
        apiKey: c.apiKey,
        passphrase: c.passphrase,
        secret: c.secret,
        tradingPrivateKey: c.tradingPrivateKey,
        starkPrivateKey: c.starkPrivateKey,
        ...(restUrl ? { restUrl } : {}),
        ...(wsUrl ? { wsUrl } : {}),
        ...(limits ? {} : { rateLimiter: false as const }),
        clock,
      });
    case 'lighter':
      return new LighterVenue({
        accountIndex: c.accountIndex as string,
        apiKeyIndex: c.apiKeyIndex as string,
        privateKey: c.privateKey as string,
        ...(restUrl ? { restUrl } : {}),
        ...(wsUrl ? { wsUrl: `${wsUrl}/stream` } : {}),
        ...(limits ? {} : { rateLimiter: false }),
        // The venue accepts at most ~10 min; only a faster-than-real simulator gets more.
        ...(scale > 1 ? { txTtlMs: 9 * 60_000 * scale } : {}),
        clock,
      });
  }
}
