import { Decimal, type FundingRate, type Position } from '@dn/core';
import { pairFundingApr } from '@dn/math';
import type { BotConfig } from './config.js';
import { expectedApr } from './edge.js';
import type { CycleState } from './state.js';

const HUNDRED = new Decimal(100);

/** Stop-loss threshold as a percent of the pair's notional, honouring the seed-compatible `stop_loss_percent`. */
export function stopLossPctOfNotional(config: BotConfig): Decimal {
  return config.stop_loss_pct_of_notional ?? config.stop_loss_percent ?? new Decimal(20);
}

/**
 * Stop-loss on the PAIR (B4): for a hedged pair one leg's loss is the other's gain, so only the sum of both legs'
 * unrealised PnL can say the trade is losing. Two forms: percent of the pair's notional (one leg's), and — only when
 * `stop_loss_pct_of_margin` is set — percent of the margin posted at the effective leverage (what the venue
 * reports, else the leverage actually set: the configured one capped by the market), never the configured one.
 * Returns the reason text when hit.
 */
export function pairStopLoss(
  first: Position,
  second: Position,
  config: BotConfig,
  leverageSet: Decimal,
): string | undefined {
  if (!config.enable_stop_loss) return undefined;
  const loss = first.unrealizedPnl.plus(second.unrealizedPnl).neg();
  if (loss.lte(0)) return undefined;
  const notional = Decimal.max(first.notional, second.notional);
  if (notional.isZero()) return undefined;
  const pctOfNotional = loss.div(notional).mul(HUNDRED);
  const limit = stopLossPctOfNotional(config);
  if (pctOfNotional.gt(limit)) return `pair loss ${pctOfNotional.toFixed(2)}% of notional > ${limit}%`;
  if (config.stop_loss_pct_of_margin) {
    const margin = first.notional
      .div(effectiveLeverage(first, leverageSet))
      .plus(second.notional.div(effectiveLeverage(second, leverageSet)));
    const pctOfMargin = loss.div(margin).mul(HUNDRED);
    if (pctOfMargin.gt(config.stop_loss_pct_of_margin)) {
      return `pair loss ${pctOfMargin.toFixed(2)}% of margin > ${config.stop_loss_pct_of_margin}%`;
    }
  }
  return undefined;
}

/**
 * Liquidation guard: the leg whose mark is nearer its liquidation price than `min_liquidation_distance_pct`, as
 * reason text. A leg the venue reports no liquidation price for (null/undefined) cannot trigger it.
 */
export function liquidationGuard(
  legs: Array<{ venue: string; position: Position }>,
  config: BotConfig,
): string | undefined {
  for (const { venue, position } of legs) {
    const liq = position.liquidationPrice;
    const mark = position.markPrice;
    if (!liq || liq.lte(0) || mark.lte(0)) continue;
    const distancePct = mark.minus(liq).abs().div(mark).mul(HUNDRED);
    if (distancePct.lt(config.min_liquidation_distance_pct)) {
      return `${venue} leg ${distancePct.toFixed(2)}% from liquidation (mark ${mark}, liquidation ${liq}) < ${config.min_liquidation_distance_pct}%`;
    }
  }
  return undefined;
}

function effectiveLeverage(p: Position, leverageSet: Decimal): Decimal {
  return p.leverage?.gt(0) ? p.leverage : leverageSet;
}

/**
 * The pair's live funding APR with the same haircut as entry (B5): a reading is one noisy sample (Pacifica's is an
 * intra-hour estimate), and a spread that mean-reverts on the way up does so on the way down too.
 */
export function expectedPairAprPct(
  cycle: CycleState,
  fFirst: FundingRate,
  fSecond: FundingRate,
  config: BotConfig,
  now: number,
): Decimal {
  const long = cycle.first.side === 'buy' ? fFirst : fSecond;
  const short = cycle.first.side === 'buy' ? fSecond : fFirst;
  const gross = pairFundingApr({
    long: { rate: long.rate, intervalHours: long.intervalHours },
    short: { rate: short.rate, intervalHours: short.intervalHours },
  }).apr;
  // Over what is left of the hold (at least an hour): a negative spread decays like a positive one.
  const elapsedH = new Decimal(now - (cycle.openedAt ?? now)).div(3_600_000);
  const left = Decimal.max(config.hold_duration_hours.minus(elapsedH), 1);
  return expectedApr(gross, left, config).mul(HUNDRED);
}

/**
 * Counts consecutive readings below `funding_flip_close_apr_pct`; the exit fires only after
 * `funding_flip_confirmations` of them in a row. Returns the new count.
 */
export function flipStreak(previous: number, aprPct: Decimal, config: BotConfig): number {
  return aprPct.lt(config.funding_flip_close_apr_pct) ? previous + 1 : 0;
}
