import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { SimEngine, type SimEngineSnapshot, SimWorld } from '../../src/engine/index.js';
import { type Setup, setup } from './helpers.js';

async function busy(s: Setup): Promise<void> {
  const { engine, clock, world } = s;
  engine.setLeverage('a', 'ETH', 20);
  engine.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '3', clientOrderId: 'c1' });
  engine.placeOrder('b', { symbol: 'BTC', side: 'sell', type: 'market', size: '0.2' });
  const price = engine.midPrice('SOL').mul('0.97').toDecimalPlaces(2, Decimal.ROUND_DOWN);
  engine.placeOrder('a', { symbol: 'SOL', side: 'buy', type: 'limit', price, size: '5', clientOrderId: 'rest' });
  engine.faults.rejectNext(1, 'INJECTED_REJECT');
  world.shock('XRP', 1.01, clock.now() + 5_000);
  await clock.advance(2 * 3_600_000 + 1_234);
}

function restoreJson(snap: SimEngineSnapshot, s: Setup): SimEngine {
  const json = JSON.parse(JSON.stringify(snap)) as SimEngineSnapshot;
  const world = SimWorld.fromDescriptor(json.world, s.clock);
  return SimEngine.restore(json, { world, clock: s.clock });
}

describe('snapshot / restore', () => {
  it('round-trips through JSON with orders, positions, ledger, ids and faults intact', async () => {
    const s = setup();
    await busy(s);
    const snap = s.engine.snapshot();
    const restored = restoreJson(snap, s);
    expect(JSON.parse(JSON.stringify(restored.snapshot()))).toEqual(JSON.parse(JSON.stringify(snap)));
    expect(restored.account('a')).toEqual(s.engine.account('a'));
    expect(restored.positions('b')).toEqual(s.engine.positions('b'));
    expect(restored.openOrders('a').map((o) => o.clientOrderId)).toEqual(['rest']);
    expect(restored.ledger('a')).toEqual(s.engine.ledger('a'));
    expect(restored.book('BTC', 10)).toEqual(s.engine.book('BTC', 10));
    expect(restored.funding('SOL')).toEqual(s.engine.funding('SOL'));
    // idempotency survives a restart
    expect(
      restored.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1', clientOrderId: 'c1' })
        .duplicate,
    ).toBe(true);
    // the queued fault survives too
    expect(() => restored.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1' })).toThrow(
      /injected/,
    );
  });

  it('continues exactly like the original engine', async () => {
    const s = setup();
    await busy(s);
    const restored = restoreJson(s.engine.snapshot(), s);
    const script = (e: SimEngine): string[] => {
      const out: string[] = [];
      for (const [acct, sym, side, size] of [
        ['a', 'ETH', 'sell', '1'],
        ['b', 'BTC', 'buy', '0.05'],
        ['a', 'SOL', 'sell', '2'],
      ] as const) {
        try {
          const r = e.placeOrder(acct, { symbol: sym, side, type: 'market', size });
          out.push(`${r.order.id}:${r.order.averageFillPrice?.toString()}`);
        } catch (err) {
          out.push(String((err as Error).message));
        }
      }
      return out;
    };
    expect(script(restored)).toEqual(script(s.engine));
    await s.clock.advance(5 * 3_600_000);
    expect(restored.snapshot().accounts).toEqual(s.engine.snapshot().accounts);
    const next = BigInt(restored.placeOrder('a', { symbol: 'ETH', side: 'buy', type: 'market', size: '1' }).order.id);
    expect(next > BigInt(s.engine.orderHistory('a').at(-1)?.id as string)).toBe(true);
  });

  it('refuses a snapshot from another world or version', async () => {
    const s = setup();
    const snap = s.engine.snapshot();
    const other = new SimWorld({ seed: 999, clock: s.clock });
    expect(() => SimEngine.restore(snap, { world: other, clock: s.clock })).toThrow(/different world/);
    expect(() => SimEngine.restore({ ...snap, version: 2 as 1 }, { world: s.world, clock: s.clock })).toThrow(
      /version/,
    );
  });
});
