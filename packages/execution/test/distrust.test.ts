import { Decimal, HaltedError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { bandFor, openPair } from '../src/index.js';
import { type Bed, bed, faulty, liesAfterOrder, recordingOrders, type SentOrder, scale } from './harness.js';

/**
 * The venue's answers are not trusted blindly: reads after the pilot fail, lag or lie, and `openPair` must neither
 * leave a leg naked nor hedge more than the pilot's own fills confirm. Extended is the pilot, Pacifica the hedge.
 */
let b: Bed | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

async function hedged(x: Bed): Promise<boolean> {
  const [f, s] = [await x.size('extended'), await x.size('pacifica')];
  return !f.isZero() && f.plus(s).isZero();
}

describe('openPair distrusts what a venue says', () => {
  it('B3: a position read that throws after the pilot is retried inside the deadline', async () => {
    b = await bed();
    const legs = await b.legs({
      extended: (v) =>
        liesAfterOrder(v, (real, n) => {
          if (n <= 2) throw new Error('ECONNRESET reading positions');
          return real;
        }),
    });
    expect(await b.drive(openPair(b.pair(), legs, b.deps({ singleLegTimeoutMs: 5_000 })))).toBe('open');
    expect(await hedged(b)).toBe(true);
    const windows = b.events.filter((e) => e.type === 'naked-window');
    expect(windows.length).toBe(1);
  });

  it('one stale (flat) position read after the pilot does not turn a filled pilot into an aborted, naked pair', async () => {
    b = await bed();
    const legs = await b.legs({ extended: (v) => liesAfterOrder(v, (real, n) => (n === 1 ? [] : real)) });
    expect(await b.drive(openPair(b.pair(), legs, b.deps()))).toBe('open');
    expect(await hedged(b)).toBe(true);
    expect(await b.halt.read()).toBeUndefined();
  });

  it('one 10× position read does not send a 10× hedge', async () => {
    b = await bed();
    const hedges: SentOrder[] = [];
    const legs = await b.legs({
      extended: (v) => liesAfterOrder(v, (real, n) => (n === 1 ? scale(real, 10) : real)),
      pacifica: (v) => recordingOrders(v, hedges),
    });
    const pair = b.pair('0.02');
    expect(await b.drive(openPair(pair, legs, b.deps()))).toBe('open');
    expect(hedges.length).toBeGreaterThan(0);
    for (const o of hedges) expect(o.size.lte('0.02')).toBe(true);
    expect(await hedged(b)).toBe(true);
  });

  it('records that keep disagreeing: no hedge, the certain fill is unwound and the sentinel written', async () => {
    b = await bed();
    const hedges: SentOrder[] = [];
    const legs = await b.legs({
      extended: (v) => liesAfterOrder(v, (real) => scale(real, 10)),
      pacifica: (v) => recordingOrders(v, hedges),
    });
    const pair = b.pair();
    const err = await b.drive(openPair(pair, legs, b.deps({ singleLegTimeoutMs: 2_000 }))).catch((e) => e);
    expect(err).toBeInstanceOf(HaltedError);
    expect(hedges.length).toBe(0);
    expect((await b.halt.read())?.reason).toMatch(/disagree/);
    expect(pair.step).toBe('unwinding_unclear_pilot');
    expect((await b.size('extended')).isZero()).toBe(true);
    expect((await b.size('pacifica')).isZero()).toBe(true);
  });

  it('B9: an over-filled hedge is trimmed reduce-only right after the hedge', async () => {
    b = await bed();
    let doubled = false;
    const sent: SentOrder[] = [];
    const legs = await b.legs({
      pacifica: (v) =>
        recordingOrders(
          faulty(v, {
            placeOrder: async (args, real) => {
              const res = await real();
              const p = args[0] as { reduceOnly?: boolean };
              if (!p.reduceOnly && !doubled) {
                // A late fill of an earlier attempt lands too: the venue holds twice what was asked.
                doubled = true;
                await v.placeOrder({ ...(args[0] as object), clientOrderId: undefined } as never);
              }
              return res;
            },
          }),
          sent,
        ),
    });
    const pair = b.pair('0.02');
    expect(await b.drive(openPair(pair, legs, b.deps()))).toBe('open');
    expect(doubled).toBe(true);
    expect(sent.some((o) => o.reduceOnly && o.side === 'buy' && o.size.eq('0.02'))).toBe(true);
    expect(b.events.some((e) => e.type === 'step' && e.step === 'trimming_hedge_excess')).toBe(true);
    expect((await b.size('pacifica')).toString()).toBe('-0.02');
    expect(await hedged(b)).toBe(true);
  });

  it('B10: hedge retries never widen the band past the cap', async () => {
    b = await bed();
    b.engines.get('pacifica')?.faults.partialFillOnly('0.3', 5);
    const sent: SentOrder[] = [];
    const legs = await b.legs({ pacifica: (v) => recordingOrders(v, sent) });
    const cap = new Decimal('0.006');
    const deps = b.deps({ band: new Decimal('0.005'), bandCap: cap, reduceBandCap: new Decimal('0.05') });
    expect(await b.drive(openPair(b.pair(), legs, deps))).toBe('open');
    const opening = sent.filter((o) => !o.reduceOnly);
    expect(opening.length).toBeGreaterThanOrEqual(3);
    expect(opening.map((o) => o.slippage?.toString())).toEqual(opening.map((_, i) => bandFor(deps, i + 1).toString()));
    for (const o of opening) expect(o.slippage?.lte(cap)).toBe(true);
    expect(opening[1]?.slippage?.toString()).toBe('0.006');
  });
});
