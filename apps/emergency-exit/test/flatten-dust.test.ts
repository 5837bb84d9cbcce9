import { createClient, type VenueName } from '@dn/connect';
import { Decimal, type PerpVenue, VirtualClock } from '@dn/core';
import { flatten } from '@dn/execution';
import { defaultMarkets, SimEngine, type SimVenueHandle, SimWorld, startSimVenue } from '@dn/sim';
import { afterEach, describe, expect, it } from 'vitest';
import { drive, fastOptions, silentLog } from './helpers.js';

/**
 * A position smaller than the market's minimum order (what a partial fill or a venue's own reduction leaves) must
 * still be closed: each venue's reduce-only rule, stated in its connector's config, is applied by the connector and by
 * the simulator alike, and the close goes through the real connector and the venue's real protocol.
 */
const ALL: VenueName[] = ['extended', 'pacifica', 'edgex', 'lighter'];

let open: { sim: SimVenueHandle; venue: PerpVenue }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.venue.close().catch(() => undefined);
    await o.sim.close();
  }
  open = [];
});

async function dustVenue(name: VenueName, clock: VirtualClock, world: SimWorld) {
  const markets = defaultMarkets(name, world.symbols()).map((m) =>
    // The simulator's edgeX grid has the minimum equal to the step on every market, where no dust can exist; live
    // edgeX contracts may have a minimum above the step, which this one copies.
    name === 'edgex' && m.symbol === 'BTC' ? { ...m, minSize: new Decimal('0.005') } : m,
  );
  const engine = new SimEngine({ venue: name, world, clock, seed: 5, markets });
  const sim = await startSimVenue({ venue: name, clock, world, engine, accounts: 1 });
  const account = sim.accounts[0];
  if (!account) throw new Error(`no account on ${name}`);
  // A given engine is taken as restored: the account's collateral is ours to deposit.
  engine.deposit(account.accountId, '100000');
  const venue = createClient(name, {
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    credentials: account.credentials,
    clock,
    rateLimits: false,
  });
  open.push({ sim, venue });
  const market = engine.market('BTC');
  // Dust made in the engine itself: open the minimum plus one lot, then sell the minimum (both legal orders).
  const lot = market.lotSize;
  const minimum = market.minNotional
    ? Decimal.max(market.minSize, market.minNotional.div(engine.midPrice('BTC')).mul(2).div(lot).ceil().mul(lot))
    : market.minSize;
  engine.placeOrder(account.accountId, { symbol: 'BTC', side: 'buy', type: 'market', size: minimum.add(lot) });
  engine.placeOrder(account.accountId, { symbol: 'BTC', side: 'sell', type: 'market', size: minimum });
  const size = engine.positions(account.accountId).find((p) => p.symbol === 'BTC')?.size;
  return { engine, account: account.accountId, venue, market, size };
}

describe('flatten closes a dust position over the real protocols', () => {
  for (const name of ALL) {
    it(`${name}: a position below the market minimum is closed reduce-only`, async () => {
      const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: 'stepped' });
      const world = new SimWorld({ seed: 11, clock });
      const { engine, account, venue, market, size } = await dustVenue(name, clock, world);
      expect(size?.toString()).toBe(market.lotSize.toString());
      // Dust by the venue's own measure: below the minimum size, or below the minimum value.
      const belowSize = size?.lt(market.minSize) ?? false;
      const belowValue = market.minNotional
        ? (size?.mul(engine.midPrice('BTC')).lt(market.minNotional) ?? false)
        : false;
      expect(belowSize || belowValue).toBe(true);

      const result = await drive(
        clock,
        flatten([{ name, venue }], { clock, log: silentLog, random: () => 0.5 }, fastOptions()),
      );
      expect(result.flat).toBe(true);
      expect(engine.positions(account).filter((p) => !p.size.isZero())).toEqual([]);
      const closes = engine.orderHistory(account, { symbol: 'BTC' }).filter((o) => o.reduceOnly);
      expect(closes.map((o) => [o.side, o.size.toString(), o.status])).toEqual([
        ['sell', market.lotSize.toString(), 'filled'],
      ]);
    }, 180_000);
  }
});
