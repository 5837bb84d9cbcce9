import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decimal } from '@dn/core';
import { EngineVenue } from '@dn/sim/engine';
import { describe, expect, it } from 'vitest';
import { marketMakerConfigSchema } from '../src/config.js';
import { exportHistory, FUNDING_COLUMNS, POSITION_COLUMNS, TRADE_COLUMNS } from '../src/export-history.js';
import { newMaker, simSession } from './sim-session.js';

const sum = (xs: readonly Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));

describe('export-history', () => {
  it("writes the seed's columns, pages through the full history, and its totals equal the simulator's ledger", async () => {
    const { clock, engine } = simSession({ seed: 5, collateral: '5000' });
    const config = marketMakerConfigSchema.parse({
      quote_loop_ms: 1000,
      dead_mans_switch_sec: 0,
      markets: { 'ETH-USD': { base_spread: 0.0002, K: 0, quote_notional_cap_usd: 150, min_order_size: 0.01 } },
      risk: { max_net_position_usd: 500, max_open_orders: 10, min_balance_usd: 10 },
    });
    const venue = new EngineVenue(engine, 'mm');
    const maker = newMaker({ venue, clock, config });
    await maker.start();
    // Past two funding settlements.
    for (let s = 0; s < 2 * 3600 + 30; s++) await clock.advance(1_000);
    await maker.stop({ cancelAll: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-export-'));
    try {
      const r = await exportHistory(venue, { dir, symbol: 'ETH' });
      const read = (f: string) =>
        fs
          .readFileSync(path.join(dir, f), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(','));
      const trades = read('trades.csv');
      const positions = read('positions.csv');
      const funding = read('funding.csv');
      expect(trades[0]).toEqual([...TRADE_COLUMNS]);
      expect(positions[0]).toEqual([...POSITION_COLUMNS]);
      expect(funding[0]).toEqual([...FUNDING_COLUMNS]);
      const fills = engine.fills('mm', { symbol: 'ETH' });
      expect(fills.length).toBeGreaterThan(400); // more than two pages of 200
      expect(r.trades).toBe(fills.length);
      expect(trades.length - 1).toBe(fills.length);
      expect(new Set(trades.slice(1).map((t) => t[0])).size).toBe(fills.length);
      const ledger = engine.ledger('mm');
      const fees = ledger.filter((e) => e.type === 'fee').map((e) => e.amount);
      expect(sum(trades.slice(1).map((t) => new Decimal(t[6]!))).eq(sum(fees).neg())).toBe(true);
      const fundingLedger = ledger.filter((e) => e.type === 'funding').map((e) => e.amount);
      expect(fundingLedger.length).toBeGreaterThan(0);
      expect(funding.length - 1).toBe(fundingLedger.length);
      expect(sum(funding.slice(1).map((t) => new Decimal(t[5]!))).eq(sum(fundingLedger))).toBe(true);
      const pos = engine.positions('mm').find((p) => p.symbol === 'ETH');
      expect(positions.length - 1).toBe(pos && !pos.size.isZero() ? 1 : 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      engine.stop();
    }
  }, 180_000);
});
