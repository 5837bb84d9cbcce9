import { type Clock, Decimal } from '@dn/core';
import { parseAuthToken, verifyAuthToken } from '@dn/lighter';
import type { SimEngine, SimMarket } from '../../engine/index.js';
import type { SimRequest, SimResponse } from '../../server/sim-server.js';
import type { SimAccountRecord } from '../types.js';
import { marketIndexOf } from './encode.js';

/** Lighter result codes the simulator answers with (see @dn/lighter LIGHTER_ERROR_CODE for sources). */
export const CODE = {
  INVALID_PARAM: 20001,
  INVALID_AUTH: 20013,
  ACCOUNT_NOT_FOUND: 21100,
  INVALID_NONCE: 21104,
  API_KEY_NOT_FOUND: 21109,
  INVALID_SIGNATURE: 21120,
  INVALID_MARKET_INDEX: 21602,
} as const;

export function fail(code: number, message: string, status = 400): SimResponse {
  return { status, body: { code, message } };
}

export function ok(body: Record<string, unknown>): SimResponse {
  return { status: 200, body: { code: 200, ...body } };
}

export interface SimApiKey {
  publicKey: string;
  /** Next nonce a tx without the skip-nonce attribute must carry. */
  nextNonce: bigint;
  /** Nonces used by skip-nonce txs (replay protection). */
  skipNonces: Set<bigint>;
}

/** Chain id the simulator signs for (mainnet). */
export const SIM_CHAIN_ID = 304;

/** Accounts, API keys, nonces and market lookups shared by the REST, tx and WS handlers. */
export class LighterSimState {
  readonly keys = new Map<string, SimApiKey>();
  private readonly verifiedTokens = new Map<string, number>();
  /** Markets each account sent UpdateLeverage for: the venue keeps a position row (size 0) for them. */
  private readonly leverageSet = new Map<string, Set<string>>();

  constructor(
    readonly engine: SimEngine,
    readonly clock: Clock,
    accounts: readonly SimAccountRecord[],
    publicKeyOf: (privateKey: string) => string,
  ) {
    for (const a of accounts) {
      const { apiKeyIndex, privateKey } = a.credentials;
      if (apiKeyIndex === undefined || privateKey === undefined) continue;
      this.keys.set(`${a.accountId}:${apiKeyIndex}`, {
        publicKey: publicKeyOf(privateKey),
        nextNonce: 0n,
        skipNonces: new Set(),
      });
    }
  }

  key(account: string, apiKey: string | number): SimApiKey | undefined {
    return this.keys.get(`${account}:${apiKey}`);
  }

  noteLeverage(account: string, symbol: string): void {
    let set = this.leverageSet.get(account);
    if (!set) {
      set = new Set();
      this.leverageSet.set(account, set);
    }
    set.add(symbol);
  }

  /** Symbols whose leverage `account` set (a position row is listed for them even when flat). */
  leverageMarkets(account: string): ReadonlySet<string> {
    return this.leverageSet.get(account) ?? new Set();
  }

  markets(): SimMarket[] {
    return this.engine.markets();
  }

  marketByIndex(index: number): SimMarket | undefined {
    return this.engine.markets().find((m) => marketIndexOf(m) === index);
  }

  /**
   * Checks the auth token of a private read (header `authorization` or query `auth`) for `account`.
   * Returns an error response, or undefined when authorised.
   */
  authorize(req: SimRequest, account: string): SimResponse | undefined {
    const header = req.headers.authorization;
    const token = (typeof header === 'string' && header !== '' ? header : undefined) ?? req.query.get('auth') ?? '';
    if (token === '') {
      return fail(CODE.INVALID_PARAM, 'invalid param : auth query param and Authorization header are empty');
    }
    return this.checkToken(token, account);
  }

  /** Verifies a token for `account`; undefined when valid. */
  checkToken(token: string, account: string): SimResponse | undefined {
    const nowSec = Math.floor(this.clock.now() / 1000);
    const cached = this.verifiedTokens.get(token);
    const parsed = parseAuthToken(token);
    if (!parsed) return fail(CODE.INVALID_AUTH, 'invalid auth: invalid auth string', 401);
    if (parsed.accountIndex.toString() !== account) {
      return fail(CODE.INVALID_AUTH, 'invalid auth: account mismatch', 401);
    }
    if (cached !== undefined && cached > nowSec) return undefined;
    const key = this.key(account, parsed.apiKeyIndex);
    if (!key) return fail(CODE.API_KEY_NOT_FOUND, 'api key not found');
    const v = verifyAuthToken(parsed, key.publicKey, nowSec);
    if (!v.ok) {
      const msg =
        v.reason === 'expired'
          ? 'expired token'
          : v.reason === 'malformed'
            ? 'invalid auth string'
            : 'invalid deadline';
      return fail(CODE.INVALID_AUTH, `invalid auth: ${msg}`, 401);
    }
    if (this.verifiedTokens.size > 1000) this.verifiedTokens.clear();
    this.verifiedTokens.set(token, parsed.deadline);
    return undefined;
  }
}

export const ZERO = new Decimal(0);
