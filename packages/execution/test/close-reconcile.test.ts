import { Decimal, HaltedError, isDnError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closePair, openPair, type PairState, reconcilePair } from '../src/index.js';
import { type Bed, bed, faulty, recordingOrders, type SentOrder } from './harness.js';

let b: Bed | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

async function opened(x: Bed, size = '0.02'): Promise<PairState> {
  const pair = x.pair(size);
  expect(await x.drive(openPair(pair, await x.legs(), x.deps()))).toBe('open');
  x.events.length = 0;
  return pair;
}

const market = (x: Bed, venue: string, side: 'buy' | 'sell', size: string, reduceOnly = false) =>
  x.venues.get(venue)?.placeOrder({ symbol: 'BTC', side, type: 'market', size, slippage: '0.02', reduceOnly });

describe('closePair', () => {
  it('closes both legs reduce-only until flat', async () => {
    b = await bed();
    const pair = await opened(b);
    const sent: SentOrder[] = [];
    const legs = await b.legs({
      extended: (v) => recordingOrders(v, sent),
      pacifica: (v) => recordingOrders(v, sent),
    });
    await b.drive(closePair(pair, legs, b.deps()));
    expect(pair.step).toBe('closed');
    expect([pair.first.size, pair.second.size]).toEqual(['0', '0']);
    expect((await b.size('extended')).isZero()).toBe(true);
    expect((await b.size('pacifica')).isZero()).toBe(true);
    expect(sent.length).toBe(2);
    expect(sent.every((o) => o.reduceOnly)).toBe(true);
  });

  it('retries a leg that keeps failing, counts the naked window, then halts with both sizes', async () => {
    b = await bed();
    const pair = await opened(b);
    let refused = 0;
    const legs = await b.legs({
      pacifica: (v) =>
        faulty(v, {
          placeOrder: async () => {
            refused += 1;
            throw new Error('venue down');
          },
        }),
    });
    const err = await b.drive(closePair(pair, legs, { ...b.deps(), maxAttempts: 3 })).catch((e) => e);
    expect(err).toBeInstanceOf(HaltedError);
    expect(refused).toBe(3);
    expect((await b.halt.read())?.reason).toBe('could not close BTC: extended=0 pacifica=-0.02');
    expect((await b.size('extended')).isZero()).toBe(true);
    expect(b.events.filter((e) => e.type === 'naked-window').length).toBe(1);
  });
});

describe('reconcilePair', () => {
  it('reduces the larger leg to the hedged size and returns the pair as the venues hold it', async () => {
    b = await bed();
    const pair = await opened(b);
    await market(b, 'extended', 'buy', '0.01');
    const sent: SentOrder[] = [];
    const legs = await b.legs({ extended: (v) => recordingOrders(v, sent) });
    const out = await b.drive(reconcilePair(pair, legs, b.deps()));
    expect(out?.step).toBe('reconciled');
    expect([out?.first.size, out?.second.size, out?.openedSize]).toEqual(['0.02', '-0.02', '0.02']);
    expect(sent.map((o) => [o.side, o.size.toString(), o.reduceOnly])).toEqual([['sell', '0.01', true]]);
    expect(b.events.filter((e) => e.type === 'naked-window').length).toBe(1);
  });

  it('halts on a leg on the wrong side, even when the sizes match', async () => {
    b = await bed();
    const pair = await opened(b);
    await market(b, 'pacifica', 'buy', '0.04');
    const err = await b.drive(reconcilePair(pair, await b.legs(), b.deps())).catch((e) => e);
    expect(isDnError(err, 'HALTED')).toBe(true);
    const record = await b.halt.read();
    expect(record?.reason).toMatch(/wrong side/);
    expect(record?.by).toBe('execution-test reconcile');
  });

  it('finishes a close that was under way, and cancels orders left from a crash', async () => {
    b = await bed();
    const pair = await opened(b);
    const ext = b.venues.get('extended');
    const book = await ext?.getOrderBook('BTC', 1);
    const low = book?.bids[0]?.price.mul('0.8').floor() ?? new Decimal(1);
    await ext?.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: low, timeInForce: 'GTT' });
    pair.phase = 'closing';
    expect(await b.drive(reconcilePair(pair, await b.legs(), b.deps()))).toBeNull();
    expect(await ext?.getOpenOrders()).toEqual([]);
    expect((await b.size('extended')).isZero()).toBe(true);
    expect((await b.size('pacifica')).isZero()).toBe(true);
  });

  it('ends a pair whose legs are both gone', async () => {
    b = await bed();
    const pair = await opened(b);
    await market(b, 'extended', 'sell', '0.02', true);
    await market(b, 'pacifica', 'buy', '0.02', true);
    expect(await b.drive(reconcilePair(pair, await b.legs(), b.deps()))).toBeNull();
    expect(await b.halt.read()).toBeUndefined();
  });
});
