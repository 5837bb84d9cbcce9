import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, createLogger, Decimal, VirtualClock } from '@dn/core';
import { Closables } from '@dn/core/testing';
import { startSimVenues } from '@dn/sim';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVenues, credentialsFromEnv, hasCredentials, type VenueConnection } from '../src/index.js';

const log = createLogger({ name: 'test', level: 'silent', console: false });
const opened = new Closables<VenueConnection>();
afterEach(() => opened.closeAll());

describe('credentials from the environment', () => {
  it('reads every option of a venue and never needs the optional ones', () => {
    const env = { LIGHTER_ACCOUNT_INDEX: '12', LIGHTER_API_KEY_INDEX: '3', LIGHTER_PRIVATE_KEY: '0xFAKE' };
    expect(hasCredentials('lighter', env)).toBe(true);
    expect(hasCredentials('extended', env)).toBe(false);
    expect(credentialsFromEnv('lighter', env)).toEqual({ accountIndex: '12', apiKeyIndex: '3', privateKey: '0xFAKE' });
    expect(
      credentialsFromEnv('edgex', {
        EDGEX_ACCOUNT_ID: '1',
        EDGEX_API_VERSION: 'v1',
        EDGEX_STARK_PRIVATE_KEY: '0xFAKE',
      }),
    ).toEqual({
      accountId: '1',
      apiVersion: 'v1',
      starkPrivateKey: '0xFAKE',
    });
  });

  it('names every missing variable and no value', () => {
    let err: unknown;
    try {
      credentialsFromEnv('extended', { EXTENDED_API_KEY: 'FAKE-SECRET-VALUE' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('EXTENDED_STARK_PRIVATE_KEY');
    expect(msg).toContain('EXTENDED_VAULT');
    expect(msg).not.toContain('FAKE-SECRET-VALUE');
  });

  it('live mode refuses to start without credentials', async () => {
    await expect(
      connectVenues({
        mode: 'live',
        venues: ['pacifica'],
        seed: 1,
        speed: 1,
        collateral: new Decimal(0),
        log,
        env: {},
      }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('paper mode', () => {
  it('serves all four venues over their real protocols and trades through the real connectors', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), mode: { speed: 1 } });
    const conn = opened.add(
      await connectVenues({
        mode: 'paper',
        venues: ['extended', 'pacifica', 'edgex', 'lighter'],
        seed: 3,
        speed: 1,
        collateral: new Decimal(5000),
        log,
        clock,
      }),
    );
    expect(Object.fromEntries(conn.transports ?? [])).toEqual({
      extended: 'protocol',
      pacifica: 'protocol',
      edgex: 'protocol',
      lighter: 'protocol',
    });
    for (const { name, venue } of conn.venues) {
      const markets = await venue.getMarkets();
      expect(
        markets.some((m) => m.symbol === 'BTC'),
        name,
      ).toBe(true);
      const balance = await venue.getBalance();
      expect(balance.collateral.eq(5000), name).toBe(true);
      const funding = await venue.getFunding('ETH');
      expect(funding.intervalHours, name).toBe(name === 'edgex' ? 4 : 1);
    }
  }, 60_000);

  it('can skip the protocol for fast unit tests', async () => {
    const conn = opened.add(
      await connectVenues({
        mode: 'paper',
        venues: ['extended', 'lighter'],
        seed: 3,
        speed: 10,
        collateral: new Decimal(1000),
        log,
        transport: 'engine',
      }),
    );
    expect([...(conn.transports?.values() ?? [])]).toEqual(['engine', 'engine']);
    await conn.venues[0]?.venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
    // Before the trade the ledger holds only the deposit; after it, a fee the zero totals do not account for.
    expect(conn.ledgerMatches?.({ feesUsd: '0', fundingUsd: '0', pricePnlUsd: '0', untilMs: 0 })).toBe(true);
    expect(
      conn.ledgerMatches?.({ feesUsd: '0', fundingUsd: '0', pricePnlUsd: '0', untilMs: Number.MAX_SAFE_INTEGER }),
    ).toBe(false);
  });
});

describe('sim-file mode', () => {
  it('connects to a running simulator from its connection file, on its clock', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 5), realStartMs: Date.now(), mode: { speed: 60 } });
    const sims = await startSimVenues({ venues: ['lighter'], seed: 2, clock, accounts: 1, collateral: 777 });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-connect-'));
    try {
      const lighter = sims.get('lighter');
      const account = lighter?.accounts[0];
      const file = path.join(dir, 'sim.json');
      await fs.writeFile(
        file,
        JSON.stringify({
          clock: { speed: 60, virtualStartMs: Date.UTC(2026, 0, 5), realStartMs: Date.now() },
          venues: {
            lighter: {
              restUrl: lighter?.restUrl,
              wsUrl: lighter?.wsUrl,
              credentials: account?.credentials,
              accountId: account?.accountId,
            },
          },
        }),
      );
      const conn = opened.add(
        await connectVenues({
          mode: 'sim-file',
          simFile: file,
          venues: ['lighter'],
          seed: 0,
          speed: 1,
          collateral: new Decimal(0),
          log,
        }),
      );
      expect(conn.speed).toBe(60);
      expect(Math.abs((conn.clock?.now() ?? 0) - clock.now())).toBeLessThan(60_000);
      const balance = await conn.venues[0]?.venue.getBalance();
      expect(balance?.collateral.eq(777)).toBe(true);
      await expect(
        connectVenues({
          mode: 'sim-file',
          simFile: file,
          venues: ['edgex'],
          seed: 0,
          speed: 1,
          collateral: new Decimal(0),
          log,
        }),
      ).rejects.toThrow(/edgex is not served by the simulator/);
    } finally {
      await Promise.all([...sims.values()].map((s) => s.close()));
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
