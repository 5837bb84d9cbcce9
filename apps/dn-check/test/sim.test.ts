import type { VenueName } from '@dn/connect';
import { EdgexClient, EdgexVenue } from '@dn/edgex';
import { ExtendedClient, ExtendedVenue } from '@dn/extended';
import { LighterClient, LighterVenue } from '@dn/lighter';
import { PacificaClient, PacificaVenue } from '@dn/pacifica';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ALL_VENUES,
  cli,
  type JsonReport,
  type Recorded,
  type Sims,
  startProxy,
  startSims,
  TEST_TIMEOUT_MS,
} from './helpers.js';

let sims: Sims;
beforeAll(async () => {
  sims = await startSims();
}, 180_000);
afterAll(async () => {
  await sims?.close();
});

const args = (file: string, ...more: string[]) => [
  '--sim',
  file,
  '--json',
  '--timeout-ms',
  String(TEST_TIMEOUT_MS),
  ...more,
];

/** Endpoints every venue's report must contain, by what they are for. */
const EXPECTED_PUBLIC: Record<VenueName, string[]> = {
  extended: [
    'GET /info/markets',
    'GET /info/markets/{m}/orderbook',
    'GET /info/markets/{m}/stats',
    'GET /info/candles/{m}/trades',
    'GET /info/{m}/funding',
    'GET /info/markets/{m}/trades',
    'WS /orderbooks/{m}',
    'WS /prices/mark/{m}',
    'WS /publicTrades/{m}',
    'WS /funding/{m}',
  ],
  pacifica: [
    'GET /info',
    'GET /book',
    'GET /info/prices',
    'GET /kline',
    'GET /funding_rate/history',
    'GET /trades',
    'WS book',
    'WS prices',
    'WS trades',
  ],
  edgex: [
    'GET meta/getMetaData',
    'GET quote/getDepth',
    'GET funding/getLatestFundingRate',
    'GET quote/getTicker (all)',
    'GET quote/getKline',
    'GET funding/getFundingRatePage',
    'WS depth.{c}.15',
    'WS ticker.{c}',
  ],
  lighter: [
    'GET /api/v1/orderBookDetails',
    'GET /api/v1/orderBookOrders',
    'GET /api/v1/funding-rates',
    'GET /api/v1/candles',
    'GET /api/v1/fundings',
    'WS order_book/{m}',
    'WS market_stats/{m}',
  ],
};

describe('dn-check against the simulator, every venue', () => {
  it('public: every endpoint and stream answers and parses, without credentials; exit 0', async () => {
    const r = await cli(args(await sims.connectionFile()));
    expect(r.code, r.out + r.err).toBe(0);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.venues.map((v) => v.venue)).toEqual(ALL_VENUES);
    for (const v of report.venues) {
      const endpoints = v.checks.map((c) => c.endpoint);
      expect(endpoints).toEqual(expect.arrayContaining(EXPECTED_PUBLIC[v.venue as VenueName]));
      expect(v.checks.every((c) => c.scope === 'public')).toBe(true);
      for (const c of v.checks) {
        expect(['ok', 'quiet'], `${v.venue} ${c.endpoint}: ${c.detail}`).toContain(c.status);
        if (c.status === 'ok') expect(c.latencyMs).toBeGreaterThanOrEqual(0);
      }
      // Order book rows carry what came back, not just "no throw".
      const book = v.checks[1];
      expect(book?.detail).toMatch(/levels, bid \d/);
      // Book and price streams always push on the simulator; only trades/funding pushes may be quiet.
      for (const c of v.checks.filter((x) => x.status === 'quiet')) expect(c.endpoint).toMatch(/trades|funding/i);
    }
  }, 180_000);

  it('--private: balance, positions, open orders, fills and funding payments read; nothing but GETs, no write method called', async () => {
    const proxies = new Map<VenueName, Awaited<ReturnType<typeof startProxy>>>();
    for (const [venue, h] of sims.handles) proxies.set(venue, await startProxy(h.restUrl));
    const spies = spyOnWrites();
    const violations: string[] = [];
    try {
      const file = await sims.connectionFile(Object.fromEntries([...proxies].map(([v, p]) => [v, p.url])));
      const r = await cli(args(file, '--private'), {}, { onViolation: (m) => violations.push(m) });
      expect(r.code, r.out + r.err).toBe(0);
      const report = JSON.parse(r.out) as JsonReport;
      for (const v of report.venues) {
        const priv = v.checks.filter((c) => c.scope === 'private');
        expect(priv.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
        expect(priv[0]?.detail).toBe('equity 100000');
        expect(priv[1]?.detail).toBe('0 open');
      }
      const requests: Recorded[] = [...proxies.values()].flatMap((p) => p.requests);
      expect(requests.length).toBeGreaterThan(40);
      expect(requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(violations).toEqual([]);
      for (const [name, spy] of spies) expect(spy, name).not.toHaveBeenCalled();
      expect(spies.size).toBeGreaterThan(20);
    } finally {
      vi.restoreAllMocks();
      await Promise.all([...proxies.values()].map((p) => p.close()));
    }
  }, 180_000);
});

/** A spy on every method of every client class whose name says it could change the account. */
function spyOnWrites(): Map<string, ReturnType<typeof vi.spyOn>> {
  const spies = new Map<string, ReturnType<typeof vi.spyOn>>();
  const writes = /^(place|cancel|create|edit|modify|send|set|update|mass|batch|trade$|build|sign)/;
  for (const cls of [
    ExtendedClient,
    ExtendedVenue,
    PacificaClient,
    PacificaVenue,
    EdgexClient,
    EdgexVenue,
    LighterClient,
    LighterVenue,
  ]) {
    const proto = cls.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (!writes.test(name) || typeof d?.value !== 'function') continue;
      spies.set(`${cls.name}.${name}`, vi.spyOn(proto as Record<string, () => unknown>, name));
    }
  }
  return spies;
}
