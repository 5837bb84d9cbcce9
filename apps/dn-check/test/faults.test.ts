import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, type JsonReport, type Sims, startProxy, startSims, TEST_TIMEOUT_MS } from './helpers.js';

let sims: Sims;
beforeAll(async () => {
  sims = await startSims(['extended', 'pacifica', 'lighter']);
}, 180_000);
afterEach(() => {
  for (const h of sims.handles.values()) h.faults.clear();
});
afterAll(async () => {
  await sims?.close();
});

function rows(out: string, venue: string) {
  const report = JSON.parse(out) as JsonReport;
  const v = report.venues.find((x) => x.venue === venue);
  if (!v) throw new Error(`no ${venue} in the report`);
  return v.checks;
}

/** dn-check's rows for `venue` (fake keys, simulator) reached through a proxy that rewrites one endpoint's body. */
async function checkThroughProxy(
  venue: 'lighter' | 'pacifica',
  rewrite: { path: string; body: (json: unknown) => unknown },
) {
  const handle = sims.handles.get(venue);
  if (!handle) throw new Error(`no ${venue}`);
  const proxy = await startProxy(handle.restUrl, rewrite);
  try {
    const file = await sims.connectionFile({ [venue]: proxy.url });
    const r = await cli(['--sim', file, '--venues', venue, '--json', '--timeout-ms', String(TEST_TIMEOUT_MS)]);
    const checks = rows(r.out, venue);
    return { code: r.code, checks, failed: checks.filter((c) => c.status === 'failed') };
  } finally {
    await proxy.close();
  }
}

describe('a failing endpoint shows as failed with the reason while the others pass', () => {
  it('HTTP 500 on one endpoint (simulator fault injector): that row fails naming the status; exit 1', async () => {
    const ext = sims.handles.get('extended');
    ext?.faults.script({ kind: 'http5xx', status: 500, count: 1_000, match: { path: '/api/v1/info/candles/' } });
    const file = await sims.connectionFile();
    const r = await cli(['--sim', file, '--venues', 'extended', '--json', '--timeout-ms', String(TEST_TIMEOUT_MS)]);
    expect(r.code).toBe(1);
    const checks = rows(r.out, 'extended');
    const failed = checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.endpoint)).toEqual(['GET /info/candles/{m}/trades']);
    expect(failed[0]?.detail).toMatch(/500/);
    expect(checks.filter((c) => c.status === 'ok').length).toBeGreaterThanOrEqual(8);
    expect(ext?.faults.history.some((f) => f.kind === 'http5xx')).toBe(true);
  }, 180_000);

  it('a malformed Lighter body: the row names the field that differed (parser issue path)', async () => {
    const { code, checks, failed } = await checkThroughProxy('lighter', {
      path: '/api/v1/funding-rates',
      body: (json) => {
        const j = json as { funding_rates: { rate: unknown }[] };
        return { ...j, funding_rates: j.funding_rates.map((f) => ({ ...f, rate: 'not-a-number' })) };
      },
    });
    expect(code).toBe(1);
    // Both calls that read /funding-rates fail; every other row still passes.
    expect(failed.map((c) => c.endpoint).sort()).toEqual([
      'GET /api/v1/funding-rates',
      'GET /api/v1/orderBookDetails + funding-rates',
    ]);
    for (const f of failed) expect(f.detail).toMatch(/funding_rates\.0\.rate/);
    expect(checks.find((c) => c.endpoint === 'GET /api/v1/orderBookOrders')?.status).toBe('ok');
    expect(checks.filter((c) => c.status === 'ok').length).toBeGreaterThanOrEqual(5);
  }, 180_000);

  it('a malformed Pacifica body: the zod issue path comes from the error cause', async () => {
    const { code, checks, failed } = await checkThroughProxy('pacifica', {
      path: '/api/v1/book',
      body: (json) => ({ ...(json as object), data: { l: 'not levels' } }),
    });
    expect(code).toBe(1);
    expect(failed.map((c) => c.endpoint)).toEqual(['GET /book']);
    expect(failed[0]?.detail).toMatch(/differs at \S+: /);
    expect(checks.find((c) => c.endpoint === 'WS book')?.status).toBe('ok');
  }, 180_000);

  it('--symbol: a symbol the venue does not list is said, and the first listed market is probed instead', async () => {
    const file = await sims.connectionFile();
    const r = await cli(['--sim', file, '--venues', 'lighter', '--symbol', 'NOPE', '--json', '--timeout-ms', '3000']);
    expect(r.code).toBe(0);
    const markets = rows(r.out, 'lighter')[0];
    expect(markets?.detail).toMatch(/^\d+ markets, NOPE not listed; probe [A-Z]+$/);
    const eth = await cli(['--sim', file, '--venues', 'lighter', '--symbol', 'ETH', '--json', '--timeout-ms', '3000']);
    expect(rows(eth.out, 'lighter')[0]?.detail).toMatch(/markets, probe ETH$/);
  }, 180_000);
});
