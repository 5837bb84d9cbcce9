import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { queryHistory } from '../../src/engine/account.js';
import { FundingLog } from '../../src/engine/funding-log.js';
import type { SimFundingRecord } from '../../src/engine/types.js';
import { setup } from './helpers.js';

const rec = (time: number, rate: string, mark: string): SimFundingRecord => ({
  symbol: 'BTC',
  time,
  rate: new Decimal(rate),
  markPrice: new Decimal(mark),
});

const text = (rs: SimFundingRecord[]) => rs.map((r) => `${r.symbol} ${r.time} ${r.rate} ${r.markPrice}`);

describe('FundingLog', () => {
  it('reads back exactly what was pushed, whether it fits the columns or not', () => {
    const log = new FundingLog('BTC', new Decimal('0.1'), 100);
    const pushed = [
      rec(1, '0.0000123456', '97000.1'),
      rec(2, '-0.0025', '96999.9'),
      // 11 decimals and an off-tick mark: kept whole.
      rec(3, '0.00000000001', '97000.05'),
      rec(4, '0', '0.1'),
    ];
    for (const r of pushed) log.push(r);
    expect(text(log.all())).toEqual(text(pushed));
    expect(
      log.all().every((r, i) => r.rate.eq(pushed[i]?.rate ?? 1) && r.markPrice.eq(pushed[i]?.markPrice ?? 0)),
    ).toBe(true);
  });

  it('answers since/until/limit as the engine always did (newest `limit`, oldest first) and keeps the newest `max`', () => {
    const log = new FundingLog('BTC', new Decimal('0.5'), 50);
    const list: SimFundingRecord[] = [];
    for (let i = 0; i < 80; i++) {
      const r = rec(i * 10, (i % 7 === 0 ? '0.00000000000' : '0.000001') + String(i), String(100 + i / 2));
      log.push(r);
      list.push(r);
    }
    const kept = list.slice(-50);
    expect(log.length).toBe(50);
    for (const q of [
      {},
      { since: 355 },
      { until: 555 },
      { since: 300, until: 600, limit: 5 },
      { limit: 0 },
      { limit: 500 },
      { since: 1_000 },
      { since: 555, until: 555 },
      { until: 0 },
    ]) {
      expect(text(log.query(q))).toEqual(text(queryHistory(kept, (r) => r.time, q)));
      const all = queryHistory(kept, (r) => r.time, { ...q, limit: -1 });
      const oldest = q.limit === undefined ? all : all.slice(0, q.limit);
      expect(text(log.query({ ...q, keep: 'oldest' }))).toEqual(text(oldest));
    }
  });

  it("holds the engine's record across a snapshot and restore", async () => {
    const { engine, clock } = setup('extended');
    await clock.advance(30 * 3_600_000);
    const before = engine.fundingHistory('ETH');
    expect(before.length).toBe(30);
    const { SimEngine } = await import('../../src/engine/index.js');
    const restored = SimEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())), {
      world: engine.world,
      clock,
    });
    expect(text(restored.fundingHistory('ETH'))).toEqual(text(before));
    expect(text(restored.fundingHistory('ETH', { since: before[3]?.time ?? 0, limit: 2 }))).toEqual(
      text(before.slice(-2)),
    );
  });
});
