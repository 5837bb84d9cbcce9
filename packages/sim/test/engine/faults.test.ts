import { describe, expect, it } from 'vitest';
import { rejectCode, setup } from './helpers.js';

const mkt = { symbol: 'ETH', side: 'buy' as const, type: 'market' as const, size: '2' };

describe('engine faults', () => {
  it('rejectNext rejects the next N orders with the given code and records nothing', () => {
    const { engine } = setup();
    engine.faults.rejectNext(2);
    engine.faults.rejectNext(1, 'INSUFFICIENT_MARGIN');
    expect(rejectCode(() => engine.placeOrder('a', mkt))).toBe('INJECTED_REJECT');
    expect(rejectCode(() => engine.placeOrder('a', mkt))).toBe('INJECTED_REJECT');
    expect(rejectCode(() => engine.placeOrder('a', mkt))).toBe('INSUFFICIENT_MARGIN');
    expect(engine.orderHistory('a')).toHaveLength(0);
    expect(engine.placeOrder('a', mkt).order.status).toBe('filled');
  });

  it('a rejected client id can be retried', () => {
    const { engine } = setup();
    engine.faults.rejectNext();
    expect(rejectCode(() => engine.placeOrder('a', { ...mkt, clientOrderId: 'x' }))).toBe('INJECTED_REJECT');
    const r = engine.placeOrder('a', { ...mkt, clientOrderId: 'x' });
    expect(r.duplicate).toBe(false);
    expect(r.order.status).toBe('filled');
  });

  it('partialFillOnly cancels the rest of an IOC and rests the rest of a GTT', () => {
    const { engine } = setup();
    engine.faults.partialFillOnly('0.25', 2);
    const ioc = engine.placeOrder('a', mkt);
    expect(ioc.order.filledSize.toString()).toBe('0.5');
    expect(ioc.order.status).toBe('cancelled');
    expect(ioc.order.cancelReason).toBe('injected_partial');
    const ask = engine.book('ETH', 1).asks[0]?.price;
    const gtt = engine.placeOrder('a', {
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      price: ask?.add(50) ?? 0,
      size: '2',
    });
    expect(gtt.order.filledSize.toString()).toBe('0.5');
    expect(gtt.order.status).toBe('partially_filled');
    expect(engine.openOrders('a')).toHaveLength(1);
    expect(engine.faults.pending()).toEqual({ rejects: 0, partials: 0 });
    expect(engine.placeOrder('a', mkt).order.filledSize.toString()).toBe('2');
  });

  it('probabilistic faults follow the seeded PRNG', () => {
    const run = (): string[] => {
      const { engine } = setup();
      engine.faults.setRejectProbability(0.3);
      return Array.from(
        { length: 40 },
        () => rejectCode(() => engine.placeOrder('a', { ...mkt, size: '0.01' })) ?? 'ok',
      );
    };
    const a = run();
    expect(a).toEqual(run());
    const rejected = a.filter((x) => x === 'INJECTED_REJECT').length;
    expect(rejected).toBeGreaterThan(3);
    expect(rejected).toBeLessThan(25);
  });

  it('validates its arguments', () => {
    const { engine } = setup();
    expect(() => engine.faults.partialFillOnly('1')).toThrow(/fraction/);
    expect(() => engine.faults.rejectNext(0)).toThrow(/count/);
    expect(() => engine.faults.setRejectProbability(2)).toThrow(/probability/);
    engine.faults.rejectNext(3);
    engine.faults.clear();
    expect(engine.placeOrder('a', mkt).order.status).toBe('filled');
  });
});
