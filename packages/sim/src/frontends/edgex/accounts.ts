import { createHash } from 'node:crypto';
import { ethAddressFromPrivateKey, STARK_CURVE_ORDER, starkPublicKey } from '@dn/edgex';
import type { SimAccountRecord } from '../types.js';

/** secp256k1 group order: a trading key must be below it. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaae6dce6af48a03bbfd25e8cd0364141n;

function hashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function keyBelow(seedText: string, order: bigint): string {
  const k = (BigInt(`0x${hashHex(seedText)}`) % (order - 1n)) + 1n;
  return k.toString(16).padStart(64, '0');
}

/**
 * FAKE credentials of simulator account `index`: every secret is derived from a hash of
 * `dn-sim-fake-edgex-<seed>-<index>`, so they are deterministic and worthless. Field names are the
 * `EdgexClient` option names; one account works with `apiVersion: 'v2'` and `'v1'` alike.
 */
export function createEdgexAccount(index: number, seed: number): SimAccountRecord {
  const base = `dn-sim-fake-edgex-${seed}-${index}`;
  const h = BigInt(`0x${hashHex(base)}`);
  // 18-digit ids, like edgeX's int64 account ids (they do not fit a double, which the connector must handle).
  const accountId = (10n ** 17n + (h % (9n * 10n ** 17n))).toString();
  return {
    accountId,
    credentials: {
      accountId,
      apiKey: `fake-edgex-key-${hashHex(`${base}-apikey`).slice(0, 24)}`,
      passphrase: `fake-pass-${hashHex(`${base}-passphrase`).slice(0, 12)}`,
      secret: `fake-secret-${hashHex(`${base}-secret`).slice(0, 32)}`,
      tradingPrivateKey: keyBelow(`${base}-trading`, SECP256K1_N),
      starkPrivateKey: keyBelow(`${base}-stark`, STARK_CURVE_ORDER),
    },
  };
}

/** What the venue knows about an account: its registered keys (public parts) and V2 API key triple. */
export interface EdgexSimAccount {
  accountId: string;
  apiKey: string;
  passphrase: string;
  secret: string;
  /** Checksummed address of the trading key (V2 order signer). */
  tradingAddress: string;
  /** Stark public key x (`l2Key`, V1). */
  l2Key: string;
  l2KeyY: string;
}

export function registerAccount(record: SimAccountRecord): EdgexSimAccount {
  const c = record.credentials;
  const stark = c.starkPrivateKey ? starkPublicKey(c.starkPrivateKey) : undefined;
  return {
    accountId: record.accountId,
    apiKey: c.apiKey ?? '',
    passphrase: c.passphrase ?? '',
    secret: c.secret ?? '',
    tradingAddress: c.tradingPrivateKey ? ethAddressFromPrivateKey(c.tradingPrivateKey) : '',
    l2Key: stark ? `0x${stark.x}` : '',
    l2KeyY: stark ? `0x${stark.y}` : '',
  };
}
