import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, createLogger, Decimal, InvalidInputError, type PerpVenue } from '@dn/core';
import { Closables } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertSimUrls,
  connectVenues,
  createClient,
  credentialsFromEnv,
  guardOpenings,
  hasAnyCredential,
  hasCredentials,
  isLoopback,
  missingCredentials,
  type VenueConnection,
} from '../src/index.js';
import { recordingVenue } from './recording-venue.js';

const log = createLogger({ name: 'test', level: 'silent', console: false });
const opened = new Closables<VenueConnection>();
afterEach(() => opened.closeAll());

describe("seeds' credential names", () => {
  it('accepts the common Lighter names, the canonical name winning', () => {
    const env = {
      ACCOUNT_INDEX: '5',
      API_KEY_INDEX: '2',
      API_KEY_PRIVATE_KEY: '0xFAKE-alias',
      LIGHTER_PRIVATE_KEY: '0xFAKE',
    };
    expect(credentialsFromEnv('lighter', env)).toEqual({ accountIndex: '5', apiKeyIndex: '2', privateKey: '0xFAKE' });
    expect(hasCredentials('lighter', { ...env, LIGHTER_PRIVATE_KEY: undefined })).toBe(true);
  });

  it('a partial edgeX set is incomplete and names the variables, not the options', () => {
    const env = { EDGEX_ACCOUNT_ID: '1', EDGEX_API_KEY: 'FAKE' };
    expect(hasCredentials('edgex', env)).toBe(false);
    expect(hasAnyCredential('edgex', env)).toBe(true);
    expect(missingCredentials('edgex', env)).toEqual([
      'EDGEX_PASSPHRASE',
      'EDGEX_API_SECRET',
      'EDGEX_TRADING_PRIVATE_KEY',
    ]);
    let message = '';
    try {
      credentialsFromEnv('edgex', env);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('EDGEX_PASSPHRASE (or EDGEX_API_PASSPHRASE)');
    expect(message).not.toContain('passphrase:');
    expect(hasAnyCredential('edgex', { EDGEX_API_VERSION: 'v1' })).toBe(false);
  });
});

describe('simulator URLs', () => {
  const conn = (restUrl: string, wsUrl = 'ws://127.0.0.1:1') => ({
    clock: { speed: 1, virtualStartMs: 0, realStartMs: 0 },
    venues: { extended: { restUrl, wsUrl, credentials: {}, accountId: '1' } },
  });
  it('accepts loopback only, unless allowed', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('[::1]') && isLoopback('127.1.2.3')).toBe(
      true,
    );
    expect(isLoopback('10.0.0.1') || isLoopback('api.extended.exchange') || isLoopback('127.0.0.1.evil.com')).toBe(
      false,
    );
    expect(() =>
      assertSimUrls(conn('http://127.0.0.1:5'), ['extended'], { file: 'f', allowRemote: false }),
    ).not.toThrow();
    expect(() =>
      assertSimUrls(conn('https://api.x.exchange'), ['extended'], { file: 'f', allowRemote: false }),
    ).toThrow(/not this machine/);
    expect(() =>
      assertSimUrls(conn('https://10.0.0.2:8'), ['extended'], { file: 'f', allowRemote: true }),
    ).not.toThrow();
  });

  it('an empty URL is an error even when remote simulators are allowed', () => {
    expect(() => assertSimUrls(conn(''), ['extended'], { file: 'f', allowRemote: true })).toThrow(ConfigError);
    expect(() => assertSimUrls(conn('http://127.0.0.1:1', ''), ['extended'], { file: 'f', allowRemote: true })).toThrow(
      /empty/,
    );
    expect(() => createClient('extended', { restUrl: '', credentials: {} })).toThrow(ConfigError);
  });

  it('sim-file mode refuses a connection file pointing away from this machine', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-simurl-'));
    const file = path.join(dir, 'sim.json');
    await fs.writeFile(file, JSON.stringify(conn('')));
    await expect(
      connectVenues({
        mode: 'sim-file',
        simFile: file,
        venues: ['extended'],
        seed: 1,
        speed: 1,
        collateral: new Decimal(0),
        log,
      }),
    ).rejects.toThrow(/restUrl: is empty/);
    await fs.rm(dir, { recursive: true });
  });
});

describe('guardOpenings', () => {
  it('refuses opening orders while halted and lets reduce-only ones through', async () => {
    const { venue, sent } = recordingVenue();
    let halted: string | undefined;
    const guarded = guardOpenings(venue, () => halted) as PerpVenue & { other(): boolean };
    await guarded.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '1' });
    halted = '/home/dn.HALT.json';
    await expect(guarded.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '1' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await guarded.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '1', reduceOnly: true });
    expect(sent).toHaveLength(2);
    expect(guarded.other()).toBe(true);
  });
});

describe('paper world persistence', () => {
  it('a new paper connection on the same folder continues the world: positions, balance, clock', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-paperworld-'));
    const options = {
      mode: 'paper' as const,
      venues: ['extended' as const],
      seed: 1,
      speed: 1000,
      collateral: new Decimal(10_000),
      log,
      stateDir: dir,
    };
    const conn = opened.add(await connectVenues(options));
    expect(conn.restored).toBe(false);
    const venue = conn.venues[0]?.venue as PerpVenue;
    await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    const before = (await venue.getPositions()).find((p) => p.symbol === 'BTC');
    expect(before?.size.toString()).toBe('0.01');
    const clockBefore = conn.clock?.now() as number;
    // Saved after the order: a process killed now restarts with it (no close needed).
    await new Promise((r) => setTimeout(r, 100));
    const saved = JSON.parse(await fs.readFile(path.join(dir, 'sim-state.json'), 'utf8'));
    expect(saved.data.venues[0].venue).toBe('extended');
    await conn.close();
    opened.delete(conn);
    const again = opened.add(await connectVenues(options));
    expect(again.restored).toBe(true);
    const restoredVenue = again.venues[0]?.venue as PerpVenue;
    const after = (await restoredVenue.getPositions()).find((p) => p.symbol === 'BTC');
    expect(after?.size.toString()).toBe('0.01');
    expect(again.clock?.now()).toBeGreaterThanOrEqual(clockBefore);
    await fs.rm(dir, { recursive: true });
  }, 60_000);
});
