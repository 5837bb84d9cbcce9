import { Decimal, type FundingRecord, type PerpVenue, type PublicTrade } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { afterEachOrder, guardOpenings, reduceOnlyVenue } from '../src/index.js';

const OPTIONAL = ['getLeverage', 'getFundingHistory', 'subscribeTrades'] as const;

const WRAPPERS: Array<[string, (v: PerpVenue) => PerpVenue]> = [
  ['afterEachOrder', (v) => afterEachOrder(v, () => undefined)],
  ['guardOpenings', (v) => guardOpenings(v, () => undefined)],
  ['reduceOnlyVenue', (v) => reduceOnlyVenue(v, 'test')],
];

/** A class instance, as connectors are: the optional methods live on the prototype and use `this`. */
class FullVenue {
  readonly id = 'fake';
  readonly calls: string[] = [];
  private readonly record: FundingRecord = {
    symbol: 'BTC',
    time: 1,
    rate: new Decimal('0.0001'),
    intervalHours: 8,
  };

  async getLeverage(symbol: string): Promise<Decimal> {
    this.calls.push(`getLeverage ${symbol}`);
    return new Decimal(5);
  }

  async getFundingHistory(q: { symbol: string }): Promise<FundingRecord[]> {
    this.calls.push(`getFundingHistory ${q.symbol}`);
    return [this.record];
  }

  async subscribeTrades(symbol: string, onTrade: (t: PublicTrade) => void) {
    this.calls.push(`subscribeTrades ${symbol}`);
    onTrade({ symbol, price: new Decimal(1), size: new Decimal(2), side: 'buy', timestamp: 3 });
    return { unsubscribe: async () => undefined };
  }

  async placeOrder() {
    return { orderId: '1', status: 'accepted' as const };
  }
}

class BareVenue {
  readonly id = 'bare';
  async placeOrder() {
    return { orderId: '1', status: 'accepted' as const };
  }
}

describe.each(WRAPPERS)('%s', (_name, wrap) => {
  it("forwards getLeverage, getFundingHistory and subscribeTrades to the inner venue's own methods", async () => {
    const inner = new FullVenue();
    const v = wrap(inner as unknown as PerpVenue);
    for (const m of OPTIONAL) {
      expect(m in v).toBe(true);
      expect(typeof v[m]).toBe('function');
    }
    expect((await v.getLeverage?.('ETH'))?.toString()).toBe('5');
    expect((await v.getFundingHistory?.({ symbol: 'BTC' }))?.[0]?.intervalHours).toBe(8);
    const trades: PublicTrade[] = [];
    await v.subscribeTrades?.('SOL', (t) => trades.push(t));
    expect(trades.map((t) => t.symbol)).toEqual(['SOL']);
    expect(inner.calls).toEqual(['getLeverage ETH', 'getFundingHistory BTC', 'subscribeTrades SOL']);
  });

  it('leaves them absent when the inner venue has none, so callers can feature-test them', () => {
    const v = wrap(new BareVenue() as unknown as PerpVenue);
    for (const m of OPTIONAL) {
      expect(m in v).toBe(false);
      expect(v[m]).toBeUndefined();
    }
  });

  it('stacks: a wrapped wrapper still forwards and still leaves out', () => {
    const full = wrap(afterEachOrder(new FullVenue() as unknown as PerpVenue, () => undefined));
    const bare = wrap(guardOpenings(new BareVenue() as unknown as PerpVenue, () => undefined));
    for (const m of OPTIONAL) {
      expect(typeof full[m]).toBe('function');
      expect(bare[m]).toBeUndefined();
    }
  });
});
