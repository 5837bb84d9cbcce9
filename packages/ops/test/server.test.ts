import { afterEach, describe, expect, it } from 'vitest';
import { OpsMetrics, type OpsServer, startOpsServer } from '../src/index.js';
import { sampleHistory, sampleStatus } from './fixtures.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Omit<Parameters<typeof startOpsServer>[0], 'port'>): Promise<OpsServer> {
  const s = await startOpsServer({ port: 0, ...options });
  servers.push(s);
  return s;
}

const get = (url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });

describe('startOpsServer', () => {
  it('binds 127.0.0.1 by default and serves metrics, health, status and the page', async () => {
    const metrics = new OpsMetrics({ app: 'test-app', processMetrics: false });
    metrics.setHalted(false);
    const s = await start({ metrics, status: () => sampleStatus(), history: sampleHistory });
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);

    const m = await get(`${s.url}/metrics`);
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await m.text()).toContain('dn_halted{app="test-app"} 0');

    const h = await get(`${s.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ ok: true, mode: 'paper', phase: 'open' });

    const j = await get(`${s.url}/status.json`);
    const text = await j.text();
    expect(text).not.toContain('FAKE-TEST-KEY');
    expect(text).not.toContain('0xFAKE');
    const body = JSON.parse(text);
    expect(body.apiKey).toBe('[redacted]');
    expect(body.history).toHaveLength(2);
    expect(body.pnl.netUsd).toBe('68.25');

    const page = await get(`${s.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    for (const s of ['<svg id="pnl-chart"', '<polyline', '68.25', 'c-2']) expect(html).toContain(s);
    // Values are escaped, never markup.
    expect(html).toContain('cycle c-3 BTC open &lt;held&gt;');
    expect(html).not.toContain('FAKE-TEST-KEY');
  });

  it('answers 503 when the main loop has not ticked within the bound, and tells why', async () => {
    let wall = 1_000_000;
    let lastLoopAt: number | null = null;
    const s = await start({
      status: () => sampleStatus({ lastLoopAt }),
      staleAfterMs: 60_000,
      now: () => wall,
    });
    expect((await get(`${s.url}/healthz`)).status).toBe(200); // starting
    wall += 61_000;
    const starved = await get(`${s.url}/healthz`);
    expect(starved.status).toBe(503);
    expect(((await starved.json()) as { reason: string }).reason).toMatch(/not ticked/);
    lastLoopAt = wall - 1_000;
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
    wall += 60_000;
    const stale = await get(`${s.url}/healthz`);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toMatchObject({ ok: false, lastLoopAt, reason: expect.stringMatching(/61 s ago/) });
  });

  it('allows a long planned sleep (nextLoopAt) and counts staleness from its end', async () => {
    let wall = 1_000_000;
    const s = await start({
      status: () => sampleStatus({ lastLoopAt: 1_000_000, nextLoopAt: 1_000_000 + 3_600_000 }),
      staleAfterMs: 60_000,
      now: () => wall,
    });
    wall += 3_600_000 + 59_000;
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
    wall += 2_000;
    expect((await get(`${s.url}/healthz`)).status).toBe(503);
  });

  it('serves only what it was given, read-only', async () => {
    const s = await start({ metrics: new OpsMetrics({ app: 'x', processMetrics: false }) });
    expect((await get(`${s.url}/`)).status).toBe(404);
    expect((await get(`${s.url}/status.json`)).status).toBe(404);
    expect((await get(`${s.url}/healthz`)).status).toBe(200);
    const post = await get(`${s.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 500 without echoing a failing status callback', async () => {
    const s = await start({
      status: () => {
        throw new Error('boom secret=FAKE');
      },
    });
    const r = await get(`${s.url}/status.json`);
    expect(r.status).toBe(500);
    expect(await r.text()).toBe('internal error\n');
  });

  it('rejects a port already in use', async () => {
    const a = await start({});
    await expect(startOpsServer({ port: a.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
