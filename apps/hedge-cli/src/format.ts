import { Decimal } from '@dn/core';

/** A fixed-width text table: the first row is the header; numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-+]?\$?[\d.,]+[%x]?$|^–$/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Dollar amount with 2 decimals (more when small). */
export function usd(d: Decimal | undefined): string {
  if (d === undefined) return '–';
  const places = d.abs().lt(1) && !d.isZero() ? 4 : 2;
  return `${d.isNegative() ? '-' : ''}$${d.abs().toFixed(places)}`;
}

/** A fraction as a percentage: 0.0123 → "1.23%". */
export function pct(fraction: Decimal | undefined, places = 2): string {
  return fraction === undefined ? '–' : `${fraction.mul(100).toFixed(places)}%`;
}

/** A per-interval funding rate as a percentage with enough places to be readable (0.0000125 → "0.00125%"). */
export function ratePct(rate: Decimal): string {
  return `${rate.mul(100).toSignificantDigits(4).toFixed()}%`;
}

export function plain(d: Decimal | undefined): string {
  return d === undefined ? '–' : d.toFixed();
}

export const iso = (ms: number | undefined): string =>
  ms === undefined ? '–' : new Date(ms).toISOString().replace('.000Z', 'Z');

/** JSON of a result: Decimals as strings (exact), everything else as is. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Decimal ? v.toFixed() : v), 2);
}
