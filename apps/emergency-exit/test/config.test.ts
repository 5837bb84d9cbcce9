import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { parseSymbolList, parseVenueList, readExitConfig, venuesWithCredentials } from '../src/config.js';

describe('config', () => {
  it('reads the bots’ config file, taking only the keys it shares and ignoring the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-config-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        venues: ['extended', 'pacifica'],
        leverage: 3,
        halt_file: '/var/run/dn/HALT.json',
        price_band_pct: '0.3',
        emergency_exit: { max_attempts: 12 },
      }),
    );
    const c = readExitConfig(file, {});
    expect(c.halt_file).toBe('/var/run/dn/HALT.json');
    expect(c.price_band_pct?.toString()).toBe('0.3');
    expect(c.emergency_exit?.max_attempts).toBe(12);
    expect(readExitConfig(undefined, {}).halt_file).toBe('rotation-bot.HALT.json');
    fs.writeFileSync(file, JSON.stringify({ emergency_exit: { max_attempts: 0, typo: 1 } }));
    expect(() => readExitConfig(file, {})).toThrow(ConfigError);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a venue is configured only when all its credentials are set', () => {
    expect(
      venuesWithCredentials({
        PACIFICA_ACCOUNT: 'fake-test-account',
        PACIFICA_SECRET_KEY: 'fake-test-key',
        EDGEX_ACCOUNT_ID: '1',
      }),
    ).toEqual(['pacifica']);
    expect(venuesWithCredentials({})).toEqual([]);
  });

  it('parses venue and symbol lists', () => {
    expect(parseVenueList('Extended, lighter,extended')).toEqual(['extended', 'lighter']);
    expect(() => parseVenueList('binance')).toThrow(/unknown venue "binance"/);
    expect(() => parseVenueList(' , ')).toThrow(/at least one/);
    expect(parseSymbolList('btc, ETH,btc')).toEqual(['BTC', 'ETH']);
  });
});
