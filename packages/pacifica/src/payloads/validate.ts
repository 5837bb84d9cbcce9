import { type Decimal, type DecimalInput, InvalidInputError, toDecimal } from '@dn/core';

export type PacificaSide = 'bid' | 'ask';

/** An order id as the venue assigns it; bigint is accepted for ids beyond 2^53. */
export type PacificaOrderId = number | bigint;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

function invalid(shortMessage: string, field: string, value: unknown, expected: string): InvalidInputError {
  return new InvalidInputError(shortMessage, { field, value, expected, venue: 'pacifica' });
}

/**
 * Canonical plain-notation string of a positive decimal (`"0.0000001"`, never `"1e-7"`).
 * Trailing zeros are dropped; the venue accepts either form but the string is what gets signed.
 * Parsing is core's `toDecimal`: a fractional JS number is refused (it may already carry binary rounding error).
 */
export function positiveDecimalString(value: DecimalInput, field: string): string {
  let d: Decimal;
  try {
    d = toDecimal(typeof value === 'string' ? value.trim() : value, field);
  } catch {
    throw invalid(`${field} must be a decimal string or Decimal`, field, value, 'e.g. "0.1" or new Decimal("0.1")');
  }
  if (!d.isFinite() || d.lte(0)) throw invalid(`${field} must be positive`, field, d.toString(), '> 0');
  return d.toFixed();
}

export function symbol(value: unknown, field = 'symbol'): string {
  if (typeof value !== 'string' || !SYMBOL.test(value)) {
    throw invalid('Symbol must be a Pacifica market id', field, value, 'e.g. "BTC", "kBONK" (case sensitive)');
  }
  return value;
}

export function side(value: unknown, field = 'side'): PacificaSide {
  if (value !== 'bid' && value !== 'ask') throw invalid('Side must be bid or ask', field, value, '"bid" | "ask"');
  return value;
}

export function clientOrderId(value: unknown, field = 'clientOrderId'): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw invalid('Client order id must be a UUID', field, value, 'e.g. crypto.randomUUID()');
  }
  return value;
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${field} must be a boolean`, field, value, 'true | false');
  return value;
}

/** Safe-range ids become numbers so the body stays `JSON.stringify`-able; larger ones stay bigint. */
export function orderId(value: unknown, field = 'orderId'): PacificaOrderId {
  if (typeof value === 'bigint' && value > 0n) {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw invalid('Order id must be a positive integer', field, value, 'a safe integer or a bigint');
}

export function integerInRange(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be an integer in [${min}, ${max}]`, field, value, `integer ${min}..${max}`);
  }
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${field} is not one of the allowed values`, field, value, allowed.join(' | '));
  }
  return value as T;
}

/** Exactly one of an order id and a client order id identifies the order. */
export function orderRef(params: { orderId?: PacificaOrderId; clientOrderId?: string }): {
  order_id?: PacificaOrderId;
  client_order_id?: string;
} {
  const hasId = params.orderId !== undefined;
  const hasCloid = params.clientOrderId !== undefined;
  if (hasId === hasCloid) {
    throw invalid('Give exactly one of orderId and clientOrderId', 'orderId', undefined, 'orderId xor clientOrderId');
  }
  return hasId ? { order_id: orderId(params.orderId) } : { client_order_id: clientOrderId(params.clientOrderId) };
}

/** A market-order band must be a fraction in (0, 1); the venue gets it as a percentage. */
export function slippageFraction(band: Decimal, field: string): Decimal {
  if (!band.gt(0) || !band.lt(1))
    throw invalid(`${field} must be a fraction in (0, 1)`, field, band.toString(), 'e.g. "0.005" for 0.5 %');
  return band;
}
