import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDnError } from '@dn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfigFile, readHedgeConfig, writeDirection } from '../src/config.js';
import { cleanHomes, cli, tempHome, writeConfig } from './helpers.js';

afterAll(cleanHomes);

const SEED_001 = fileURLToPath(new URL('./fixtures/seed-001/hedge_config.json', import.meta.url));

function issuesOf(config: Record<string, unknown>): string[] {
  const home = tempHome();
  try {
    readHedgeConfig(writeConfig(home, config));
  } catch (e) {
    if (isDnError(e, 'CONFIG')) return e.context.issues.map((i) => `${i.key}: ${i.problem}`);
    throw e;
  }
  return [];
}

const base = { symbol: 'btc', long_exchange: 'Lighter', short_exchange: 'edgex', leverage: 3 };

describe('hedge_config.json', () => {
  it("accepts seed 001's file as it is", () => {
    const c = readHedgeConfig(SEED_001);
    expect({
      symbol: c.symbol,
      quote: c.quote,
      long: c.long_exchange,
      short: c.short_exchange,
      leverage: c.leverage.toString(),
      notional: c.notional.toString(),
      unknown: c.unknownKeys,
    }).toEqual({
      symbol: 'HYPE',
      quote: 'USD',
      long: 'lighter',
      short: 'edgex',
      leverage: '5',
      notional: '200',
      unknown: [],
    });
  });

  it('normalises case, defaults quote and notional like the seed (USD, 40), lists unknown keys', () => {
    const c = readHedgeConfig(writeConfig(tempHome(), { ...base, comment: 'x' }));
    expect([c.symbol, c.long_exchange, c.quote, c.notional.toString(), c.unknownKeys]).toEqual([
      'BTC',
      'lighter',
      'USD',
      '40',
      ['comment'],
    ]);
  });

  it('refuses what would trade wrongly, naming the key', () => {
    expect(issuesOf({ ...base, short_exchange: 'lighter' })).toEqual([
      expect.stringMatching(/^short_exchange: .*must differ/),
    ]);
    expect(issuesOf({ ...base, long_exchange: 'binance' })).toEqual([
      expect.stringMatching(/^long_exchange: must be one of/),
    ]);
    expect(issuesOf({ ...base, leverage: 2.5 })).toEqual(['leverage: must be a whole number >= 1']);
    expect(issuesOf({ ...base, leverage: 0 })).toEqual(['leverage: must be a whole number >= 1']);
    expect(issuesOf({ ...base, notional: -5 })).toEqual(['notional: must be > 0']);
    expect(issuesOf({ ...base, quote: 'EUR' })).toEqual([
      expect.stringMatching(/^quote: must be one of USD, USDC, USDT/),
    ]);
    expect(
      issuesOf({ symbol: 'BTC' })
        .map((i) => i.split(':')[0])
        .sort(),
    ).toEqual(['leverage', 'long_exchange', 'short_exchange']);
  });

  it('is found in the folder the command was run in, then in the home; --config wins', () => {
    const here = tempHome();
    const home = tempHome();
    expect(findConfigFile(undefined, here, home)).toBeUndefined();
    const inHome = writeConfig(home, base);
    expect(findConfigFile(undefined, here, home)).toBe(inHome);
    const inHere = writeConfig(here, base);
    expect(findConfigFile(undefined, here, home)).toBe(inHere);
    expect(findConfigFile('other.json', here, home)).toBe(path.join(here, 'other.json'));
  });

  it('writeDirection swaps long/short and keeps every other key as written', () => {
    const file = writeConfig(tempHome(), { ...base, notional: 123.5, note: 'mine' });
    writeDirection(file, 'edgex', 'lighter');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      ...base,
      notional: 123.5,
      note: 'mine',
      long_exchange: 'edgex',
      short_exchange: 'lighter',
    });
  });

  it("runs on seed 001's file in paper mode: status, and capacity on HYPE (or its refusal where the simulator lists no HYPE)", async () => {
    const home = tempHome();
    let listed = false;
    const status = await cli(home, ['--config', SEED_001, 'status', '--json'], {
      onConnected: async (conn) => {
        const lists = await Promise.all(
          conn.venues.map(async (v) => (await v.venue.getMarkets()).some((m) => m.symbol === 'HYPE')),
        );
        listed = lists.every(Boolean);
      },
    });
    expect(status.code, status.err).toBe(0);
    expect(status.json()).toMatchObject({ symbol: 'HYPE', verdict: 'flat' });
    const capacity = await cli(home, ['--config', SEED_001, 'capacity']);
    if (listed) {
      expect(capacity.code, capacity.err).toBe(0);
      expect(capacity.out).toContain('capacity of HYPE/USD: long lighter, short edgex, 5x');
    } else {
      expect(capacity.code).toBe(1);
      expect(capacity.err).toContain('does not list HYPE');
    }
  });

  it('a symbol a venue does not list: exit 1 naming it; --json prints the error object', async () => {
    const home = tempHome();
    const file = writeConfig(home, { ...base, symbol: 'NOPE' });
    const r = await cli(home, ['--config', file, 'funding', '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not list NOPE');
    expect(r.json()).toMatchObject({ mode: 'paper', command: 'funding', error: expect.stringContaining('NOPE') });
  });

  it('a bad config exits 2 with the key and the problem; nothing is connected', async () => {
    const home = tempHome();
    const file = writeConfig(home, { ...base, leverage: 'lots' });
    const r = await cli(home, ['--config', file, 'status']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('leverage: "lots" is not a decimal number');
    expect(fs.existsSync(path.join(home, 'paper'))).toBe(false);
  });
});
