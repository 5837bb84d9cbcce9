import { Decimal } from '@dn/core';

/** Colour hint for a value; the view decides the colour. */
export type Tone = 'pos' | 'neg' | 'warn' | 'plain' | 'dim';

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** "$12,000.50", "-$1.10"; `signed` adds "+" to positive values (PnL). */
export function usd(value: Decimal.Value, dp = 2, signed = false): string {
  const d = new Decimal(value);
  const [int, frac] = d.abs().toFixed(dp).split('.');
  const body = `$${(int ?? '0').replace(GROUP, ',')}${frac ? `.${frac}` : ''}`;
  const zero = new Decimal(d.abs().toFixed(dp)).isZero();
  if (d.isNeg() && !zero) return `-${body}`;
  return signed && !zero ? `+${body}` : body;
}

/** A fraction as a percent: 0.1234 → "12.34%"; `signed` adds "+". */
export function pct(fraction: Decimal.Value, dp = 2, signed = false): string {
  const d = new Decimal(fraction).mul(100);
  const s = d.toFixed(dp);
  return `${signed && d.gt(0) && !new Decimal(s).isZero() ? '+' : ''}${s}%`;
}

/** Positive green, negative red, zero plain. */
export function toneOf(value: Decimal.Value): Tone {
  const d = new Decimal(value);
  return d.gt(0) ? 'pos' : d.lt(0) ? 'neg' : 'plain';
}

/** A price or size shown to 8 significant digits, as the venues quote them. */
export function num(value: Decimal.Value): string {
  return new Decimal(value).toSignificantDigits(8).toString();
}

/** "3h05m", "2d04h" past two days. */
export function duration(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(m / 60);
  if (h >= 48) return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

/** "2026-01-05 12:00:00Z". */
export function clockText(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** "12:00:00" (UTC) for event and scan times. */
export function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
