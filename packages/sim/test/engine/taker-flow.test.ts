import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import type { TakerFlowConfig } from '../../src/engine/index.js';
import { setup } from './helpers.js';

const flow = (over: Partial<TakerFlowConfig['default']> = {}, seed = 1): TakerFlowConfig => ({
  seed,
  default: { arrivalRate: 2, kappaPerBp: 0.3, meanSizeUsd: 200, ...over },
});

/** An engine with the taker flow on. */
function withFlow(over: Partial<TakerFlowConfig['default']> = {}, seed = 1): ReturnType<typeof setup> {
  const s = setup();
  s.engine.setTakerFlow(flow(over, seed));
  return s;
}

/** Rests a bid and an ask `bps` from the mid on `account` every `everySec` (cancelling the previous ones); returns fills. */
async function quoteFor(
  s: ReturnType<typeof setup>,
  account: string,
  bps: number,
  minutes: number,
  size = '1',
  everySec = 60,
): Promise<{ fills: number; mids: Map<number, Decimal> }> {
  const { engine, clock } = s;
  const mids = new Map<number, Decimal>();
  for (let m = 0; m < (minutes * 60) / everySec; m++) {
    engine.cancelAll(account, 'ETH');
    const mid = engine.midPrice('ETH');
    const off = mid.mul(bps).div(10_000);
    for (const [side, price] of [
      ['buy', mid.minus(off).toDecimalPlaces(1, Decimal.ROUND_DOWN)],
      ['sell', mid.plus(off).toDecimalPlaces(1, Decimal.ROUND_UP)],
    ] as const) {
      engine.placeOrder(account, { symbol: 'ETH', side, type: 'limit', size, price, timeInForce: 'POST_ONLY' });
    }
    for (let k = 0; k < everySec; k++) {
      await clock.advance(1_000);
      mids.set(clock.now(), engine.midPrice('ETH'));
    }
  }
  return { fills: engine.fills(account, { symbol: 'ETH' }).length, mids };
}

describe('taker flow', () => {
  it('is off by default: resting orders away from the mid fill only when the mid moves through them', async () => {
    const off = setup();
    const on = withFlow();
    const a = await quoteFor(off, 'a', 4, 10);
    const b = await quoteFor(on, 'a', 4, 10);
    expect(b.fills).toBeGreaterThan(a.fills + 5);
  });

  it('fills resting orders as a maker at their own price, and prints the trade', async () => {
    const s = withFlow();
    await quoteFor(s, 'a', 3, 3);
    const fills = s.engine.fills('a', { symbol: 'ETH' });
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) {
      expect(f.liquidity).toBe('maker');
      const order = s.engine.order('a', { orderId: f.orderId });
      expect(order?.price?.eq(f.price)).toBe(true);
    }
    const tradeIds = new Set(s.engine.trades('ETH', 2_000).map((t) => t.id));
    expect(fills.every((f) => tradeIds.has(f.tradeId))).toBe(true);
  });

  it('intensity decays with distance: quotes near the mid fill more often than far ones (orders never exhausted)', async () => {
    const near = await quoteFor(withFlow({ kappaPerBp: 0.25 }), 'a', 2, 10, '2', 2);
    const far = await quoteFor(withFlow({ kappaPerBp: 0.25 }), 'a', 10, 10, '2', 2);
    // e^(−0.25·8) ≈ 0.14 of the near quotes' arrivals reach the far ones (mid crossings add to both).
    expect(near.fills).toBeGreaterThan(2 * far.fills);
  });

  it('is deterministic in its seed', async () => {
    const run = async (seed: number) => {
      const s = withFlow({}, seed);
      await quoteFor(s, 'a', 3, 5, '0.01');
      return s.engine.fills('a').map((f) => `${f.timestamp}:${f.side}:${f.size}`);
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });

  it('informed flow buys before the mid rises and sells before it falls', async () => {
    const s = withFlow({ informedFraction: 1, kappaPerBp: 0.2 });
    const { mids } = await quoteFor(s, 'a', 3, 10, '0.01');
    const fills = s.engine.fills('a', { symbol: 'ETH' });
    let checked = 0;
    for (const f of fills) {
      const now = mids.get(f.timestamp);
      const next = mids.get(f.timestamp + 1_000);
      if (!now || !next || now.eq(next)) continue;
      // Our sell was hit by a taker buy: the mid goes up next (and vice versa).
      expect(f.side === 'sell' ? next.gt(now) : next.lt(now)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('refuses bad parameters', () => {
    const { engine } = setup();
    expect(() => engine.setTakerFlow(flow({ kappaPerBp: 0 }))).toThrow(/taker flow/);
    expect(() => engine.setTakerFlow(flow({ informedFraction: 2 }))).toThrow(/taker flow/);
  });
});
