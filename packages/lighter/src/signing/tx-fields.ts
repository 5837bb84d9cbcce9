/**
 * The signed tx types: their fields (PascalCase, exactly the Go struct / tx_info JSON names), Go
 * integer types, and parsing of user input into bigints.
 *
 * Integers may be given as `number` (must be a safe integer, |x| ≤ 2^53 − 1) or `bigint`. Use
 * bigint for values that can exceed 2^53: exchange order indexes (up to 2^60 − 1) in
 * CancelOrder/ModifyOrder `Index`; everything else (amounts < 2^48, prices < 2^32, ms timestamps,
 * nonces, client order indexes < 2^48) fits a number.
 */

import { InvalidInputError } from '@dn/core';
import { TX_TYPE } from './constants.js';

export type IntLike = number | bigint;

/** `L2TxAttributes`: attribute type ("1".."7", see TX_ATTRIBUTE) → value. null/omitted = none. */
export type L2TxAttributes = Readonly<Record<string, IntLike>>;

interface CommonFields {
  /** int64; −1 … 2^48 − 2. */
  AccountIndex: IntLike;
  /** uint8; 0 … 254 (255 = nil, CancelAllOrders only). */
  ApiKeyIndex: IntLike;
  /** int64; tx deadline in ms since epoch (≤ 2^48 − 1). */
  ExpiredAt: IntLike;
  /** int64; per (account, api key) nonce (or a ms timestamp with the SKIP_TX_NONCE attribute). */
  Nonce: IntLike;
  L2TxAttributes?: L2TxAttributes | null;
}

export interface CreateOrderFields extends CommonFields {
  /** int16; perps 0…254, spot 2048…4094. */
  MarketIndex: IntLike;
  /** int64; 0 = none, else 1 … 2^48 − 1. */
  ClientOrderIndex: IntLike;
  /** int64; size × 10^size_decimals, 1 … 2^48 − 1 (0 only with ReduceOnly). */
  BaseAmount: IntLike;
  /** uint32; price × 10^price_decimals (worst acceptable price for market orders). */
  Price: IntLike;
  /** uint8; 0 buy, 1 sell. */
  IsAsk: IntLike;
  /** uint8; ORDER_TYPE. */
  Type: IntLike;
  /** uint8; TIME_IN_FORCE. */
  TimeInForce: IntLike;
  /** uint8; 0/1. */
  ReduceOnly: IntLike;
  /** uint32; 0 unless a stop/take-profit order. */
  TriggerPrice: IntLike;
  /** int64; ms timestamp, 0 for IOC. */
  OrderExpiry: IntLike;
}

export interface CancelOrderFields extends CommonFields {
  MarketIndex: IntLike;
  /** int64; client order index (< 2^48) or exchange order index (2^48 … 2^60 − 1): use bigint above 2^53. */
  Index: IntLike;
}

export interface CancelAllOrdersFields extends CommonFields {
  /** uint8; CANCEL_ALL_TIME_IN_FORCE. */
  TimeInForce: IntLike;
  /** int64; ms timestamp for a scheduled cancel-all, else 0. */
  Time: IntLike;
}

export interface ModifyOrderFields extends CommonFields {
  MarketIndex: IntLike;
  /** int64; client or exchange order index of the order to modify. */
  Index: IntLike;
  BaseAmount: IntLike;
  Price: IntLike;
  TriggerPrice: IntLike;
}

export interface UpdateLeverageFields extends CommonFields {
  MarketIndex: IntLike;
  /** uint16; 10000 / leverage, 1 … 10000. */
  InitialMarginFraction: IntLike;
  /** uint8; MARGIN_MODE. */
  MarginMode: IntLike;
}

export interface TxFieldsByType {
  14: CreateOrderFields;
  15: CancelOrderFields;
  16: CancelAllOrdersFields;
  17: ModifyOrderFields;
  20: UpdateLeverageFields;
}

export type SupportedTxType = keyof TxFieldsByType;

type GoInt = 'int64' | 'int16' | 'uint8' | 'uint16' | 'uint32';

const RANGES: Record<GoInt, readonly [bigint, bigint]> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 0xffffffffn],
};

/**
 * Per tx type: the fields between ApiKeyIndex and ExpiredAt, in Go declaration order, which is
 * both the tx_info JSON order and the hash preimage order.
 */
const BODY: Record<SupportedTxType, readonly (readonly [string, GoInt])[]> = {
  [TX_TYPE.CREATE_ORDER]: [
    ['MarketIndex', 'int16'],
    ['ClientOrderIndex', 'int64'],
    ['BaseAmount', 'int64'],
    ['Price', 'uint32'],
    ['IsAsk', 'uint8'],
    ['Type', 'uint8'],
    ['TimeInForce', 'uint8'],
    ['ReduceOnly', 'uint8'],
    ['TriggerPrice', 'uint32'],
    ['OrderExpiry', 'int64'],
  ],
  [TX_TYPE.CANCEL_ORDER]: [
    ['MarketIndex', 'int16'],
    ['Index', 'int64'],
  ],
  [TX_TYPE.CANCEL_ALL_ORDERS]: [
    ['TimeInForce', 'uint8'],
    ['Time', 'int64'],
  ],
  [TX_TYPE.MODIFY_ORDER]: [
    ['MarketIndex', 'int16'],
    ['Index', 'int64'],
    ['BaseAmount', 'int64'],
    ['Price', 'uint32'],
    ['TriggerPrice', 'uint32'],
  ],
  [TX_TYPE.UPDATE_LEVERAGE]: [
    ['MarketIndex', 'int16'],
    ['InitialMarginFraction', 'uint16'],
    ['MarginMode', 'uint8'],
  ],
};

/** A tx with every integer as bigint, attribute keys as numbers, in Go field order. */
export interface ParsedTx {
  txType: SupportedTxType;
  /** [name, value] in tx_info JSON order, without Sig and L2TxAttributes. */
  fields: [string, bigint][];
  /** Named access to the same values. */
  get: (name: string) => bigint;
  /** Attribute type → value, as given (nil values included, as Go serialises them); null if none. */
  attributes: Map<number, bigint> | null;
}

const ATTRIBUTE_TYPES = 7;

export function isSupportedTxType(txType: unknown): txType is SupportedTxType {
  return typeof txType === 'number' && Object.hasOwn(BODY, txType);
}

export function parseInteger(value: unknown, field: string, type: GoInt): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
  else {
    throw new InvalidInputError(`Lighter tx field ${field} must be an integer`, {
      field,
      value: typeof value === 'number' ? value : typeof value,
      expected: `${type} as a bigint, or a number that is a safe integer`,
      venue: 'lighter',
    });
  }
  const [min, max] = RANGES[type];
  if (v < min || v > max) {
    throw new InvalidInputError(`Lighter tx field ${field} is out of the ${type} range`, {
      field,
      value: v.toString(),
      expected: `${min} … ${max}`,
      venue: 'lighter',
    });
  }
  return v;
}

function parseAttributes(value: unknown): Map<number, bigint> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError('L2TxAttributes must be an object or null', {
      field: 'L2TxAttributes',
      value: typeof value,
      expected: 'e.g. {"4": 1}',
      venue: 'lighter',
    });
  }
  const attrs = new Map<number, bigint>();
  for (const [key, raw] of Object.entries(value)) {
    const type = /^[1-9]$/.test(key) ? Number(key) : Number.NaN;
    if (!(type >= 1 && type <= ATTRIBUTE_TYPES)) {
      throw new InvalidInputError('Unknown L2TxAttributes type', {
        field: `L2TxAttributes.${key}`,
        expected: 'a key "1" … "7" (TX_ATTRIBUTE)',
        venue: 'lighter',
      });
    }
    attrs.set(type, parseInteger(raw, `L2TxAttributes.${key}`, 'int64'));
  }
  return attrs.size === 0 ? null : new Map([...attrs].sort((a, b) => a[0] - b[0]));
}

/**
 * Checks and converts tx_info fields. Every field of the tx type is required and unknown fields
 * are refused (a misspelt field would otherwise be signed as 0). `Sig` is ignored when
 * `allowSig` (so a received tx_info can be re-hashed).
 */
export function parseTx(txType: unknown, fields: unknown, allowSig: boolean): ParsedTx {
  if (!isSupportedTxType(txType)) {
    throw new InvalidInputError('Unsupported Lighter tx type', {
      field: 'txType',
      value: typeof txType === 'number' ? txType : typeof txType,
      expected: 'CreateOrder 14, CancelOrder 15, CancelAllOrders 16, ModifyOrder 17 or UpdateLeverage 20',
      venue: 'lighter',
    });
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new InvalidInputError('Lighter tx fields must be an object', {
      field: 'fields',
      value: typeof fields,
      venue: 'lighter',
    });
  }
  const record = fields as Record<string, unknown>;
  const layout: (readonly [string, GoInt])[] = [
    ['AccountIndex', 'int64'],
    ['ApiKeyIndex', 'uint8'],
    ...BODY[txType],
    ['ExpiredAt', 'int64'],
    ['Nonce', 'int64'],
  ];
  const known = new Set(layout.map(([name]) => name));
  known.add('L2TxAttributes');
  if (allowSig) known.add('Sig');
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      throw new InvalidInputError(`Unknown field ${key} for Lighter tx type ${txType}`, {
        field: key,
        expected: [...known].join(', '),
        venue: 'lighter',
      });
    }
  }
  const parsed: [string, bigint][] = layout.map(([name, type]) => {
    if (!(name in record) || record[name] === undefined) {
      throw new InvalidInputError(`Missing field ${name} for Lighter tx type ${txType}`, {
        field: name,
        expected: type,
        venue: 'lighter',
      });
    }
    return [name, parseInteger(record[name], name, type)];
  });
  const byName = new Map(parsed);
  return {
    txType,
    fields: parsed,
    get: (name) => {
      const v = byName.get(name);
      if (v === undefined) throw new Error(`internal: tx type ${txType} has no field ${name}`);
      return v;
    },
    attributes: parseAttributes(record['L2TxAttributes']),
  };
}
