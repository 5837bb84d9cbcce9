import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Decimal } from '@dn/core';
import { TestProcesses, waitFor } from '@dn/core/testing';
import { LighterVenue } from '@dn/lighter';
import { afterEach, describe, expect, it } from 'vitest';
import { readSimConnectionFile, type SimConnectionFile } from '../../src/index.js';

const cli = path.resolve(import.meta.dirname, '../../src/cli.ts');
const packageDir = path.resolve(import.meta.dirname, '../..');
const procs = new TestProcesses();

afterEach(() => procs.cleanup());

/** The simulator's CLI in one node process (tsx as a loader: a signal reaches the simulator itself); output merged. */
function startSim(args: string[]) {
  const p = procs.spawnTs(cli, args, { cwd: packageDir, lifeMs: 90_000 });
  return { child: p.child, output: () => p.stdout() + p.stderr(), exited: p.exited };
}

function clientFor(conn: SimConnectionFile): LighterVenue {
  const v = conn.venues.lighter;
  if (!v) throw new Error('no lighter in connection file');
  return new LighterVenue({
    restUrl: v.restUrl,
    wsUrl: v.wsUrl,
    accountIndex: v.credentials.accountIndex as string,
    apiKeyIndex: v.credentials.apiKeyIndex as string,
    privateKey: v.credentials.privateKey as string,
    // The server runs 60× faster than the wall clock the client signs with: as @dn/connect does for a faster
    // simulator, stretch the tx validity so a slow start (a loaded machine) does not expire the first order.
    txTtlMs: 9 * 60_000 * 60,
  });
}

describe('dn-sim standalone server', () => {
  it('serves, survives a killed client, and restores its state after its own restart', async () => {
    const dir = procs.tempDir('dn-sim-cli-');
    const out = path.join(dir, 'conn.json');
    const args = [
      '--venues',
      'lighter',
      '--speed',
      '60',
      '--state-dir',
      path.join(dir, 'state'),
      '--out',
      out,
      '--save-every',
      '1',
    ];
    const first = startSim(args);
    const conn = await waitFor(() => readSimConnectionFile(out), 'connection file');
    expect(conn.clock.speed).toBe(60);
    // The file is written before the banner is printed: wait for the banner too.
    await waitFor(
      async () => (/FAKE test credentials/.test(first.output()) ? true : undefined),
      'the FAKE credentials line',
    );
    const lighterUrl = conn.venues.lighter?.restUrl ?? '';
    expect(lighterUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A client opens a position.
    const client = clientFor(conn);
    await client.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.5' });
    const pos = await waitFor(async () => (await client.getPositions()).find((p) => p.symbol === 'ETH'), 'position');
    expect(pos.size.eq(new Decimal('0.5'))).toBe(true);
    await client.close();

    // A client process killed -9 mid-stream does not take the server down.
    const victim = procs.spawn(
      process.execPath,
      [
        '-e',
        `const ws = new (require('ws'))(${JSON.stringify(`${conn.venues.lighter?.wsUrl}/stream`)}); ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'order_book/0' })));`,
      ],
      { cwd: packageDir, lifeMs: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 500));
    victim.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const again = clientFor(conn);
    expect((await again.getMarkets()).length).toBeGreaterThan(0);
    await again.close();

    // SIGTERM: the server saves and exits cleanly.
    const virtualBefore = conn.clock.virtualStartMs + (Date.now() - conn.clock.realStartMs) * conn.clock.speed;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/saving state and stopping/);

    // Restart from the state dir: same port, same account, the position is still there, time moved on.
    await fs.rm(out);
    const second = startSim(args);
    const conn2 = await waitFor(() => readSimConnectionFile(out), 'connection file after restart');
    await waitFor(async () => (/restored/.test(second.output()) ? true : undefined), 'the restored line');
    expect(conn2.venues.lighter?.restUrl).toBe(lighterUrl);
    expect(conn2.venues.lighter?.credentials).toEqual(conn.venues.lighter?.credentials);
    expect(conn2.clock.virtualStartMs).toBeGreaterThanOrEqual(virtualBefore - 60_000);
    const restored = clientFor(conn2);
    const pos2 = (await restored.getPositions()).find((p) => p.symbol === 'ETH');
    expect(pos2?.size.eq(new Decimal('0.5'))).toBe(true);
    await restored.close();
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it("--taker-flow: other participants' market orders fill a resting order 50 bp under the mid", async () => {
    const out = path.join(procs.tempDir('dn-sim-cli-'), 'conn.json');
    const sim = startSim(['--venues', 'lighter', '--taker-flow', '5,0.02,200', '--out', out]);
    const conn = await waitFor(() => readSimConnectionFile(out).catch(() => undefined), 'the connection file', 60_000);
    expect(sim.output()).toMatch(/taker flow: 5 market orders\/s, reach e\^\(-0.02·bps\)/);
    const venue = clientFor(conn);
    const book = await venue.getOrderBook('ETH', 1);
    const bid = book.bids[0]!.price;
    await venue.placeOrder({
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      size: '0.01',
      price: bid,
      timeInForce: 'POST_ONLY',
    });
    // A market sell reaching the best bid (about 1 bp from the mid) comes several times a simulated second.
    const pos = await waitFor(
      async () => (await venue.getPositions()).find((p) => p.symbol === 'ETH' && p.size.gt(0)),
      'a fill from the taker flow',
      20_000,
      200,
    );
    expect(pos.size.lte(new Decimal('0.01'))).toBe(true);
    await venue.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  }, 90_000);

  it.each([
    ['1,0.3', 'wants A,kappa,usd'],
    ['1,x,150', 'wants A,kappa,usd'],
    ['1,0,150', 'κ > 0'],
    ['-1,0.3,150', 'A ≥ 0'],
  ])(
    'refuses --taker-flow %s with a clear message',
    async (value, message) => {
      const r = startSim([
        '--venues',
        'lighter',
        '--taker-flow',
        value,
        '--out',
        path.join(procs.tempDir('dn-sim-cli-'), 'never.json'),
      ]);
      expect(await r.exited).toBe(2);
      expect(r.output()).toContain(`--taker-flow`);
      expect(r.output()).toContain(message);
    },
    60_000,
  );

  it('refuses a venue it has no front-end for, with a clear message', async () => {
    const r = startSim(['--venues', 'nosuchvenue', '--out', path.join(procs.tempDir('dn-sim-cli-'), 'never.json')]);
    expect(await r.exited).toBe(2);
    expect(r.output()).toMatch(/no protocol front-end for nosuchvenue/);
  }, 60_000);
});
