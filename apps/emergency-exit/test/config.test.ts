import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CREDENTIAL_ENV, parseSymbolList, parseVenueList, withDotenv } from '@dn/connect';
import { ConfigError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { missingCredentials, readExitConfig, venuesWithCredentials } from '../src/config.js';

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
    // Read for compatibility only: the home's sentinel is the one every app obeys.
    expect(readExitConfig(undefined, {}, false).halt_file).toBeUndefined();
    fs.writeFileSync(file, JSON.stringify({ emergency_exit: { max_attempts: 0, typo: 1 } }));
    expect(() => readExitConfig(file, {})).toThrow(ConfigError);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a venue is configured only when all its required credentials are set (names from @dn/connect)', () => {
    const env = {
      PACIFICA_ACCOUNT: 'fake-test-account',
      PACIFICA_SECRET_KEY: 'fake-test-key',
      LIGHTER_ACCOUNT_INDEX: '1',
      LIGHTER_PRIVATE_KEY: 'fake-test-key',
    };
    expect(venuesWithCredentials(env)).toEqual(['pacifica']);
    expect(missingCredentials('lighter', env)).toEqual(['LIGHTER_API_KEY_INDEX']);
    expect(missingCredentials('extended', env)).toEqual(Object.values(CREDENTIAL_ENV.extended.required));
    expect(venuesWithCredentials({})).toEqual([]);
  });

  it('reads credentials from the environment and .env, the real environment winning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-env-'));
    const dotenv = path.join(dir, '.env');
    fs.writeFileSync(
      dotenv,
      'LIGHTER_ACCOUNT_INDEX=7\nLIGHTER_API_KEY_INDEX=2\nLIGHTER_PRIVATE_KEY=from-dotenv-FAKE\n',
    );
    const env = withDotenv({ LIGHTER_PRIVATE_KEY: 'from-env-FAKE', PATH: '/bin' }, dotenv);
    expect(env).toMatchObject({
      LIGHTER_ACCOUNT_INDEX: '7',
      LIGHTER_API_KEY_INDEX: '2',
      LIGHTER_PRIVATE_KEY: 'from-env-FAKE',
    });
    expect(venuesWithCredentials(env)).toEqual(['lighter']);
    expect(withDotenv({ A: '1' }, path.join(dir, 'none'))).toEqual({ A: '1' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('parses venue and symbol lists', () => {
    expect(parseVenueList('Extended, lighter,extended')).toEqual(['extended', 'lighter']);
    expect(() => parseVenueList('binance')).toThrow(/unknown venue "binance"/);
    expect(() => parseVenueList(' , ')).toThrow(/at least one/);
    expect(parseSymbolList('btc, ETH,btc')).toEqual(['BTC', 'ETH']);
  });
});
