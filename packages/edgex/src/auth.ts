import { ConfigError, type ConfigIssue } from '@dn/core';
import type { EthPrivateKey } from './signing/eth-key.js';
import type { StarkPrivateKey } from './signing/stark-ecdsa.js';
import type { V2Credentials } from './signing/v2-request.js';

/** Which edgeX API generation to speak. V2 (HMAC + EIP-712) is current; V1 (StarkEx) is deprecated by edgeX. */
export type EdgexApiVersion = 'v2' | 'v1';

/** Credentials of the current API: HMAC key triple plus the secp256k1 "trading" key that signs orders. */
export interface EdgexV2Credentials extends V2Credentials {
  tradingPrivateKey: EthPrivateKey;
}

/** Credentials of the legacy API: the Stark private key signs both requests and orders. */
export interface EdgexV1Credentials {
  starkPrivateKey: StarkPrivateKey;
}

/** Resolved authentication of one account. Never logged. */
export type EdgexAuth =
  | { version: 'v2'; accountId: string; credentials: EdgexV2Credentials }
  | { version: 'v1'; accountId: string; credentials: EdgexV1Credentials };

export interface EdgexAuthOptions {
  apiVersion?: EdgexApiVersion;
  accountId?: string;
  apiKey?: string;
  passphrase?: string;
  secret?: string;
  tradingPrivateKey?: string;
  starkPrivateKey?: string;
}

/**
 * Picks the credentials the chosen API version needs. Without `accountId` the client is public-only.
 * @throws ConfigError listing every missing field at once.
 */
export function resolveAuth(options: EdgexAuthOptions): EdgexAuth | undefined {
  const version = options.apiVersion ?? 'v2';
  if (version !== 'v2' && version !== 'v1') {
    throw new ConfigError([
      { key: 'apiVersion', problem: `unknown API version ${String(version)}`, expected: 'v2 | v1' },
    ]);
  }
  const accountId = options.accountId;
  if (accountId === undefined) return undefined;
  const issues: ConfigIssue[] = [];
  if (!/^[1-9]\d{0,19}$/.test(accountId)) {
    issues.push({
      key: 'accountId',
      problem: 'must be the numeric edgeX account id',
      expected: 'e.g. "543429922991899150"',
    });
  }
  const need = (key: keyof EdgexAuthOptions): string => {
    const v = options[key];
    if (typeof v !== 'string' || v.length === 0) issues.push({ key, problem: `required for apiVersion ${version}` });
    return typeof v === 'string' ? v : '';
  };
  if (version === 'v2') {
    const credentials: EdgexV2Credentials = {
      apiKey: need('apiKey'),
      passphrase: need('passphrase'),
      secret: need('secret'),
      tradingPrivateKey: need('tradingPrivateKey'),
    };
    if (issues.length > 0) throw new ConfigError(issues, 'EdgexClient options');
    return { version, accountId, credentials };
  }
  const starkPrivateKey = need('starkPrivateKey');
  if (issues.length > 0) throw new ConfigError(issues, 'EdgexClient options');
  return { version, accountId, credentials: { starkPrivateKey } };
}
