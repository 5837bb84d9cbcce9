import {
  Decimal,
  errorSummary,
  type FundingPayment,
  type FundingRate,
  type FundingRecord,
  type Logger,
  type PerpVenue,
  type Position,
} from '@dn/core';
import type { LegVenue } from '@dn/execution';
import type { BotConfig, VenueName } from './config.js';
import { expectedPairAprPct, flipStreak, liquidationGuard, pairStopLoss } from './exit-rules.js';
import type { FundingWatch } from './funding-check.js';
import type { CycleState } from './state.js';

export type HoldVerdict =
  | { action: 'reconcile'; why: string }
  | { action: 'closed_externally' }
  | { action: 'close'; reason: string; detail?: string }
  | { action: 'hold' };

export interface HoldCheck {
  verdict: HoldVerdict;
  positions: Array<[LegVenue<VenueName>, Position[]]>;
}

/**
 * One check of a held pair: both legs present, on their sides and equal within tolerance (else reconcile); then the
 * hold time, the pair's stop-loss and the funding-flip exit; and the funding reality check of any new payment.
 */
export async function checkHold(
  cycle: CycleState,
  legs: { first: LegVenue<VenueName>; second: LegVenue<VenueName> },
  deps: {
    config: BotConfig;
    now: number;
    /** The clock, to stamp rates when they were read (not when the check began). Default: `now`. */
    clock?: () => number;
    log: Logger;
    funding: FundingWatch;
    alert: (line: string) => void;
  },
): Promise<HoldCheck> {
  const c = deps.config;
  const [pFirst, pSecond] = await Promise.all([legs.first.venue.getPositions(), legs.second.venue.getPositions()]);
  const positions: Array<[LegVenue<VenueName>, Position[]]> = [
    [legs.first, pFirst],
    [legs.second, pSecond],
  ];
  const first = pFirst.find((p) => p.symbol === cycle.symbol);
  const second = pSecond.find((p) => p.symbol === cycle.symbol);
  const sizeFirst = first?.size ?? new Decimal(0);
  const sizeSecond = second?.size ?? new Decimal(0);
  // A leg on the wrong side (a manual trade, a venue's bad answer) is never "within tolerance": reconcile halts (B11).
  const wrongSide = (size: Decimal, side: 'buy' | 'sell') => !size.isZero() && size.gt(0) !== (side === 'buy');
  if (wrongSide(sizeFirst, cycle.first.side) || wrongSide(sizeSecond, cycle.second.side)) {
    return {
      verdict: { action: 'reconcile', why: `a leg is on the wrong side (${sizeFirst}, ${sizeSecond})` },
      positions,
    };
  }
  const drift = sizeFirst.abs().minus(sizeSecond.abs()).abs();
  const tolerance = Decimal.max(sizeFirst.abs(), sizeSecond.abs()).mul(c.hedge_tolerance_pct).div(100);
  if (drift.gt(tolerance) || (drift.gt(0) && (sizeFirst.isZero() || sizeSecond.isZero()))) {
    // A leg changed under us (partial liquidation, manual action): reconcile brings the pair back to equal or flat.
    return { verdict: { action: 'reconcile', why: `legs drifted apart (${sizeFirst}, ${sizeSecond})` }, positions };
  }
  if (sizeFirst.isZero() || !first || !second) return { verdict: { action: 'closed_externally' }, positions };

  const [fFirst, fSecond] = await Promise.all([
    legs.first.venue.getFunding(cycle.symbol).catch(() => undefined),
    legs.second.venue.getFunding(cycle.symbol).catch(() => undefined),
  ]);
  const readAt = deps.clock?.() ?? deps.now;
  await checkPayments(
    cycle,
    [
      [legs.first, first, fFirst],
      [legs.second, second, fSecond],
    ],
    { ...deps, readAt },
  );

  // Before anything else: a leg near liquidation is closed now, whatever the pair's PnL says.
  const nearLiq = liquidationGuard(
    [
      { venue: legs.first.name, position: first },
      { venue: legs.second.name, position: second },
    ],
    c,
  );
  if (nearLiq) {
    deps.log.error({ cycle: cycle.id, why: nearLiq }, 'liquidation guard: closing the pair');
    return { verdict: { action: 'close', reason: 'liquidation_guard', detail: nearLiq }, positions };
  }
  if (deps.now >= (cycle.openedAt ?? deps.now) + c.hold_duration_hours.mul(3_600_000).toNumber()) {
    return { verdict: { action: 'close', reason: 'hold_elapsed' }, positions };
  }
  const hit = pairStopLoss(first, second, c, new Decimal(cycle.leverage ?? c.leverage));
  if (hit) {
    deps.log.warn({ cycle: cycle.id, why: hit }, 'stop-loss');
    return { verdict: { action: 'close', reason: 'stop_loss' }, positions };
  }
  if (fFirst && fSecond) {
    const apr = expectedPairAprPct(cycle, fFirst, fSecond, c, deps.now);
    cycle.flipReadings = flipStreak(cycle.flipReadings ?? 0, apr, c);
    if (cycle.flipReadings > 0) {
      deps.log.info(
        { cycle: cycle.id, aprPct: apr.toFixed(2), readings: cycle.flipReadings },
        'funding below the flip threshold',
      );
    }
    if (cycle.flipReadings >= c.funding_flip_confirmations) {
      return { verdict: { action: 'close', reason: 'funding_flipped' }, positions };
    }
  }
  return { verdict: { action: 'hold' }, positions };
}

/** Notes the rates just read and judges every funding payment settled since the last check. */
async function checkPayments(
  cycle: CycleState,
  legs: Array<[LegVenue<VenueName>, Position, FundingRate | undefined]>,
  deps: { readAt: number; log: Logger; funding: FundingWatch; alert: (line: string) => void },
): Promise<void> {
  for (const [leg, position, rate] of legs) {
    if (rate) {
      deps.funding.noteRate(leg.name, cycle.symbol, rate.rate, rate.intervalHours, deps.readAt, position.markPrice);
    }
    try {
      const since = deps.funding.since(leg.name, cycle.symbol, cycle.openedAt ?? cycle.startedAt);
      const payments = await leg.venue.getFundingPayments({ symbol: cycle.symbol, since });
      const settled = await settledRates(leg.venue, cycle.symbol, payments).catch((e: unknown) => {
        deps.log.warn(
          { venue: leg.name, err: errorSummary(e) },
          'settled funding rates not readable; payments judged against the rates read',
        );
        return [];
      });
      const { verdicts, alert } = deps.funding.judge(
        leg.name,
        cycle.symbol,
        payments,
        position.size,
        position.markPrice,
        settled,
      );
      for (const v of verdicts) {
        deps.log.info(
          {
            venue: v.venue,
            symbol: v.symbol,
            actual: v.actual.toString(),
            predicted: v.predicted.toSignificantDigits(6).toString(),
            ratio: v.ratio.toSignificantDigits(3).toString(),
            basis: v.basis,
            wrong: v.wrong,
          },
          'funding payment vs prediction',
        );
      }
      if (alert) deps.alert(alert);
    } catch (e) {
      deps.log.warn({ venue: leg.name, err: errorSummary(e) }, 'funding payments not readable; checked next time');
    }
  }
}

/** Margin around the payments' times when asking for the settled rates (venues stamp them seconds apart). */
const SETTLED_MARGIN_MS = 5 * 60_000;
/** Pages of settled rates read per check at most (a restart after days has many payments to judge). */
const SETTLED_PAGES = 10;

/** The market's settled rates over the payments' times, oldest first; empty when the venue does not publish them. */
async function settledRates(venue: PerpVenue, symbol: string, payments: FundingPayment[]): Promise<FundingRecord[]> {
  if (!venue.getFundingHistory || payments.length === 0) return [];
  const times = payments.map((p) => p.timestamp);
  const newest = Math.max(...times);
  const until = newest + SETTLED_MARGIN_MS;
  let since = Math.min(...times) - SETTLED_MARGIN_MS;
  const out: FundingRecord[] = [];
  for (let page = 0; page < SETTLED_PAGES && since <= until; page++) {
    const records = await venue.getFundingHistory({ symbol, since, until });
    out.push(...records);
    const last = records[records.length - 1];
    // Done when the newest payment's settlement is covered (or the venue has nothing more yet).
    if (!last || last.time < since || last.time >= newest) break;
    since = last.time + 1;
  }
  return out;
}
