import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Alerter, createAlerter } from '../../src/index.js';
import { startHttpServer, type TestHttpServer, waitFor } from '../transport/servers.js';
import { alertsConfig, captureLog } from './helpers.js';

let server: TestHttpServer | undefined;
let alerter: Alerter | undefined;
const held: ServerResponse[] = [];

afterEach(async () => {
  alerter?.close();
  alerter = undefined;
  for (const r of held.splice(0)) r.end();
  await server?.close();
  server = undefined;
});

const texts = () => (server?.seen ?? []).map((r) => (JSON.parse(r.body) as { text: string }).text.split('\n')[1]);

describe('a slow or failing target never blocks or throws into the caller', () => {
  it('keeps send() synchronous while the target hangs for 30 s, and close() abandons the hung request', async () => {
    let aborted = false;
    server = await startHttpServer((_r, res) => {
      // Answers nothing: the request would hang for the whole 30 s timeout.
      held.push(res);
      res.on('close', () => {
        aborted = true;
      });
    });
    alerter = createAlerter(
      alertsConfig({
        webhook: { url: server.url },
        request_timeout_ms: 30_000,
        queue_size: 10,
        dedup_window_seconds: 0,
      }),
      { log: captureLog().log, app: 'rotation-bot', env: {} },
    );
    const returned = alerter.send({ kind: 'leg_failure', message: 'first' });
    expect(returned).toBeUndefined(); // not a promise: there is nothing for trading code to await
    await waitFor(() => server?.seen.length === 1, 3_000, 'the hanging request');

    // Trading code carries on: a burst of alerts while the request hangs is absorbed by the queue.
    let tradingSteps = 0;
    for (let i = 0; i < 50; i++) {
      alerter.send({ kind: 'info', message: `step ${i}` });
      tradingSteps += 1;
    }
    expect(tradingSteps).toBe(50);
    expect(server.seen).toHaveLength(1);
    expect(alerter.stats().targets[0]).toMatchObject({ sent: 0, pending: 11, dropped: 40 });
    expect(await alerter.flush(100)).toBe(false);

    alerter.close();
    await waitFor(() => aborted, 3_000, 'the hung request to be aborted');
    expect(alerter.stats().targets[0]).toMatchObject({ sent: 0, pending: 0 });
    alerter.send({ kind: 'halt', message: 'after close: logged, not sent' });
    expect(await alerter.flush(1_000)).toBe(true);
    expect(server.seen).toHaveLength(1);
  });

  it('on overflow drops the oldest event of the lowest severity, keeping critical ones', async () => {
    let release: (() => void) | undefined;
    server = await startHttpServer((_r, res, i) => {
      if (i === 0) release = () => res.writeHead(200).end();
      else res.writeHead(200).end();
    });
    const cap = captureLog();
    alerter = createAlerter(alertsConfig({ webhook: { url: server.url }, queue_size: 3, dedup_window_seconds: 0 }), {
      log: cap.log,
      app: 'a',
      env: {},
    });
    alerter.send({ kind: 'opened', message: 'in flight' });
    await waitFor(() => release !== undefined, 3_000, 'first request');
    alerter.send({ kind: 'halt', message: 'critical A' });
    alerter.send({ kind: 'info', message: 'info B' });
    alerter.send({ kind: 'info', message: 'info C' });
    alerter.send({ kind: 'info', message: 'info D' }); // full: B goes
    alerter.send({ kind: 'margin_warning', message: 'warning E' }); // full: C goes
    expect(alerter.stats().targets[0]).toMatchObject({ dropped: 2, pending: 4 });
    release?.();
    expect(await alerter.flush(3_000)).toBe(true);
    expect(texts()).toEqual(['in flight', 'critical A', 'info D', 'warning E']);
    expect(cap.records().filter((r) => r.msg === 'alert queue full: dropped an alert')).toHaveLength(1);
  });

  it('swallows a bad event (a throwing getter in details) and keeps delivering the next ones', async () => {
    server = await startHttpServer((_r, res) => res.writeHead(200).end());
    const cap = captureLog();
    alerter = createAlerter(alertsConfig({ webhook: { url: server.url } }), { log: cap.log, app: 'a', env: {} });
    const details = {
      get boom(): string {
        throw new Error('getter exploded');
      },
    };
    expect(() => alerter?.send({ kind: 'closed', message: 'bad', details })).not.toThrow();
    alerter.send({ kind: 'closed', message: 'good' });
    expect(await alerter.flush(3_000)).toBe(true);
    expect(texts()).toEqual(['good']);
    expect(cap.records().some((r) => r.msg === 'alert could not be processed')).toBe(true);
  });
});

describe('no target configured', () => {
  it('is a no-op that logs each event at its severity level', async () => {
    const cap = captureLog();
    alerter = createAlerter(undefined, { log: cap.log, app: 'liquidation-monitor', env: {} });
    expect(alerter.enabled).toBe(false);
    alerter.send({ kind: 'halt', venue: 'edgex', message: 'halted: margin ratio 95%', details: { ratio: '0.95' } });
    alerter.send({ kind: 'venue_down', venue: 'edgex', message: 'edgex unreachable' });
    alerter.send({ kind: 'closed', symbol: 'BTC', message: 'closed BTC pair' });
    alerter.send({ kind: 'closed', symbol: 'BTC', message: 'explicit severity', severity: 'critical' });
    expect(await alerter.flush(1_000)).toBe(true);
    const logged = cap.records().filter((r) => r.alert !== undefined);
    expect(logged.map((r) => [r.level, r.alert, r.msg])).toEqual([
      [50, 'halt', 'halted: margin ratio 95%'],
      [40, 'venue_down', 'edgex unreachable'],
      [30, 'closed', 'closed BTC pair'],
      [50, 'closed', 'explicit severity'],
    ]);
    expect(logged[0]).toMatchObject({ venue: 'edgex', severity: 'critical', details: { ratio: '0.95' } });
    expect(alerter.stats()).toEqual({ targets: [], suppressedRepeats: 0 });
  });
});
