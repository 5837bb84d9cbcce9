import { Decimal } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { makerSummary } from '../src/report.js';
import { newMaker, simSession } from './sim-session.js';

/** Pacifica's simulated market charges makers 0.015 %: a fee line that is not zero without an override. */
async function session(feesOverride?: Record<string, unknown>) {
  const { clock, engine } = simSession({ venue: 'pacifica' });
  const config = marketMakerConfigSchema.parse({
    venue: 'pacifica',
    dead_mans_switch_sec: 0,
    risk: { max_net_position_usd: 600, max_open_orders: 10, min_balance_usd: 100 },
    markets: { ETH: { base_spread: 0.0002, K: 0, quote_notional_cap_usd: 200, min_order_size: 0.01 } },
    ...(feesOverride ? { fees_override: feesOverride } : {}),
  });
  const maker = newMaker({
    venue: new EngineVenue(engine, 'mm'),
    clock,
    config,
  });
  await maker.start();
  for (let i = 0; i < 4 * 300; i++) await clock.advance(250);
  await maker.stop({ cancelAll: true });
  engine.stop();
  const fills = engine.fills('mm', { symbol: 'ETH' });
  const run = maker.runs.get('ETH')!;
  return { engine, fills, run, maker };
}

const notional = (fills: { price: Decimal; size: Decimal }[]) =>
  fills.reduce((a, f) => a.plus(f.price.mul(f.size)), new Decimal(0));

describe('fees_override', () => {
  it('absent: the fee line is the venue’s fees (its market maker fee)', async () => {
    const { engine, fills, run, maker } = await session();
    expect(fills.length).toBeGreaterThan(5);
    expect(fills.every((f) => f.liquidity === 'maker')).toBe(true);
    const makerFee = engine.market('ETH').makerFee;
    expect(makerFee.gt(0)).toBe(true);
    const charged = fills.reduce((a, f) => a.plus(f.fee), new Decimal(0));
    expect(run.pnl.split().fees.eq(charged.neg())).toBe(true);
    // The venue rounds each fee up to the cent at most: the line is the market's maker rate on the notional.
    const atRate = notional(fills).mul(makerFee);
    expect(run.pnl.split().fees.neg().minus(atRate).abs().lte(new Decimal('0.01').mul(fills.length))).toBe(true);
    expect(run.fees.maker.eq(makerFee)).toBe(true);
    const s = makerSummary(maker).markets.ETH!;
    expect(s.feeRates).toEqual({
      maker: makerFee.toString(),
      taker: engine.market('ETH').takerFee.toString(),
      source: { maker: 'venue', taker: 'venue' },
    });
  });

  it('set: the fee line is notional × the override’s maker rate (a rebate here), in the split and the summary', async () => {
    const { engine, fills, run, maker } = await session({ makerFeeRate: '-0.0001', takerFeeRate: 0.0003 });
    expect(fills.length).toBeGreaterThan(5);
    const split = run.pnl.split();
    // A rebate: the fee line is positive, exactly 1 bp of the notional filled, not the venue's 1.5 bp charge.
    expect(split.fees.eq(notional(fills).mul('0.0001'))).toBe(true);
    expect(split.fees.gt(0)).toBe(true);
    const charged = fills.reduce((a, f) => a.plus(f.fee), new Decimal(0));
    expect(charged.gt(0)).toBe(true);
    expect(split.total.eq(split.spread.plus(split.inventory).plus(split.fees).plus(split.funding))).toBe(true);
    const s = makerSummary(maker).markets.ETH!;
    expect(s.pnl.fees).toBe(split.fees.toString());
    expect(s.feeRates).toEqual({
      maker: '-0.0001',
      taker: '0.0003',
      source: { maker: 'fees_override', taker: 'fees_override' },
    });
    expect(engine.market('ETH').makerFee.eq('-0.0001')).toBe(false);
  });
});
