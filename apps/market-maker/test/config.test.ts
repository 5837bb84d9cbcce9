import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enabledMarkets, marketMakerConfigSchema, readMarketMakerConfig } from '../src/config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seedFile = path.join(here, 'fixtures/seed-002-config.json');

describe('config', () => {
  it("accepts seed 002's example file as is", () => {
    const cfg = readMarketMakerConfig(seedFile, {}, path.join(os.tmpdir(), 'no-such.env'));
    expect(cfg.stp).toBe('ACCOUNT');
    expect(cfg.quote_loop_ms).toBe(300);
    expect(cfg.replace_coalesce_ms).toBe(400);
    // The example's upper-case key is honoured (the seed's own model ignored it).
    expect(cfg.dead_mans_switch_sec).toBe(60);
    expect(cfg.risk.max_net_position_usd.toString()).toBe('500');
    expect(cfg.risk.max_open_orders).toBe(20);
    expect(cfg.risk.min_balance_usd.toString()).toBe('10');
    expect(cfg.markets.map((m) => m.symbol)).toEqual(['BTC-USD', 'ETH-USD', 'ASTER-USD']);
    expect(enabledMarkets(cfg).map((m) => m.symbol)).toEqual(['ETH-USD']);
    const eth = enabledMarkets(cfg)[0]!;
    expect(eth.K).toBe(2);
    expect(eth.base_spread).toBe(0.00015);
    expect(eth.quote_notional_cap_usd.toString()).toBe('150');
    expect(eth.min_order_size.toString()).toBe('0.01');
    expect(eth.inventory_sensitivity).toBe(0.9);
    expect(eth.model).toBe('seed');
    // BTC omits base_spread: the seed model's default.
    expect(cfg.markets[0]!.base_spread).toBe(0.001);
    expect(cfg.fees_override).toEqual({ makerFeeRate: null, takerFeeRate: null });
    expect(cfg.venue).toBe('extended');
  });

  it('accepts the map form with `enable` and the lower-case switch key, with the seed defaults', () => {
    const cfg = marketMakerConfigSchema.parse({
      dead_mans_switch_sec: 30,
      markets: { 'eth-usd': { enable: false }, 'BTC-USD': { model: 'glft' } },
    });
    expect(cfg.dead_mans_switch_sec).toBe(30);
    expect(cfg.quote_loop_ms).toBe(250);
    expect(cfg.risk.max_open_orders).toBe(30);
    expect(cfg.markets.map((m) => [m.symbol, m.enabled, m.model])).toEqual([
      ['ETH-USD', false, 'seed'],
      ['BTC-USD', true, 'glft'],
    ]);
  });

  it('DEAD_MANS_SWITCH_SEC from the environment overrides the file, as in the seed', () => {
    const cfg = readMarketMakerConfig(seedFile, { DEAD_MANS_SWITCH_SEC: '90' }, path.join(os.tmpdir(), 'none.env'));
    expect(cfg.dead_mans_switch_sec).toBe(90);
  });

  it('refuses bad values with the key named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-cfg-'));
    const f = path.join(dir, 'c.json');
    fs.writeFileSync(f, JSON.stringify({ markets: { 'ETH-USD': { quote_notional_cap_usd: -5 } } }));
    expect(() => readMarketMakerConfig(f, {}, path.join(dir, '.env'))).toThrow(/quote_notional_cap_usd/);
    fs.writeFileSync(f, JSON.stringify({ markets: {}, stp: 'NOPE' }));
    expect(() => readMarketMakerConfig(f, {}, path.join(dir, '.env'))).toThrow(/stp/);
    for (const bad of [0, 100, 1.5, '10']) {
      fs.writeFileSync(f, JSON.stringify({ markets: {}, realtime_priority: bad }));
      expect(() => readMarketMakerConfig(f, {}, path.join(dir, '.env'))).toThrow(/realtime_priority/);
    }
    fs.writeFileSync(f, JSON.stringify({ markets: {}, realtime_priority: 10 }));
    expect(readMarketMakerConfig(f, {}, path.join(dir, '.env')).realtime_priority).toBe(10);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has a default with no file: quotes ETH-USD', () => {
    const cfg = readMarketMakerConfig(undefined, {}, '/nonexistent/.env');
    expect(enabledMarkets(cfg).map((m) => m.symbol)).toEqual(['ETH-USD']);
    // Real-time scheduling is opt-in.
    expect(cfg.realtime_priority).toBeUndefined();
  });
});
