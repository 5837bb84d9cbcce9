import { Decimal, type PerpVenue } from '@dn/core';
import type { VenueName } from './config.js';

export type LeverageReadBack =
  /** `unverified`: venues that could not say (no `getLeverage` in their connector, or no answer for the market). */
  | { ok: true; unverified: Array<{ name: VenueName; why: string }> }
  /** `rest`: the venue applied another leverage (it will again): the pair rests like after an aborted open. */
  | { ok: false; reason: string; rest: boolean };

/**
 * Venues round a leverage through their own units (Lighter keeps an initial-margin fraction in basis points: 3× reads
 * back as 3.0003×): within this relative difference the leverage is the one asked for.
 */
const TOLERANCE = new Decimal('0.001');

/**
 * After `setLeverage`, the leverage each venue says it applies to `symbol`, where the venue can be asked
 * (`PerpVenue.getLeverage`). A venue that capped or ignored the change would carry the position at another margin
 * than the one sized for, and the margin stop-loss would be judged at the wrong leverage: the open is refused before
 * any order leaves. A failed read refuses this open only (the next scan asks again).
 */
export async function leverageReadBack(
  legs: ReadonlyArray<{ name: VenueName; venue: PerpVenue }>,
  symbol: string,
  wanted: Decimal,
): Promise<LeverageReadBack> {
  const reads = await Promise.all(
    legs.map(async ({ name, venue }) => {
      if (!venue.getLeverage) {
        return { name, got: undefined, why: 'its connector cannot read leverage (no PerpVenue.getLeverage)' };
      }
      try {
        const got = await venue.getLeverage(symbol);
        return { name, got, ...(got ? {} : { why: `the venue did not report a leverage for ${symbol}` }) };
      } catch (e) {
        return { name, error: (e as Error).message.split('\n')[0] ?? String(e) };
      }
    }),
  );
  for (const r of reads) {
    if ('error' in r) {
      return {
        ok: false,
        rest: false,
        reason: `leverage on ${r.name} could not be read back (${r.error}); not opened`,
      };
    }
    if (r.got?.minus(wanted).abs().gt(wanted.mul(TOLERANCE))) {
      return {
        ok: false,
        rest: true,
        reason: `leverage on ${r.name} reads back ${r.got.toString()}× after asking ${wanted.toString()}×; not opened`,
      };
    }
  }
  const unverified = reads.flatMap((r) => ('why' in r && r.why ? [{ name: r.name, why: r.why }] : []));
  return { ok: true, unverified };
}
