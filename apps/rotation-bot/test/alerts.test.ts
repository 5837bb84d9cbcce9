import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Alerter, createAlerter, createLogger, HaltedError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { type Harness, harness, reduceOnlyFails, withVenue } from './harness.js';

interface Received {
  kind: string;
  severity: string;
  app: string;
  message: string;
  symbol?: string;
}

let h: Harness | undefined;
let alerter: Alerter | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  alerter?.close();
  await h?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  h = undefined;
  alerter = undefined;
  server = undefined;
});

/** A webhook receiver on 127.0.0.1 (ephemeral port) that records every JSON body; closed after each test. */
async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body) as Received);
      res.writeHead(200).end('ok');
    });
  });
  server.setTimeout(10_000);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function withAlerts(overrides: Record<string, unknown>) {
  const rx = await receiver();
  const x = await harness({ ...overrides, alerts: { webhook: { url: rx.url } } });
  const log = createLogger({ name: 'test', level: 'silent', console: false });
  const a = createAlerter(x.config.alerts, { log, app: 'rotation-bot', clock: x.clock, env: {} });
  return { x, a, received: rx.received };
}

describe('operator alerts (webhook)', () => {
  it('the webhook URL may come from the environment (DN_ALERT_WEBHOOK_URL); no alerts section means none', () => {
    const none = readConfig(undefined, {}, '/nonexistent/.env');
    expect(none.alerts).toBeUndefined();
    const fromEnv = readConfig(undefined, { DN_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook' }, '/nonexistent/.env');
    expect(fromEnv.alerts?.webhook?.url).toBe('http://127.0.0.1:9/hook');
  });

  it('a cycle on the simulator sends `opened` and then `closed` to the webhook', async () => {
    const t = await withAlerts({ hold_duration_hours: 2, wait_between_cycles_minutes: 600 });
    h = t.x;
    alerter = t.a;
    const bot = h.newBot(undefined, undefined, { alerter });
    await bot.init();
    await h.runFor(3 * 3_600_000, bot);
    expect(bot.currentState.history.at(-1)?.reason).toBe('hold_elapsed');
    expect(await alerter.flush(5_000)).toBe(true);
    const kinds = t.received.map((e) => e.kind);
    expect(kinds).toContain('opened');
    expect(kinds).toContain('closed');
    expect(kinds.indexOf('opened')).toBeLessThan(kinds.indexOf('closed'));
    const closed = t.received.find((e) => e.kind === 'closed');
    expect(closed?.app).toBe('rotation-bot');
    expect(closed?.message).toMatch(/hold_elapsed/);
  });

  it('an open that fails with a leg at risk sends a critical `leg_failure` and a `halt`', async () => {
    const t = await withAlerts({ single_leg_timeout_seconds: 3 });
    h = t.x;
    alerter = t.a;
    // The hedge venue refuses everything and the pilot's unwind fails too: a leg is naked, the bot halts.
    h.conn.engines?.get('pacifica')?.faults.rejectNext(50);
    const venues = withVenue(h, 'extended', reduceOnlyFails);
    const bot = h.newBot(venues, undefined, { alerter });
    await bot.init();
    await expect(h.runFor(30 * 60_000, bot)).rejects.toBeInstanceOf(HaltedError);
    expect(await alerter.flush(5_000)).toBe(true);
    const failure = t.received.find((e) => e.kind === 'leg_failure');
    expect(failure?.severity).toBe('critical');
    const halt = t.received.find((e) => e.kind === 'halt');
    expect(halt?.severity).toBe('critical');
    expect(halt?.message).toMatch(/unwind/);
  });
});
