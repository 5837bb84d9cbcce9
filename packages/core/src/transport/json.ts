import { isSafeNumber, parse } from 'lossless-json';

/**
 * How JSON numbers are materialised.
 * - `'number'`: plain `JSON.parse`. Fastest; 19-digit ids and long decimals are silently rounded.
 * - `'string-unsafe'`: a numeral that a JS number cannot hold exactly (integers beyond 2^53, decimals
 *   with more digits than a double keeps, overflow) becomes its exact source text; others are numbers.
 * - `'string-all'`: every numeral is its exact source text (`"0.1"`, `"42"`), for payloads whose
 *   numbers all go to decimal.js / BigInt.
 */
export type JsonNumberMode = 'number' | 'string-unsafe' | 'string-all';

function keepUnsafeAsString(value: string): number | string {
  // Fast path: at most 15 significant digits and no exponent always round-trip through a double.
  if (value.length <= 15 && !value.includes('e') && !value.includes('E')) return Number(value);
  // `approx: false`: "0.10000000000000000001" must not collapse to 0.1.
  return isSafeNumber(value, { approx: false }) ? Number(value) : value;
}

function keepAllAsString(value: string): string {
  return value;
}

/**
 * Parses JSON text with the chosen number handling. Throws `SyntaxError` on invalid JSON
 * (callers map it to the error that fits their context).
 */
export function parseJson(text: string, numbers: JsonNumberMode = 'string-unsafe'): unknown {
  if (numbers === 'number') return JSON.parse(text);
  return parse(text, null, numbers === 'string-all' ? keepAllAsString : keepUnsafeAsString);
}
