import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BotConfig, configNoteLines, configNotes, minNetAprPct, readConfig } from '../src/config.js';
import { cli } from './cli-run.js';

const fixtures = path.resolve(import.meta.dirname, 'fixtures/seeds');
const NO_DOTENV = '/nonexistent/.env';

/** `readConfig` is what `--config <file>` calls (through the start-up kit), with the file's resolved path. */
const load = (name: string) => readConfig(path.join(fixtures, name), {}, NO_DOTENV);

async function writeConfig(data: unknown): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-seedcfg-'));
  const file = path.join(dir, 'config.json');
  await fs.writeFile(file, JSON.stringify(data));
  return file;
}

function notesOf(config: BotConfig): Record<string, string> {
  return Object.fromEntries(configNotes(config).notes.map((n) => [n.key, n.kind]));
}

describe("seed 001's rotation_bot_config.json, as it is", () => {
  it('maps every key: same meanings pass, renamed ones map, the stop-loss is converted, the rest is explained', () => {
    const c = load('seed-001.rotation_bot_config.json');
    expect(configNotes(c).format).toBe('seed 001');
    expect(c.venues).toEqual(['edgex', 'lighter']);
    expect(c.symbols_to_monitor).toEqual([
      'BTC',
      'ETH',
      'SOL',
      'BNB',
      'ASTER',
      'PAXG',
      'DOGE',
      'XRP',
      'LINK',
      'HYPE',
      'PUMP',
      'FARTCOIN',
      'XPL',
    ]);
    expect(c.leverage.toString()).toBe('3');
    expect(c.notional_per_position.toString()).toBe('320');
    expect(c.hold_duration_hours.toString()).toBe('8');
    expect(c.wait_between_cycles_minutes.toString()).toBe('5');
    expect(c.check_interval_seconds.toString()).toBe('300');
    expect(minNetAprPct(c).toString()).toBe('5');
    expect(c.filters.min_net_apr_pct.toString()).toBe('5');
    // Seed 001 fired on one leg's loss; here the pair's summed loss, same unit (percent of notional).
    expect(c.stop_loss_pct_of_notional?.toString()).toBe('25');
    expect(c.stop_loss_percent).toBeUndefined();
    expect(c.enable_stop_loss).toBe(true);
    expect(notesOf(c)).toEqual({
      min_net_apr_threshold: 'mapped',
      stop_loss_percent: 'converted',
      quote: 'ignored',
      max_position_count: 'ignored',
      enable_pnl_tracking: 'ignored',
      enable_health_monitoring: 'ignored',
      venues: 'converted',
    });
    // Its comment_ keys document the file; they are neither config nor warnings.
    expect(configNoteLines(c).join('\n')).not.toMatch(/comment/);
    expect(configNoteLines(c)[0]).toBe("config: read as seed 001's format; 7 key(s) not taken as they are:");
  });

  it('its successor bot_config.json: the volume and cross-spread filters map onto ours', () => {
    const c = load('seed-001.bot_config.json');
    expect(c.venues).toEqual(['edgex', 'lighter']);
    expect(c.leverage.toString()).toBe('1');
    expect(c.notional_per_position.toString()).toBe('900');
    expect(c.hold_duration_hours.toString()).toBe('12');
    expect(c.filters.min_combined_volume_usd.toString()).toBe('250000000');
    expect(c.filters.max_cross_exchange_spread_pct.toString()).toBe('0.15');
    expect(notesOf(c)).toMatchObject({ min_volume_usd: 'mapped', max_spread_pct: 'mapped' });
  });

  it('refuses what it cannot honour, with the reason, and lists what it does not know', async () => {
    const bad = await writeConfig({ quote: 'USDT', max_position_count: 3, leverage: 3 });
    expect(() => readConfig(bad, {}, NO_DOTENV)).toThrow(
      /quote: quote "USDT" is not supported[\s\S]*max_position_count/,
    );
    const odd = await writeConfig({ quote: 'USD', dry_run: true, enable_pnl_tracking: false });
    const c = readConfig(odd, {}, NO_DOTENV);
    expect(notesOf(c)).toMatchObject({ dry_run: 'unknown', enable_pnl_tracking: 'ignored' });
    expect(configNoteLines(c)).toContain('config: warning: dry_run: not a seed 001 key this bot knows; ignored');
  });

  it('our own key in a seed file wins over the seed name, and says so', async () => {
    const file = await writeConfig({
      quote: 'USD',
      stop_loss_percent: 25,
      stop_loss_pct_of_notional: 12,
      venues: ['lighter', 'pacifica'],
    });
    const c = readConfig(file, {}, NO_DOTENV);
    expect(c.stop_loss_pct_of_notional?.toString()).toBe('12');
    expect(c.venues).toEqual(['lighter', 'pacifica']);
    expect(notesOf(c).stop_loss_percent).toBe('ignored');
    expect(notesOf(c).venues).toBeUndefined();
  });
});

describe("seed 003's config.json, as it is", () => {
  it('filters as they are, trading mapped, display and performance explained', () => {
    const c = load('seed-003.config.json');
    expect(configNotes(c).format).toBe('seed 003');
    expect(c.venues).toEqual(['extended', 'pacifica']);
    expect(c.filters.min_combined_volume_usd.toString()).toBe('20000000');
    expect(c.filters.max_intra_exchange_spread_pct.toString()).toBe('0.15');
    expect(c.filters.max_cross_exchange_spread_pct.toString()).toBe('0.25');
    expect(minNetAprPct(c).toString()).toBe('5');
    // Seed 003 opens at its cap when the margin allows: cap and target both take it.
    expect(c.max_position_size_usd.toString()).toBe('800');
    expect(c.notional_per_position.toString()).toBe('800');
    expect(c.hold_duration_hours.toString()).toBe('23');
    expect(configNotes(c).notes.map((n) => `${n.key}:${n.kind}`)).toEqual([
      'trading.max_position_size_usd:mapped',
      'trading.max_position_size_usd:converted',
      'trading.hold_time_hours:mapped',
      'display.max_opportunities_shown:ignored',
      'display.show_filtered_out_count:ignored',
      'performance.fetch_timeout_seconds:ignored',
      'performance.rate_limit_delay_ms:ignored',
      'venues:converted',
    ]);
  });

  it('an unknown filter is a warning in a seed file, an error in ours', async () => {
    const seed = await writeConfig({ trading: { hold_time_hours: 10 }, filters: { min_open_interest_usd: 5 } });
    expect(notesOf(readConfig(seed, {}, NO_DOTENV))['filters.min_open_interest_usd']).toBe('unknown');
    const ours = await writeConfig({ filters: { min_open_interest_usd: 5 } });
    expect(() => readConfig(ours, {}, NO_DOTENV)).toThrow(/min_open_interest_usd/);
  });

  it('a file mixing both seeds is refused: which venues it means is a guess', async () => {
    const mixed = await writeConfig({ quote: 'USD', trading: { hold_time_hours: 8 } });
    expect(() => readConfig(mixed, {}, NO_DOTENV)).toThrow(
      /mixes seed 001 keys \(quote\) and seed 003 sections \(trading\)/,
    );
  });
});

describe('our own format', () => {
  it('has no notes and stays strict', async () => {
    const c = readConfig(await writeConfig({ leverage: 2 }), {}, NO_DOTENV);
    expect(configNotes(c)).toEqual({ notes: [] });
    expect(configNoteLines(c)).toEqual([]);
    await expect(writeConfig({ leverag: 2 }).then((f) => readConfig(f, {}, NO_DOTENV))).rejects.toThrow(/leverag/);
  });
});

describe('through the CLI (--config <seed file>)', () => {
  it.each([
    ['seed-001.rotation_bot_config.json', 'edgex + lighter', /stop_loss_percent 25 → stop_loss_pct_of_notional 25/],
    ['seed-003.config.json', 'extended + pacifica', /warning: performance.rate_limit_delay_ms ignored/],
  ])(
    '%s starts in paper mode with the notes printed',
    async (name, venues, line) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-seedcli-'));
      await fs.copyFile(path.join(fixtures, name), path.join(dir, name));
      const r = await cli(['--config', name, '--paper', '--speed', '36000', '--run-for', '1h', '--no-dashboard'], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/rotation-bot: config: read as seed 00[13]'s format/);
      expect(r.stdout).toMatch(line);
      expect(r.stdout).toContain(`PAPER mode on ${venues}`);
      await fs.rm(dir, { recursive: true });
    },
    120_000,
  );
});
