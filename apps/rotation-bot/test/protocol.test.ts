import { Decimal } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHarnesses, expectRotated, harness, ledgerAgrees, net } from './harness.js';

/**
 * The same cycles as cycle.test.ts, but every venue is reached through its real connector over loopback: signing,
 * REST, WebSocket and the simulator's protocol front-ends — the code path of live trading.
 */
afterEach(closeHarnesses);

async function fullCycles(venues: ['extended', 'pacifica'] | ['edgex', 'lighter']): Promise<void> {
  const h = await harness({ hold_duration_hours: 2, wait_between_cycles_minutes: 10 }, venues, 7, 'protocol');
  expect([...(h.conn.transports?.values() ?? [])]).toEqual(['protocol', 'protocol']);
  await h.drive(h.bot.init());
  await h.runFor(5 * 3_600_000);
  expect(ledgerAgrees(h, await expectRotated(h))).toBe(true);
}

describe('rotation over the real protocols', () => {
  it('Extended + Pacifica: open → hold → close → rotate; accounting equals the simulator ledger', async () => {
    await fullCycles(['extended', 'pacifica']);
  }, 180_000);

  it('edgeX + Lighter: open → hold → close → rotate; accounting equals the simulator ledger', async () => {
    await fullCycles(['edgex', 'lighter']);
  }, 180_000);

  it('survives a WS drop, a 429 burst and a timeout after accept on the hedge venue', async () => {
    const h = await harness({ hold_duration_hours: 2 }, ['extended', 'pacifica'], 7, 'protocol');
    const pac = h.conn.sims?.get('pacifica');
    pac?.faults.script({ kind: 'wsDisconnect' });
    pac?.faults.script({ kind: 'http429', count: 3, match: { method: 'GET' } });
    pac?.faults.script({ kind: 'timeoutAfterAccept', match: { tag: 'order' } });
    await h.drive(h.bot.init());
    await h.runFor(60 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    expect(new Decimal(c?.first.size ?? 0).abs().eq(new Decimal(c?.second.size ?? 0).abs())).toBe(true);
    for (const v of net(await h.positions()).bySymbol.values()) expect(v.isZero()).toBe(true);
    expect(pac?.faults.history.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['wsDisconnect', 'http429', 'timeoutAfterAccept']),
    );
  }, 180_000);
});
