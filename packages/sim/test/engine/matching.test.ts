import { type BookLevel, Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import type { SimOrder } from '../../src/engine/index.js';
import { rejectCode, type Setup, setup, sum } from './helpers.js';

/** Rests a post-only BTC sell of `size` one tick inside the best ask for `account`; returns its price and the order. */
function sellInside(engine: Setup['engine'], account: string, size: string) {
  const inside = (engine.book('BTC', 1).asks[0] as BookLevel).price.sub(1);
  const maker = engine.placeOrder(account, {
    symbol: 'BTC',
    side: 'sell',
    type: 'limit',
    price: inside,
    size,
    timeInForce: 'POST_ONLY',
  });
  return { inside, maker };
}

describe('matching', () => {
  it('market order sweeps levels with slippage and pays the taker fee', () => {
    const { engine } = setup();
    const book = engine.book('BTC', 5);
    const [l0, l1, l2, l3] = book.asks as [
      { price: Decimal; size: Decimal },
      { price: Decimal; size: Decimal },
      { price: Decimal; size: Decimal },
      { price: Decimal; size: Decimal },
    ];
    const size = l0.size.add(l1.size).add(l2.size).add(new Decimal('0.01'));
    engine.setLeverage('a', 'BTC', 50);
    const { order, fills } = engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size });
    expect(order.status).toBe('filled');
    expect(fills.map((f) => f.price.toString())).toEqual([l0, l1, l2, l3].map((l) => l.price.toString()));
    expect(fills.map((f) => f.size.toString())).toEqual([l0.size, l1.size, l2.size, new Decimal('0.01')].map(String));
    expect(order.averageFillPrice?.gt(l0.price)).toBe(true);
    for (const f of fills) {
      expect(f.liquidity).toBe('taker');
      expect(f.fee.eq(f.price.mul(f.size).mul('0.00025').toDecimalPlaces(8, Decimal.ROUND_CEIL))).toBe(true);
    }
    expect(order.fee.eq(sum(fills.map((f) => f.fee)))).toBe(true);
    // taken liquidity is gone from the book until it recovers
    const after = engine.book('BTC', 5);
    expect(after.asks[0]?.price.gt(l2.price)).toBe(true);
    expect(after.sequence).toBeGreaterThan(book.sequence);
  });

  it('a second sweep in the same second gets a worse price (liquidity is consumed)', () => {
    const { engine } = setup();
    const first = engine.placeOrder('a', { symbol: 'ETH', side: 'sell', type: 'market', size: '20' });
    const second = engine.placeOrder('a', { symbol: 'ETH', side: 'sell', type: 'market', size: '20' });
    expect(second.order.averageFillPrice?.lt(first.order.averageFillPrice as Decimal)).toBe(true);
  });

  it('market order stops at its price band and cancels the rest', () => {
    const { engine } = setup();
    engine.deposit('a', '10000000');
    engine.setLeverage('a', 'BTC', 50);
    const bestAsk = engine.book('BTC', 1).asks[0]?.price as Decimal;
    const slippage = new Decimal('0.0002');
    const band = bestAsk.mul(slippage.add(1)).toDecimalPlaces(0, Decimal.ROUND_UP);
    const { order, fills } = engine.placeOrder('a', {
      symbol: 'BTC',
      side: 'buy',
      type: 'market',
      size: '100',
      slippage,
    });
    expect(order.status).toBe('cancelled');
    expect(order.cancelReason).toBe('ioc_remainder');
    expect(order.filledSize.gt(0)).toBe(true);
    expect(order.filledSize.lt(100)).toBe(true);
    for (const f of fills) expect(f.price.lte(band)).toBe(true);
    expect(engine.openOrders('a')).toHaveLength(0);
  });

  it('IOC limit fills what is available at its price and cancels the rest', () => {
    const { engine } = setup();
    const best = engine.book('SOL', 1).bids[0] as { price: Decimal; size: Decimal };
    const size = best.size.add(5);
    const { order, fills } = engine.placeOrder('a', {
      symbol: 'SOL',
      side: 'sell',
      type: 'limit',
      price: best.price,
      size,
      timeInForce: 'IOC',
    });
    expect(fills).toHaveLength(1);
    expect(order.filledSize.eq(best.size)).toBe(true);
    expect(order.status).toBe('cancelled');
    expect(order.cancelReason).toBe('ioc_remainder');
    expect(engine.positions('a')[0]?.size.eq(best.size.neg())).toBe(true);
  });

  it('GTT limit rests, then fills as maker at its price when the mid moves through it', async () => {
    const { engine, world, clock } = setup('pacifica');
    const mid = engine.midPrice('BTC');
    const price = mid.mul('0.99').toDecimalPlaces(0, Decimal.ROUND_DOWN);
    const { order, fills } = engine.placeOrder('a', {
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      price,
      size: '0.1',
      clientOrderId: 'rest-1',
    });
    expect(fills).toHaveLength(0);
    expect(order.status).toBe('open');
    expect(engine.book('BTC', 200).bids.some((l) => l.price.eq(price) && l.size.gte('0.1'))).toBe(true);
    const shockAt = clock.now() + 5_000;
    world.shock('BTC', 0.95, shockAt);
    await clock.advance(10_000);
    const done = engine.order('a', { clientOrderId: 'rest-1' }) as SimOrder;
    expect(done.status).toBe('filled');
    const [fill] = engine.fills('a', { orderId: order.id });
    expect(fill?.liquidity).toBe('maker');
    expect(fill?.price.eq(price)).toBe(true);
    expect(fill?.timestamp).toBe(shockAt);
    expect(fill?.fee.eq(price.mul('0.1').mul('0.00015').toDecimalPlaces(8, Decimal.ROUND_CEIL))).toBe(true);
    expect(engine.openOrders('a')).toHaveLength(0);
  });

  it('GTT limit that crosses takes liquidity first and rests the remainder', () => {
    const { engine } = setup();
    const best = engine.book('ETH', 1).asks[0] as { price: Decimal; size: Decimal };
    const { order, fills } = engine.placeOrder('a', {
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      price: best.price,
      size: best.size.add(1),
    });
    expect(fills).toHaveLength(1);
    expect(order.status).toBe('partially_filled');
    expect(engine.openOrders('a', 'ETH')[0]?.id).toBe(order.id);
  });

  it('expires GTT orders at expiresAt', async () => {
    const { engine, clock } = setup();
    const price = engine.midPrice('ETH').mul('0.9').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    const expiresAt = clock.now() + 30_000;
    const { order } = engine.placeOrder('a', {
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      price,
      size: '1',
      expiresAt,
    });
    await clock.advance(29_000);
    expect(engine.order('a', { orderId: order.id })?.status).toBe('open');
    await clock.advance(2_000);
    const o = engine.order('a', { orderId: order.id });
    expect(o?.status).toBe('expired');
    expect(o?.cancelReason).toBe('expired');
    expect(o?.updatedAt).toBe(expiresAt);
    expect(
      rejectCode(() =>
        engine.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'limit', price, size: '1', expiresAt: clock.now() }),
      ),
    ).toBe('INVALID_EXPIRY');
  });

  it('post-only is rejected when it would cross and rests otherwise', () => {
    const { engine } = setup();
    const { bids, asks } = engine.book('BTC', 1);
    const ask = asks[0]?.price as Decimal;
    const bid = bids[0]?.price as Decimal;
    expect(
      rejectCode(() =>
        engine.placeOrder('a', {
          symbol: 'BTC',
          side: 'buy',
          type: 'limit',
          price: ask,
          size: '0.01',
          timeInForce: 'POST_ONLY',
        }),
      ),
    ).toBe('POST_ONLY_WOULD_CROSS');
    const { order } = engine.placeOrder('a', {
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      price: bid,
      size: '0.01',
      timeInForce: 'POST_ONLY',
    });
    expect(order.status).toBe('open');
    expect(order.filledSize.isZero()).toBe(true);
  });

  it('reduce-only clips to the position and is rejected when there is nothing to reduce', () => {
    const { engine } = setup();
    expect(
      rejectCode(() =>
        engine.placeOrder('a', { symbol: 'BTC', side: 'sell', type: 'market', size: '0.01', reduceOnly: true }),
      ),
    ).toBe('REDUCE_ONLY_NOTHING_TO_REDUCE');
    engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(
      rejectCode(() =>
        engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01', reduceOnly: true }),
      ),
    ).toBe('REDUCE_ONLY_NOTHING_TO_REDUCE');
    const { order } = engine.placeOrder('a', {
      symbol: 'BTC',
      side: 'sell',
      type: 'market',
      size: '0.05',
      reduceOnly: true,
    });
    expect(order.size.toString()).toBe('0.01');
    expect(order.status).toBe('filled');
    expect(engine.positions('a')).toHaveLength(0);
  });

  it('a resting reduce-only order never flips the position', async () => {
    const { engine, world, clock } = setup();
    engine.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1' });
    const price = engine.midPrice('ETH').mul('1.01').toDecimalPlaces(1, Decimal.ROUND_UP);
    const ro = engine.placeOrder('a', {
      symbol: 'ETH',
      side: 'sell',
      type: 'limit',
      price,
      size: '1',
      reduceOnly: true,
    });
    engine.placeOrder('a', { symbol: 'ETH', side: 'sell', type: 'market', size: '0.4' });
    world.shock('ETH', 1.05, clock.now() + 1_000);
    await clock.advance(3_000);
    expect(engine.positions('a')).toHaveLength(0);
    const o = engine.order('a', { orderId: ro.order.id });
    expect(o?.filledSize.toString()).toBe('0.6');
  });

  it('self-trade prevention cancels the resting order by default', () => {
    const { engine } = setup();
    const { bids } = engine.book('BTC', 1);
    const { inside, maker } = sellInside(engine, 'a', '0.01');
    expect(inside.gt(bids[0]?.price as Decimal)).toBe(true);
    const { fills } = engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(fills.every((f) => !f.price.eq(inside))).toBe(true);
    const m = engine.order('a', { orderId: maker.order.id });
    expect(m?.status).toBe('cancelled');
    expect(m?.cancelReason).toBe('self_trade');
  });

  it('self-trade prevention can cancel the taker instead', () => {
    const { engine } = setup('extended', { selfTradePrevention: 'cancel_taker' });
    sellInside(engine, 'a', '0.01');
    const { order, fills } = engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(fills).toHaveLength(0);
    expect(order.cancelReason).toBe('self_trade');
    expect(engine.openOrders('a')).toHaveLength(1);
  });

  it("matches one account's taker against another's resting order", () => {
    const { engine } = setup();
    const { inside, maker } = sellInside(engine, 'b', '0.02');
    const { fills } = engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(fills[0]?.price.eq(inside)).toBe(true);
    const [mf] = engine.fills('b');
    expect(mf?.liquidity).toBe('maker');
    expect(mf?.tradeId).toBe(fills[0]?.tradeId);
    expect(engine.order('b', { orderId: maker.order.id })?.status).toBe('partially_filled');
    expect(engine.positions('b')[0]?.size.toString()).toBe('-0.01');
  });

  it('is idempotent on a repeated client order id', () => {
    const { engine } = setup();
    const p = { symbol: 'ETH', side: 'buy' as const, type: 'market' as const, size: '1', clientOrderId: 'once' };
    const first = engine.placeOrder('a', p);
    const again = engine.placeOrder('a', { ...p, size: '2' });
    expect(again.duplicate).toBe(true);
    expect(again.order.id).toBe(first.order.id);
    expect(again.fills.map((f) => f.id)).toEqual(first.fills.map((f) => f.id));
    expect(engine.positions('a')[0]?.size.toString()).toBe('1');
    expect(engine.orderHistory('a')).toHaveLength(1);
    // another account may use the same client id
    expect(engine.placeOrder('b', p).duplicate).toBe(false);
  });

  it('gives numeric, unique, increasing order ids', () => {
    const { engine } = setup();
    const ids = Array.from(
      { length: 5 },
      () => engine.placeOrder('a', { symbol: 'XRP', side: 'buy', type: 'market', size: '10' }).order.id,
    );
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i] as string) > BigInt(ids[i - 1] as string)).toBe(true);
  });

  it('validates lot, tick, minimum size, minimum notional and symbols with stable codes', () => {
    const { engine } = setup();
    const base = { symbol: 'BTC', side: 'buy' as const, type: 'limit' as const, price: '90000' };
    expect(rejectCode(() => engine.placeOrder('a', { ...base, size: '0.000015' }))).toBe('INVALID_SIZE');
    expect(rejectCode(() => engine.placeOrder('a', { ...base, size: '0.00005' }))).toBe('INVALID_SIZE');
    expect(rejectCode(() => engine.placeOrder('a', { ...base, size: '0' }))).toBe('INVALID_SIZE');
    expect(rejectCode(() => engine.placeOrder('a', { ...base, size: '0.001', price: '90000.5' }))).toBe(
      'INVALID_PRICE',
    );
    expect(rejectCode(() => engine.placeOrder('a', { symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001' }))).toBe(
      'INVALID_PRICE',
    );
    expect(rejectCode(() => engine.placeOrder('a', { ...base, size: 'abc' }))).toBe('INVALID_SIZE');
    expect(rejectCode(() => engine.placeOrder('a', { ...base, symbol: 'PEPE', size: '1' }))).toBe('UNKNOWN_SYMBOL');
    expect(rejectCode(() => engine.placeOrder('nobody', { ...base, size: '0.001' }))).toBe('UNKNOWN_ACCOUNT');
    expect(
      rejectCode(() => engine.placeOrder('a', { ...base, type: 'market', size: '0.001', timeInForce: 'GTT' })),
    ).toBe('INVALID_PARAMS');
    const pac = setup('pacifica').engine;
    // Pacifica's minimum is a USD notional (10)
    expect(rejectCode(() => pac.placeOrder('a', { ...base, size: '0.0001' }))).toBe('INVALID_SIZE');
    expect(pac.placeOrder('a', { ...base, size: '0.0002' }).order.status).toBe('open');
    // nothing was recorded for the rejected orders
    expect(engine.orderHistory('a')).toHaveLength(0);
  });

  it('emits order, fill, position, balance and book events after the change', () => {
    const { engine } = setup();
    const seen: string[] = [];
    for (const ev of ['order', 'fill', 'position', 'balance', 'book', 'trade'] as const) {
      engine.events.on(ev, () => seen.push(ev));
    }
    engine.events.on('position', (e) => {
      expect(e.accountId).toBe('a');
      expect(engine.positions('a')[0]?.size.eq(e.position.size)).toBe(true);
    });
    engine.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1' });
    for (const ev of ['order', 'fill', 'position', 'balance', 'book', 'trade']) expect(seen).toContain(ev);
  });
});
