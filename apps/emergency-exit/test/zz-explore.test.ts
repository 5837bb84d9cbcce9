import { connectVenues } from '@dn/connect';
import { Decimal, VirtualClock } from '@dn/core';
import { it, expect } from 'vitest';
import { flatten } from '../src/flatten.js';
import { fastOptions, open, positionsOf, rest, silentLog } from './helpers.js';

async function drive<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => { done = true; });
  settled.catch(() => undefined);
  for (let i = 0; !done && i < 1_000_000; i++) {
    await new Promise((r) => setTimeout(r, 0));
    const next = clock.nextTimerAt();
    if (next === undefined || done) continue;
    await clock.advanceTo(next);
  }
  return settled;
}

it('explore', async () => {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: 'stepped' });
  const c = await connectVenues({ mode: 'paper', venues: ['extended', 'pacifica', 'edgex', 'lighter'], seed: 3, speed: 1, collateral: new Decimal(100000), log: silentLog, clock, transport: 'protocol' });
  console.log([...(c.transports ?? [])]);
  const t0 = Date.now();
  for (const [i, v] of c.venues.entries()) {
    await drive(clock, open(v.venue, 'BTC', i % 2 ? '0.02' : '-0.02'));
    await drive(clock, open(v.venue, 'ETH', i % 2 ? '-0.5' : '0.5'));
    await drive(clock, rest(v.venue, 'SOL', '1'));
    console.log(v.name, await drive(clock, positionsOf(v.venue)), (await drive(clock, v.venue.getOpenOrders())).length);
  }
  console.log('opened', Date.now() - t0);
  const r = await drive(clock, flatten(c.venues, { clock, log: silentLog, random: () => 0.5, onEvent: (e) => console.log(JSON.stringify(e)) }, fastOptions()));
  console.log('flatten', Date.now() - t0, r.flat, JSON.stringify(r.venues.map((v) => [v.venue, v.error, v.positions.map((p) => [p.symbol, p.attempts, p.fills, p.error])])));
  for (const v of c.venues) console.log(v.name, await drive(clock, positionsOf(v.venue)));
  await c.close();
  expect(r.flat).toBe(true);
}, 60_000);
