import { InvalidInputError } from '@dn/core';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `72h`, `30d` (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string, field = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) {
    throw new InvalidInputError(`${field} must look like 90s, 15m, 72h or 30d`, {
      field,
      value: text,
      expected: '<number><ms|s|m|h|d>',
    });
  }
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 's'] as number));
}
