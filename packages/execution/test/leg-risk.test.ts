import { Decimal, HaltedError, isDnError, UnknownOutcomeError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOrderId, openPair } from '../src/index.js';
import { type Bed, bed, faulty, recordingOrders, type SentOrder } from './harness.js';

/** Extended is the pilot (long) of an Extended + Pacifica pair; Pacifica carries the hedge (short). */
let b: Bed | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

const naked = (x: Bed) => x.events.flatMap((e) => (e.type === 'naked-window' ? [e.ms] : []));

describe('openPair: leg risk', () => {
  it('opens both legs at the target size, hedged, with the pilot id persisted before it left', async () => {
    b = await bed();
    const pair = b.pair('0.02');
    const legs = await b.legs();
    expect(await b.drive(openPair(pair, legs, b.deps()))).toBe('open');
    expect(pair.phase).toBe('open');
    expect(pair.openedSize).toBe('0.02');
    expect((await b.size('extended')).toString()).toBe('0.02');
    expect((await b.size('pacifica')).toString()).toBe('-0.02');
    // The first save already holds the pilot's client id and the step: a crash right after the send is reconcilable.
    const first = JSON.parse(b.saved[0] as string);
    expect(first.step).toBe('pilot_sent');
    expect(first.first.clientOrderIds).toEqual([clientOrderId('pair-1', 'p')]);
    expect(b.events.filter((e) => e.type === 'order').length).toBe(2);
    expect(b.events.some((e) => e.type === 'step' && e.step === 'open')).toBe(true);
    expect(naked(b).length).toBe(1);
  });

  it('unwinds the pilot when the hedge is rejected, leaving nothing naked, and does not halt', async () => {
    b = await bed();
    b.engines.get('pacifica')?.faults.rejectNext(20);
    const pair = b.pair();
    const result = await b.drive(openPair(pair, await b.legs(), b.deps({ singleLegTimeoutMs: 5_000 })));
    expect(result).toBe('aborted');
    expect(pair.abortReason).toMatch(/hedge on pacifica not filled/);
    expect((await b.size('extended')).isZero()).toBe(true);
    expect((await b.size('pacifica')).isZero()).toBe(true);
    // The naked window is bounded by the single-leg timeout plus one unwind round trip.
    expect(naked(b).length).toBe(1);
    expect(naked(b)[0]).toBeLessThanOrEqual(15_000);
    expect(await b.halt.read()).toBeUndefined();
  });

  it('sizes the hedge from the pilot’s actual partial fill', async () => {
    b = await bed();
    b.engines.get('extended')?.faults.partialFillOnly('0.4', 1);
    const pair = b.pair('0.02');
    expect(await b.drive(openPair(pair, await b.legs(), b.deps()))).toBe('open');
    const first = (await b.size('extended')).abs();
    expect(first.lt('0.02')).toBe(true);
    expect(first.eq((await b.size('pacifica')).abs())).toBe(true);
    expect(new Decimal(pair.openedSize ?? 0).eq(first)).toBe(true);
  });

  it('completes a partially filled hedge with further IOCs', async () => {
    b = await bed();
    b.engines.get('pacifica')?.faults.partialFillOnly('0.5', 2);
    const pair = b.pair('0.02');
    expect(await b.drive(openPair(pair, await b.legs(), b.deps()))).toBe('open');
    expect((await b.size('pacifica')).toString()).toBe('-0.02');
    expect(pair.second.clientOrderIds).toEqual([1, 2, 3].map((n) => clientOrderId('pair-1', `h${n}`)));
  });

  it('writes the halt sentinel and throws HaltedError when the unwind fails too', async () => {
    b = await bed();
    b.engines.get('pacifica')?.faults.rejectNext(50);
    const legs = await b.legs({
      extended: (v) =>
        faulty(v, {
          placeOrder: async (args, real) => {
            if ((args[0] as { reduceOnly?: boolean }).reduceOnly) throw new Error('venue down');
            return real();
          },
        }),
    });
    const err = await b.drive(openPair(b.pair(), legs, b.deps({ singleLegTimeoutMs: 3_000 }))).catch((e) => e);
    expect(err).toBeInstanceOf(HaltedError);
    expect(isDnError(err, 'HALTED') && err.context.reason).toMatch(/unwind of extended BTC failed/);
    const record = await b.halt.read();
    expect(record?.reason).toMatch(/unwind/);
    expect(record?.by).toBe('execution-test');
    expect(b.events.some((e) => e.type === 'leg-failure' && e.venue === 'extended')).toBe(true);
    expect(b.events.some((e) => e.type === 'halt' && e.written)).toBe(true);
  });

  it('queries an order whose answer timed out instead of sending it again', async () => {
    b = await bed();
    const sent: SentOrder[] = [];
    let timedOut = 0;
    const legs = await b.legs({
      pacifica: (v) =>
        faulty(recordingOrders(v, sent), {
          placeOrder: async (_args, real) => {
            await real(); // accepted by the venue...
            timedOut += 1;
            throw new UnknownOutcomeError('timed out', { operation: 'placeOrder' }); // ...answer lost
          },
        }),
    });
    const pair = b.pair('0.02');
    expect(await b.drive(openPair(pair, legs, b.deps()))).toBe('open');
    expect(timedOut).toBe(1);
    expect(sent.length).toBe(1);
    expect((await b.size('pacifica')).toString()).toBe('-0.02');
  });

  it('refuses to open over an existing position, sending nothing and writing no sentinel', async () => {
    b = await bed();
    await b.venues
      .get('pacifica')
      ?.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.01', slippage: '0.02' });
    const sent: SentOrder[] = [];
    const legs = await b.legs({ extended: (v) => recordingOrders(v, sent) });
    const err = await b.drive(openPair(b.pair(), legs, b.deps())).catch((e) => e);
    expect(isDnError(err, 'HALTED') && err.context.reason).toMatch(/existing position/);
    expect(sent).toEqual([]);
    expect(await b.halt.read()).toBeUndefined();
  });

  it('aborts without exposure when the pilot is refused', async () => {
    b = await bed();
    b.engines.get('extended')?.faults.rejectNext(1);
    const pair = b.pair();
    const hedges: SentOrder[] = [];
    const legs = await b.legs({ pacifica: (v) => recordingOrders(v, hedges) });
    expect(await b.drive(openPair(pair, legs, b.deps()))).toBe('aborted');
    expect(pair.abortReason).toMatch(/pilot on extended did not fill/);
    expect(hedges).toEqual([]);
    expect(naked(b)).toEqual([]);
  });
});
