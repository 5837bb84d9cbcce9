import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtendedMarketConfig, StarknetDomain } from '../src/index.js';

/**
 * Vectors produced by the official Extended SDKs/signers (see each file's `source`), read-only and
 * shared with the other packages. Their keys are public test keys: never fund them.
 */
export const VECTOR_DIR = fileURLToPath(new URL('../../../../shared/vectors/extended/', import.meta.url));

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function loadVector<T>(name: string): T {
  return JSON.parse(readFileSync(`${VECTOR_DIR}${name}`, 'utf8')) as T;
}

export interface PythonSdkOrderFile {
  fixtures: {
    trading_account: { vault: number; private_key: string; public_key: string };
    btc_usd_market: ExtendedMarketConfig;
    frozen_nonce: number;
    starknet_domain: { name: string; version: string; chain_id: string; revision: string };
    default_taker_fee: string;
  };
  cases: { test: string; inputs: Record<string, Json>; expected: PythonOrderBody }[];
}

/** Expected `to_api_request_json()` of the Python SDK (nulls included). */
export interface PythonOrderBody {
  id: string;
  market: string;
  type: 'LIMIT' | 'MARKET' | 'CONDITIONAL' | 'TPSL';
  side: 'BUY' | 'SELL';
  qty: string;
  price: string;
  reduceOnly: boolean;
  postOnly: boolean;
  timeInForce: 'GTT' | 'IOC';
  expiryEpochMillis: number;
  fee: string;
  nonce: string;
  selfTradeProtectionLevel: 'DISABLED' | 'ACCOUNT' | 'CLIENT';
  settlement: { signature: { r: string; s: string }; starkKey: string; collateralPosition: string } | null;
  trigger: {
    triggerPrice: string;
    triggerPriceType: 'LAST' | 'MARK' | 'INDEX';
    direction: 'UP' | 'DOWN';
    executionPriceType: 'LIMIT' | 'MARKET';
  } | null;
  tpSlType: 'ORDER' | 'POSITION' | null;
  takeProfit: PythonTpSl | null;
  stopLoss: PythonTpSl | null;
  debuggingAmounts: { collateralAmount: string; feeAmount: string; syntheticAmount: string };
}

export interface PythonTpSl {
  triggerPrice: string;
  triggerPriceType: 'LAST' | 'MARK' | 'INDEX';
  price: string;
  priceType: 'LIMIT' | 'MARKET';
  settlement: { signature: { r: string; s: string }; starkKey: string; collateralPosition: string };
  debuggingAmounts: { collateralAmount: string; feeAmount: string; syntheticAmount: string };
}

export function vectorFiles(): string[] {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Python SDK fixtures (tests/fixtures/*.py) as our market/account/domain types. */
export function pythonSdkFixtures(file: PythonSdkOrderFile): {
  market: ExtendedMarketConfig;
  account: { vault: number; privateKey: string; publicKey: string };
  domain: StarknetDomain;
  nonce: number;
  fee: string;
} {
  const f = file.fixtures;
  const m = f.btc_usd_market;
  return {
    market: { name: m.name, tradingConfig: m.tradingConfig, l2Config: m.l2Config },
    account: {
      vault: f.trading_account.vault,
      privateKey: f.trading_account.private_key,
      publicKey: f.trading_account.public_key,
    },
    domain: {
      name: f.starknet_domain.name,
      version: f.starknet_domain.version,
      chainId: f.starknet_domain.chain_id,
      revision: f.starknet_domain.revision,
    },
    nonce: f.frozen_nonce,
    fee: f.default_taker_fee,
  };
}

const DECIMAL_FIELDS = new Set(['qty', 'price', 'triggerPrice', 'fee', 'builderFee']);

/**
 * The Python SDK body as it goes on the wire: `exclude_none` drops nulls, and decimal strings keep
 * the caller's formatting ("0.00100000", "49625.0") where we print the canonical form ("0.001",
 * "49625"). The values are equal; normalise them so the comparison is about values only.
 */
export function normalisePythonBody(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalisePythonBody(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = normalisePythonBody(v, k);
    return out;
  }
  if (typeof value === 'string' && key !== undefined && DECIMAL_FIELDS.has(key)) return canonicalDecimal(value);
  return value;
}

function canonicalDecimal(s: string): string {
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '' || t === '-' ? '0' : t;
}
