import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXTENDED_MARKETS_TTL_MS } from '../src/config.js';
import { MarketCatalog } from '../src/market-catalog.js';
import type { ExtendedMarket } from '../src/wire.js';

const market = (name: string) => ({ name }) as ExtendedMarket;

afterEach(() => {
  vi.useRealTimers();
});

describe('MarketCatalog', () => {
  it('shares one fetch between concurrent callers, then answers from the cache until the TTL ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    let fetches = 0;
    const catalog = new MarketCatalog(async () => {
      fetches++;
      return [market('BTC-USD'), market(`ETH-USD-${fetches}`)];
    });
    expect(catalog.fresh()).toBeUndefined();
    expect(catalog.last()).toBeUndefined();
    const [a, b] = await Promise.all([catalog.get(false), catalog.get(false)]);
    expect(fetches).toBe(1);
    expect(a).toBe(b);
    expect(a.byName.get('BTC-USD')?.name).toBe('BTC-USD');
    expect(catalog.fresh()).toBe(a);

    vi.setSystemTime(1_000_000 + EXTENDED_MARKETS_TTL_MS - 1);
    expect(catalog.fresh()).toBe(a);
    expect(await catalog.get(false)).toBe(a);
    expect(fetches).toBe(1);

    // Past the TTL the order path must not use it without a wait: `fresh` says so, `last` still has it.
    vi.setSystemTime(1_000_000 + EXTENDED_MARKETS_TTL_MS);
    expect(catalog.fresh()).toBeUndefined();
    expect(catalog.last()).toBe(a);
    const c = await catalog.get(false);
    expect(fetches).toBe(2);
    expect(c.byName.has('ETH-USD-2')).toBe(true);
    expect(await catalog.get(true)).not.toBe(c);
    expect(fetches).toBe(3);
  });

  it('keeps no failed load: the next call fetches again', async () => {
    let calls = 0;
    const catalog = new MarketCatalog(async () => {
      calls++;
      if (calls === 1) throw new Error('venue down');
      return [market('BTC-USD')];
    });
    await expect(catalog.get(false)).rejects.toThrow('venue down');
    expect(catalog.last()).toBeUndefined();
    expect((await catalog.get(false)).list).toHaveLength(1);
  });
});
