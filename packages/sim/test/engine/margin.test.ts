import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import type { SimLiquidationEvent, SimPosition } from '../../src/engine/index.js';
import { ledgerSum, rejectCode, setup } from './helpers.js';

describe('margin', () => {
  it('rejects orders the account cannot margin, at the account leverage', () => {
    const { engine } = setup('extended', { accounts: [{ id: 'small', collateral: '1000' }] });
    // default leverage min(10, max): 0.2 BTC ≈ 19k notional needs ≈ 1.9k
    expect(engine.leverage('small', 'BTC').toString()).toBe('10');
    expect(
      rejectCode(() => engine.placeOrder('small', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.2' })),
    ).toBe('INSUFFICIENT_MARGIN');
    engine.setLeverage('small', 'BTC', 50);
    const { order } = engine.placeOrder('small', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.2' });
    expect(order.status).toBe('filled');
    const acc = engine.account('small');
    expect(acc.initialMargin.eq(engine.positions('small')[0]?.notional.div(50) as Decimal)).toBe(true);
    expect(acc.availableMargin.eq(acc.equity.sub(acc.initialMargin))).toBe(true);
    // closing needs no margin, even when available margin is short
    expect(engine.placeOrder('small', { symbol: 'BTC', side: 'sell', type: 'market', size: '0.2' }).order.status).toBe(
      'filled',
    );
  });

  it('reserves margin for resting orders', () => {
    const { engine } = setup('extended', { accounts: [{ id: 'small', collateral: '1000' }] });
    const price = engine.midPrice('ETH').mul('0.9').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    engine.placeOrder('small', { symbol: 'ETH', side: 'buy', type: 'limit', price, size: '2' });
    const acc = engine.account('small');
    expect(acc.orderMargin.eq(price.mul(2).div(10))).toBe(true);
    expect(
      rejectCode(() => engine.placeOrder('small', { symbol: 'ETH', side: 'buy', type: 'limit', price, size: '2' })),
    ).toBe('INSUFFICIENT_MARGIN');
  });

  it('enforces leverage limits', () => {
    const { engine } = setup();
    expect(rejectCode(() => engine.setLeverage('a', 'BTC', 51))).toBe('LEVERAGE_TOO_HIGH');
    expect(rejectCode(() => engine.setLeverage('a', 'SOL', 26))).toBe('LEVERAGE_TOO_HIGH');
    expect(rejectCode(() => engine.setLeverage('a', 'BTC', '0.5'))).toBe('INVALID_LEVERAGE');
    expect(engine.setLeverage('a', 'BTC', 50).toString()).toBe('50');
    engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '5' });
    // lowering leverage below what the open position needs is refused and changes nothing
    expect(rejectCode(() => engine.setLeverage('a', 'BTC', 1))).toBe('INSUFFICIENT_MARGIN');
    expect(engine.leverage('a', 'BTC').toString()).toBe('50');
  });

  it('computes a cross-margin liquidation price and liquidates below maintenance with a penalty', async () => {
    const { engine, world, clock } = setup('extended', { accounts: [{ id: 'x', collateral: '1000' }] });
    engine.setLeverage('x', 'BTC', 50);
    engine.placeOrder('x', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.45' });
    const pos = engine.positions('x')[0] as SimPosition;
    const liq = pos.liquidationPrice as Decimal;
    expect(liq.lt(pos.entryPrice)).toBe(true);
    expect(liq.gt(pos.entryPrice.mul('0.97'))).toBe(true);
    // at the liquidation price equity equals maintenance margin (cross margin, one position)
    const acc = engine.account('x');
    const equityAtLiq = acc.collateral.add(liq.sub(pos.entryPrice as Decimal).mul(pos.size as Decimal));
    const mmAtLiq = liq.mul(pos.size as Decimal).mul(engine.market('BTC').maintenanceMarginRate);
    expect(equityAtLiq.sub(mmAtLiq).abs().lt(5)).toBe(true);

    const events: SimLiquidationEvent[] = [];
    engine.events.on('liquidation', (e) => events.push(e));
    world.shock('BTC', 0.985, clock.now() + 1_000);
    await clock.advance(120_000);
    expect(engine.positions('x')).toHaveLength(0);
    expect(events).toHaveLength(1);
    const ev = events[0] as SimLiquidationEvent;
    expect(ev.time % 60_000).toBe(0);
    expect(ev.symbols).toEqual(['BTC']);
    expect(ev.fills[0]?.liquidation).toBe(true);
    const ledger = engine.ledger('x');
    expect(ledger.some((e) => e.type === 'liquidation_penalty')).toBe(true);
    expect(ledger.some((e) => e.type === 'realized_pnl' && e.amount.lt(0))).toBe(true);
    const after = engine.account('x');
    expect(after.collateral.gte(0)).toBe(true);
    expect(ledgerSum(engine, 'x').eq(after.collateral)).toBe(true);
    const liqOrders = engine.orderHistory('x').filter((o) => o.liquidation);
    expect(liqOrders).toHaveLength(1);
  });

  it('lets the insurance fund cover a gap through the bankruptcy price', async () => {
    const { engine, world, clock } = setup('extended', { accounts: [{ id: 'x', collateral: '1000' }] });
    engine.setLeverage('x', 'BTC', 50);
    engine.placeOrder('x', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.45' });
    world.shock('BTC', 0.9, clock.now() + 1_000);
    await clock.advance(120_000);
    const ledger = engine.ledger('x');
    expect(ledger.at(-1)?.type).toBe('insurance');
    expect(engine.account('x').collateral.isZero()).toBe(true);
    expect(ledgerSum(engine, 'x').isZero()).toBe(true);
  });

  it('does not liquidate a healthy account', async () => {
    const { engine, world, clock } = setup();
    engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    world.shock('BTC', 0.9, clock.now() + 1_000);
    await clock.advance(3 * 60_000);
    expect(engine.positions('a')).toHaveLength(1);
    expect(engine.account('a').unrealizedPnl.lt(-800)).toBe(true);
  });

  it('keeps Σ ledger equal to collateral exactly through trades, fees, funding and deposits', async () => {
    const { engine, clock } = setup('pacifica');
    const sides = ['buy', 'sell'] as const;
    for (let i = 0; i < 30; i++) {
      engine.placeOrder('a', {
        symbol: i % 2 ? 'ETH' : 'SOL',
        side: sides[i % 3 === 0 ? 1 : 0],
        type: 'market',
        size: i % 2 ? '0.37' : '1.13',
      });
      if (i % 5 === 0) engine.deposit('a', '12.34567891');
      await clock.advance(17 * 60_000);
    }
    const ledger = engine.ledger('a');
    expect(new Set(ledger.map((e) => e.type))).toEqual(new Set(['deposit', 'fee', 'funding', 'realized_pnl']));
    expect(ledgerSum(engine, 'a').eq(engine.account('a').collateral)).toBe(true);
    let running = new Decimal(0);
    for (const e of ledger) {
      running = running.add(e.amount);
      expect(e.balance.eq(running)).toBe(true);
    }
  });
});
