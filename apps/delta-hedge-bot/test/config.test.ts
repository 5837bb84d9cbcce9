import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDnError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { extendedSecretProblem, readHedgeConfig, statePathSetting } from '../src/config.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-dh-config-'));
const none = path.join(dir, 'no.env');
const file = (data: unknown) => {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(p, JSON.stringify(data));
  return p;
};

describe('config', () => {
  it("defaults are the seed's", () => {
    const c = readHedgeConfig(undefined, {}, none);
    expect({
      BTC_SYMBOL: c.BTC_SYMBOL,
      ETH_SYMBOL: c.ETH_SYMBOL,
      BASE_POSITION_SIZE: c.BASE_POSITION_SIZE.toString(),
      LOOKBACK_DAYS: c.LOOKBACK_DAYS,
      REBALANCE_INTERVAL: c.REBALANCE_INTERVAL,
      HEDGE_REFRESH_INTERVAL: c.HEDGE_REFRESH_INTERVAL,
      STOP_LOSS_PCT: c.STOP_LOSS_PCT.toString(),
      MIN_ORDER_SIZE: c.MIN_ORDER_SIZE.toString(),
      POSITION_TOLERANCE: c.POSITION_TOLERANCE.toString(),
    }).toEqual({
      BTC_SYMBOL: 'BTC-PERP',
      ETH_SYMBOL: 'ETH-PERP',
      BASE_POSITION_SIZE: '0.01',
      LOOKBACK_DAYS: 365,
      REBALANCE_INTERVAL: 300,
      HEDGE_REFRESH_INTERVAL: 3600,
      STOP_LOSS_PCT: '0.08',
      MIN_ORDER_SIZE: '0.0001',
      POSITION_TOLERANCE: '0.0001',
    });
  });

  it('the environment sets a key, the config file with the same key overrides it', () => {
    const env = { BASE_POSITION_SIZE: '0.02', REBALANCE_INTERVAL: '60', POSITION_TOLERANCE: '1e-4' };
    const fromEnv = readHedgeConfig(undefined, env, none);
    expect(fromEnv.BASE_POSITION_SIZE.toString()).toBe('0.02');
    expect(fromEnv.REBALANCE_INTERVAL).toBe(60);
    expect(fromEnv.POSITION_TOLERANCE.toString()).toBe('0.0001');
    const both = readHedgeConfig(file({ BASE_POSITION_SIZE: 0.03, STOP_LOSS_MODE: 'pair' }), env, none);
    expect(both.BASE_POSITION_SIZE.toString()).toBe('0.03');
    expect(both.REBALANCE_INTERVAL).toBe(60);
    expect(both.STOP_LOSS_MODE).toBe('pair');
  });

  it('every bad key in one error', () => {
    let err: unknown;
    try {
      readHedgeConfig(file({ LOOKBACK_DAYS: 1.5, MIN_ORDER_SIZE: -1, VENUE: 'binance' }), {}, none);
    } catch (e) {
      err = e;
    }
    expect(isDnError(err, 'CONFIG')).toBe(true);
    const msg = (err as Error).message;
    for (const k of ['LOOKBACK_DAYS', 'MIN_ORDER_SIZE', 'VENUE']) expect(msg).toContain(k);
  });

  it('EXTENDED_API_SECRET without a Stark key and vault names both; with them it is fine', () => {
    const p = extendedSecretProblem({ EXTENDED_API_SECRET: 'fake-test-secret' });
    expect(p?.message).toContain('EXTENDED_STARK_PRIVATE_KEY');
    expect(p?.message).toContain('EXTENDED_VAULT');
    expect(p?.message).not.toContain('fake-test-secret');
    expect(
      extendedSecretProblem({
        EXTENDED_API_SECRET: 'fake',
        EXTENDED_STARK_PRIVATE_KEY: '0xfake',
        EXTENDED_VAULT: '1',
      }),
    ).toBeUndefined();
  });

  it('BOT_STATE_PATH: the config file wins over the environment', () => {
    expect(statePathSetting(undefined, { BOT_STATE_PATH: 'env.json' })).toBe('env.json');
    expect(statePathSetting(file({ BOT_STATE_PATH: 'file.json' }), { BOT_STATE_PATH: 'env.json' })).toBe('file.json');
    expect(statePathSetting(undefined, {})).toBeUndefined();
  });
});
