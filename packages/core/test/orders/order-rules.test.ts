import { describe, expect, it } from 'vitest';
import {
  Decimal,
  isDnError,
  isTerminalStatus,
  type Market,
  marketablePrice,
  normalizeOrder,
  type OrderRules,
} from '../../src/index.js';

const d = (v: string) => new Decimal(v);
const market: Market = {
  symbol: 'ETH',
  venueSymbol: 'ETH-USD',
  tickSize: d('0.1'),
  lotSize: d('0.001'),
  minSize: d('0.01'),
  minNotional: d('10'),
  maxLeverage: d('50'),
  makerFee: d('0'),
  takerFee: d('0.00025'),
  fundingIntervalHours: 1,
  active: true,
};
const waived: OrderRules = { venue: 'test', reduceOnlyMinimums: 'waived' };
const enforced: OrderRules = { venue: 'test', reduceOnlyMinimums: 'enforced' };
const opts = { best: d('2000.0'), defaultSlippage: d('0.01') };

/** The prices `normalizeOrder` sends for a 1 ETH buy at `buyPrice` and a 1 ETH sell at `sellPrice` under `rules`. */
function sentPrices(type: 'limit' | 'market', buyPrice: string, sellPrice: string, rules: OrderRules): string[] {
  return (
    [
      ['buy', buyPrice],
      ['sell', sellPrice],
    ] as const
  ).map(([side, price]) =>
    normalizeOrder({ symbol: 'ETH', side, type, size: '1', price }, market, rules, opts).price.toFixed(),
  );
}

describe('marketablePrice', () => {
  it('moves the best price by the band and rounds back toward it', () => {
    expect(marketablePrice('buy', d('100.03'), d('0.01'), d('0.1')).toFixed()).toBe('101');
    expect(marketablePrice('sell', d('100.03'), d('0.01'), d('0.1')).toFixed()).toBe('99.1');
  });
  it('never prices less aggressively than the best price when the band is under a tick', () => {
    expect(marketablePrice('buy', d('100.0'), d('0.0001'), d('1')).toFixed()).toBe('100');
    expect(marketablePrice('sell', d('100.0'), d('0.0001'), d('1')).toFixed()).toBe('100');
  });
  it('refuses a band outside (0, 1)', () => {
    expect(() => marketablePrice('buy', d('100'), d('0'), d('0.1'))).toThrow(/band/);
    expect(() => marketablePrice('buy', d('100'), d('1'), d('0.1'))).toThrow(/band/);
  });
});

describe('normalizeOrder', () => {
  it('floors the size to the lot and prices a market order inside the band', () => {
    const o = normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.0219' }, market, waived, opts);
    expect(o.size.toFixed()).toBe('0.021');
    expect(o.price.toFixed()).toBe('2020');
    expect(o.timeInForce).toBe('IOC');
    expect(o.referencePrice.toFixed()).toBe('2000');
  });

  it('rounds an explicit worst price inward', () => {
    expect(sentPrices('market', '2010.09', '1990.01', waived)).toEqual(['2010', '1990.1']);
  });

  it('refuses a limit price off the tick and a market order with GTT', () => {
    expect(() =>
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '1', price: '2000.05' }, market, waived, opts),
    ).toThrow(/tick/);
    expect(() =>
      normalizeOrder(
        { symbol: 'ETH', side: 'buy', type: 'market', size: '1', timeInForce: 'GTT' },
        market,
        waived,
        opts,
      ),
    ).toThrow(/IOC/);
  });

  it('applies minimum size and notional to opening orders, naming the field', () => {
    try {
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.004' }, market, waived, opts);
      throw new Error('expected a refusal');
    } catch (e) {
      if (!isDnError(e, 'INVALID_INPUT')) throw e;
      expect(e.context.field).toBe('size');
      expect(e.shortMessage).toMatch(/minimum 0.01/);
    }
    expect(() =>
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: '900' }, market, waived, opts),
    ).toThrow(/order value below the minimum 10/);
  });

  it('lets a reduce-only dust close through where the venue waives minimums, and refuses it where it does not', () => {
    const dust = { symbol: 'ETH', side: 'sell', type: 'market', size: '0.003', reduceOnly: true } as const;
    expect(normalizeOrder(dust, market, waived, opts).size.toFixed()).toBe('0.003');
    expect(() => normalizeOrder(dust, market, enforced, opts)).toThrow(/minimum/);
  });

  it('refuses a size under one lot and a market order with no book', () => {
    expect(() =>
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.0009' }, market, waived, opts),
    ).toThrow(/below one lot/);
    expect(() =>
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '1' }, market, waived, {
        defaultSlippage: d('0.01'),
      }),
    ).toThrow(/no ask/);
  });
});

describe('normalizeOrder venue variants', () => {
  it('rounds an off-tick limit to the passive side where the venue rule says rounded', () => {
    const rounded: OrderRules = { ...enforced, limitOffTick: 'rounded' };
    expect(sentPrices('limit', '2000.09', '2000.01', rounded)).toEqual(['2000', '2000.1']);
  });

  it('leaves a venue-priced market order without a limit and without a notional check', () => {
    // 0.01 ETH is far below a 1,000 USD minimum notional: only the venue, which knows its price, can judge it.
    const o = normalizeOrder(
      { symbol: 'ETH', side: 'buy', type: 'market', size: '0.0109' },
      { ...market, minNotional: d('1000') },
      enforced,
      { defaultSlippage: d('0.01'), venuePricesMarketOrders: true },
    );
    expect(o.price).toBeUndefined();
    expect(o.size.toFixed()).toBe('0.01');
    // the size minimum still applies to an opening order
    expect(() =>
      normalizeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.001' }, market, enforced, {
        defaultSlippage: d('0.01'),
        venuePricesMarketOrders: true,
      }),
    ).toThrow(/minimum 0.01/);
  });
});

describe('isTerminalStatus', () => {
  it('is true exactly for the statuses whose filled size is final', () => {
    expect(['filled', 'cancelled', 'rejected', 'expired'].every((s) => isTerminalStatus(s as never))).toBe(true);
    expect(['pending', 'open', 'partially_filled'].some((s) => isTerminalStatus(s as never))).toBe(false);
  });
});
