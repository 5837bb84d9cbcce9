import { Decimal } from '@dn/core';
import type { CompletedCycle } from './state.js';

export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** " (expected at entry …; gap …)" for a cycle that had an expectation, '' otherwise. */
export function expectedText(c: CompletedCycle): string {
  const e = c.expected;
  if (!e) return '';
  const f = (v: string) => new Decimal(v).toFixed(4);
  return ` (expected at entry: funding $${f(e.fundingUsd)}, fees $${f(e.feesUsd)}, price $${f(e.pricePnlUsd)}, net $${f(e.netUsd)}; gap $${new Decimal(c.netUsd).minus(e.netUsd).toFixed(4)})`;
}
