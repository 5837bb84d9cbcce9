import type { Decimal } from '@dn/core';

/** A number written into JSON exactly as its decimal text (`jsonNumber`), never through a JS float. */
export class JsonNumeral {
  constructor(readonly text: string) {}
}

/**
 * `d` as a bare JSON number with its exact digits, for the fields a venue sends as numbers (Lighter's prices,
 * volumes, rates): the simulator's money stays decimal on the way out, and the connectors' lossless parsing is
 * what reads it.
 */
export function jsonNumber(d: Decimal): JsonNumeral {
  return new JsonNumeral(d.toFixed());
}

/**
 * JSON.stringify that writes bigint values as bare JSON numbers, as venues do for 19-digit ids, and `jsonNumber`
 * values as bare numbers with their exact digits (so the connectors' lossless parsing is exercised for real).
 */
export function stringifyJson(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint' || v instanceof JsonNumeral) {
      marks.push(typeof v === 'bigint' ? v.toString() : v.text);
      return `__NUMERAL_${marks.length - 1}__`;
    }
    return v;
  });
  if (marks.length === 0) return text;
  return text.replace(/"__NUMERAL_(\d+)__"/g, (_m, i: string) => marks[Number(i)] as string);
}
