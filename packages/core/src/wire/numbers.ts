import { z } from 'zod';
import { Decimal } from '../types/decimal.js';

/*
 * zod schemas for the numbers venues send, shared by every connector's wire.ts. JSON is parsed losslessly upstream
 * (every numeral keeps its source text), so a price arrives as a string or a numeral and becomes an exact Decimal, and a
 * 19-digit id never passes through a JS number.
 */

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_RE = /^[+-]?\d+$/;

/** A numeral as its trimmed source text (venues send the same field as a string on one endpoint, a number on another). */
const numeral = z.union([z.string(), z.number(), z.bigint()]).transform((v) => String(v).trim());

/**
 * Decimal string or numeral → its checked text, no Decimal made: for hot paths that hand the text on (an order
 * book's levels are converted straight to scaled integers).
 */
export const zDecimalText = numeral.pipe(z.string().regex(DECIMAL_RE, 'expected a decimal number'));

/** Decimal string or numeral → Decimal. */
export const zDecimal = zDecimalText.transform((s) => new Decimal(s));

/** Integer id (bare number or string, any size) → canonical decimal string. */
export const zId = numeral
  .pipe(z.string().regex(INTEGER_RE, 'expected an integer id'))
  .transform((s) => BigInt(s).toString());

/** Safe integer (epoch ms, counts) → number; out-of-range values are an issue, never a rounded number. */
export const zInt = numeral.pipe(z.string().regex(INTEGER_RE, 'expected an integer')).transform((s, ctx) => {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    ctx.issues.push({ code: 'custom', message: 'integer out of the safe range', input: s });
    return z.NEVER;
  }
  return n;
});

/** Arbitrary-size integer (scaled amounts, resolutions) → bigint. */
export const zBigInt = numeral.pipe(z.string().regex(INTEGER_RE, 'expected an integer')).transform((s) => BigInt(s));

/**
 * A list the venue sends as `null` (or omits) when it is empty. Never use it for positions: a missing positions list
 * is an unknown account state, not "flat".
 */
export function zNullableList<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);
}
