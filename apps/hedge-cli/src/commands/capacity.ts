import { Decimal } from '@dn/core';
import { type PairPositionSize, pairPositionSize, type SizeLimit, type VenueSizeLimits } from '@dn/math';
import { pct, plain, table, usd } from '../format.js';
import { effectiveLeverage, legs, marketOf, minSizeAt, type PairContext, topOfBook } from '../pair.js';
import { type CommandResult, ok } from '../result.js';

/** Share of each account's available margin a pair may use (the rest absorbs price moves before the legs fill). */
export const SAFETY_FACTOR = new Decimal('0.95');

export interface Capacity {
  leverage: Decimal;
  venues: {
    venue: string;
    side: 'long' | 'short';
    availableMargin: Decimal;
    price: Decimal;
    lotSize: Decimal;
    minSize: Decimal;
    takerFee: Decimal;
    maxLeverage: Decimal;
  }[];
  /** The largest size both margins carry after fees, on both lots. */
  max: PairPositionSize;
  /** The config's `notional` sized the same way: what `open` without a size would send. */
  configured: PairPositionSize;
}

/** Sizing inputs of both legs (long first) at the effective leverage. */
export async function sizingInputs(
  ctx: PairContext,
): Promise<{ leverage: Decimal; limits: [VenueSizeLimits, VenueSizeLimits]; rows: Capacity['venues'] }> {
  const { symbol } = ctx.config;
  const read = await Promise.all(
    legs(ctx).map(async (leg) => {
      const [market, balance, book] = await Promise.all([
        marketOf(leg, symbol),
        leg.venue.getBalance(),
        topOfBook(leg, symbol),
      ]);
      return { leg, market, balance, book };
    }),
  );
  const [l, s] = read as [(typeof read)[0], (typeof read)[0]];
  const leverage = effectiveLeverage(ctx.config, l.market, s.market);
  const rows = read.map((r, i) => {
    // The long buys at the ask and the short sells at the bid: the price each leg's margin is posted at.
    const price = i === 0 ? r.book.ask : r.book.bid;
    return {
      venue: r.leg.name,
      side: i === 0 ? ('long' as const) : ('short' as const),
      availableMargin: r.balance.availableMargin,
      price,
      lotSize: r.market.lotSize,
      // Minimum notional included: a leg below it would be refused, leaving the other naked.
      minSize: minSizeAt(r.market, price),
      takerFee: r.market.takerFee,
      maxLeverage: r.market.maxLeverage,
    };
  });
  const limits = rows.map(
    (r): VenueSizeLimits => ({
      price: r.price,
      lotSize: r.lotSize,
      minSize: r.minSize,
      availableMargin: r.availableMargin,
      leverage,
      takerFee: r.takerFee,
    }),
  ) as [VenueSizeLimits, VenueSizeLimits];
  return { leverage, limits, rows };
}

export async function readCapacity(ctx: PairContext): Promise<Capacity> {
  const { leverage, limits, rows } = await sizingInputs(ctx);
  const [venueA, venueB] = limits;
  // No notional cap for the maximum: one larger than either margin can carry at this leverage never binds.
  const unbounded = rows
    .reduce((t, r) => t.plus(Decimal.max(r.availableMargin, 0)), new Decimal(1))
    .mul(leverage)
    .mul(2);
  const max = pairPositionSize({ venueA, venueB, maxNotional: unbounded, safetyFactor: SAFETY_FACTOR });
  const configured = pairPositionSize({
    venueA,
    venueB,
    maxNotional: ctx.config.notional,
    safetyFactor: SAFETY_FACTOR,
  });
  return { leverage, venues: rows, max, configured };
}

/**
 * `capacity`: the largest delta-neutral size the two accounts' margin allows at the effective leverage, after
 * entry and exit taker fees, floored to a size both venues' lots accept (@dn/math `pairPositionSize`).
 */
export async function capacityCommand(ctx: PairContext): Promise<CommandResult> {
  const cap = await readCapacity(ctx);
  const { symbol, quote } = ctx.config;
  const venueTable = table(
    ['venue', 'side', 'available margin', 'price', 'lot', 'min size', 'taker fee', 'max lev'],
    cap.venues.map((v) => [
      v.venue,
      v.side,
      usd(v.availableMargin),
      plain(v.price),
      plain(v.lotSize),
      plain(v.minSize),
      pct(v.takerFee, 3),
      `${v.maxLeverage.toFixed()}x`,
    ]),
  );
  const limit = (l: SizeLimit) =>
    l === 'venueA-margin'
      ? `${ctx.long.name} margin`
      : l === 'venueB-margin'
        ? `${ctx.short.name} margin`
        : 'the notional';
  const describe = (r: PairPositionSize, what: string) =>
    r.ok
      ? `${what}: ${r.size.toFixed()} ${symbol} per leg (${usd(r.notionalA)} long / ${usd(r.notionalB)} short), limited by ${limit(r.limitedBy)}`
      : `${what}: none — ${r.maxSize.toSignificantDigits(6).toFixed()} ${symbol} fits, both venues need at least ${r.minimumSize.toFixed()} (limited by ${limit(r.limitedBy)})`;
  const text = [
    `[${ctx.modeLabel}] delta-neutral capacity of ${symbol}/${quote}: long ${ctx.long.name}, short ${ctx.short.name}, ${cap.leverage.toFixed()}x` +
      (cap.leverage.lt(ctx.config.leverage) ? ` (configured ${ctx.config.leverage}x, capped by the market)` : ''),
    '',
    venueTable,
    '',
    `using ${pct(SAFETY_FACTOR, 0)} of each account's available margin, entry and exit taker fees reserved, sizes on the common lot`,
    describe(cap.max, 'max size'),
    describe(cap.configured, `config notional ${usd(ctx.config.notional)}`),
  ].join('\n');
  return ok({ command: 'capacity', symbol, ...cap }, text);
}
