import { type Balance, ceilToStep, Decimal, type Market } from '@dn/core';
import { type PairPositionSize, pairPositionSize } from '@dn/math';
import type { BotConfig, VenueName } from './config.js';
import { bandCapPct, expectedFundingPct } from './edge.js';
import type { Opportunity } from './scanner.js';
import type { CycleState } from './state.js';

/** Preference for the pilot leg: venues whose orders can rest silently go first (rotation.md, two_leg.py). */
const PILOT_ORDER: VenueName[] = ['lighter', 'edgex', 'extended', 'pacifica'];

/** Smallest size a market accepts at `price`: its minimum size, raised to its minimum notional where it has one. */
export function minSizeFor(m: Market, price: Decimal): Decimal {
  if (!m.minNotional) return m.minSize;
  return Decimal.max(m.minSize, ceilToStep(m.minNotional.div(price), m.lotSize));
}

/** One size for both legs that both venues accept (minimum size and notional) and both margins carry. */
export function sizeOpen(
  opp: Opportunity,
  m: { long: Market; short: Market },
  balances: { long: Balance; short: Balance },
  leverage: Decimal,
  config: BotConfig,
): PairPositionSize {
  return pairPositionSize({
    venueA: {
      price: opp.midLong,
      lotSize: m.long.lotSize,
      minSize: minSizeFor(m.long, opp.midLong),
      availableMargin: balances.long.availableMargin,
      leverage,
      takerFee: Decimal.max(m.long.takerFee, 0),
    },
    venueB: {
      price: opp.midShort,
      lotSize: m.short.lotSize,
      minSize: minSizeFor(m.short, opp.midShort),
      availableMargin: balances.short.availableMargin,
      leverage,
      takerFee: Decimal.max(m.short.takerFee, 0),
    },
    maxNotional: Decimal.min(
      config.notional_per_position,
      config.max_position_size_usd,
      config.max_notional ?? config.max_position_size_usd,
    ),
    safetyFactor: config.margin_usage,
  });
}

/**
 * The cycle about to be opened, with what it is expected to earn over the hold priced at entry (funding after the
 * haircut, taker fees in and out, slippage, exit buffer and basis), so the realised result can be compared with it.
 */
export function planCycle(
  opp: Opportunity,
  size: Decimal,
  leverage: Decimal,
  ids: { seq: number; now: number },
  config: BotConfig,
): CycleState {
  const pilotIsLong = PILOT_ORDER.indexOf(opp.long) <= PILOT_ORDER.indexOf(opp.short);
  const notional = size.mul(opp.midLong.plus(opp.midShort).div(2));
  // Rounded before the net is formed, so the recorded net is exactly funding − fees + price as written.
  const funding = expectedFundingPct(opp, config).div(100).mul(notional).toDecimalPlaces(6);
  const fees = opp.feesCost.mul(notional).toDecimalPlaces(6);
  const price = opp.slippageCost.plus(opp.basisCost).neg().mul(notional).toDecimalPlaces(6);
  return {
    id: `rb${ids.seq}x${ids.now.toString(36)}`,
    symbol: opp.symbol,
    phase: 'opening',
    step: 'planned',
    first: {
      venue: pilotIsLong ? opp.long : opp.short,
      side: pilotIsLong ? 'buy' : 'sell',
      clientOrderIds: [],
      size: '0',
    },
    second: {
      venue: pilotIsLong ? opp.short : opp.long,
      side: pilotIsLong ? 'sell' : 'buy',
      clientOrderIds: [],
      size: '0',
    },
    targetSize: size.toString(),
    startedAt: ids.now,
    expectedNetAprPct: opp.netApr.mul(100).toFixed(4),
    bandCapPct: bandCapPct(opp, config).toFixed(6),
    leverage: leverage.toString(),
    expected: {
      fundingUsd: funding.toFixed(6),
      feesUsd: fees.toFixed(6),
      pricePnlUsd: price.toFixed(6),
      netUsd: funding.minus(fees).plus(price).toFixed(6),
    },
  };
}
