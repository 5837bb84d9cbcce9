import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAlerter, createTelegramTarget, Decimal } from '../../src/index.js';
import { closedPort, startHttpServer } from '../transport/servers.js';
import { alertsConfig, alertsUnderTest, captureLog, FAKE_BOT_TOKEN, FAST_RETRY } from './helpers.js';

const t = alertsUnderTest();

describe('webhook target', () => {
  it('POSTs one JSON object per event with the documented fields and the configured headers', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(204).end());
    const cap = captureLog();
    t.alerter = createAlerter(
      alertsConfig({
        webhook: { url: `${t.server.url}/hook/path`, headers: { 'x-receiver-key': 'fake-header-value' } },
      }),
      { log: cap.log, app: 'rotation-bot', env: {} },
    );
    t.alerter.send({
      kind: 'leg_failure',
      venue: 'lighter',
      symbol: 'BTC',
      message: 'BTC short on lighter not filled; long on extended flattened',
      details: { size: new Decimal('0.0150'), clientOrderId: 42n, apiKeyPrivate: 'FAKE-must-be-redacted' },
    });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(1);
    const req = t.server.seen[0]!;
    const headers = { 'content-type': 'application/json', 'x-receiver-key': 'fake-header-value' };
    expect(req).toMatchObject({ method: 'POST', url: '/hook/path', headers });
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      kind: 'leg_failure',
      severity: 'critical',
      app: 'rotation-bot',
      venue: 'lighter',
      symbol: 'BTC',
      message: 'BTC short on lighter not filled; long on extended flattened',
      count: 1,
      details: { size: '0.015', clientOrderId: '42', apiKeyPrivate: '[redacted]' },
    });
    expect(body.text).toContain('[CRITICAL] rotation-bot · leg_failure · lighter BTC');
    expect(new Date(body.time).toISOString()).toBe(body.time);
    expect(req.body).not.toContain('FAKE-must-be-redacted');
    expect(t.alerter.stats().targets).toEqual([{ target: 'webhook', sent: 1, failed: 0, dropped: 0, pending: 0 }]);
  });

  it('keeps a webhook URL path (often the credential) out of logs even when the receiver echoes it', async () => {
    t.server = await startHttpServer((r, res) => res.writeHead(403).end(`forbidden: ${r.url}`));
    const cap = captureLog();
    t.alerter = createAlerter(alertsConfig({ webhook: { url: `${t.server.url}/T0/B0/FAKEsecretPATH` } }), {
      log: cap.log,
      app: 'a',
      env: {},
    });
    t.alerter.send({ kind: 'closed', message: 'closed' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    const failure = cap.records().find((r) => r.msg === 'alert not delivered');
    expect(failure).toMatchObject({ httpStatus: 403, endpoint: t.server.url });
    expect(String(failure?.reason)).toContain('forbidden: [redacted]');
    expect(cap.text()).not.toContain('FAKEsecretPATH');
  });

  it('retries a 500 with backoff and delivers the event once the receiver recovers', async () => {
    t.server = await startHttpServer((_r, res, i) => res.writeHead(i < 2 ? 500 : 200).end('{}'));
    const cap = captureLog();
    t.alerter = createAlerter(alertsConfig({ webhook: { url: t.server.url } }), {
      log: cap.log,
      app: 'market-maker',
      env: {},
      retry: FAST_RETRY,
    });
    t.alerter.send({ kind: 'venue_down', venue: 'edgex', message: 'edgex REST unreachable for 30 s' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(3);
    expect(new Set(t.server.seen.map((r) => r.body)).size).toBe(1);
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 1, failed: 0 });
  });

  it('gives up after the last attempt on persistent 500s, and does not retry a 4xx', async () => {
    t.server = await startHttpServer((r, res) => res.writeHead(r.url === '/bad' ? 400 : 503).end('nope'));
    const cap = captureLog();
    t.alerter = createAlerter(alertsConfig({ webhook: { url: `${t.server.url}/down` } }), {
      log: cap.log,
      app: 'a',
      env: {},
      retry: FAST_RETRY,
    });
    t.alerter.send({ kind: 'halt', message: 'halted' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(3);
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 0, failed: 1 });
    const failure = cap.records().find((r) => r.msg === 'alert not delivered');
    expect(failure).toMatchObject({ alertTarget: 'webhook', attempts: 3, httpStatus: 503 });
    t.alerter.close();

    const bad = createAlerter(alertsConfig({ webhook: { url: `${t.server.url}/bad` } }), {
      log: cap.log,
      app: 'a',
      env: {},
      retry: FAST_RETRY,
    });
    bad.send({ kind: 'halt', message: 'halted' });
    expect(await bad.flush(3_000)).toBe(true);
    bad.close();
    expect(t.server.seen.filter((r) => r.url === '/bad')).toHaveLength(1);
  });
});

describe('telegram target', () => {
  it('POSTs sendMessage to <base>/bot<token>/ with the chat id and a plain-text message', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(200).end('{"ok":true,"result":{}}'));
    const cap = captureLog();
    t.alerter = createAlerter(
      alertsConfig({ telegram: { bot_token: FAKE_BOT_TOKEN, chat_id: -100123, api_base_url: t.server.url } }),
      { log: cap.log, app: 'delta-hedge-bot', env: {} },
    );
    t.alerter.send({
      kind: 'margin_warning',
      venue: 'pacifica',
      message: 'margin ratio 82% on pacifica',
      details: { marginRatioPct: '82.1' },
    });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(1);
    expect(t.server.seen[0]!.url).toBe(`/bot${FAKE_BOT_TOKEN}/sendMessage`);
    const body = JSON.parse(t.server.seen[0]!.body);
    expect(body).toEqual({
      chat_id: '-100123',
      text: '[WARNING] delta-hedge-bot · margin_warning · pacifica\nmargin ratio 82% on pacifica\nmarginRatioPct: 82.1',
      disable_web_page_preview: true,
    });
  });

  it('honours 429 retry_after, then delivers', async () => {
    t.server = await startHttpServer((_r, res, i) =>
      i === 0
        ? res
            .writeHead(429)
            .end('{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":0}}')
        : res.writeHead(200).end('{"ok":true}'),
    );
    const cap = captureLog();
    t.alerter = createAlerter(
      alertsConfig({ telegram: { bot_token: FAKE_BOT_TOKEN, chat_id: '1', api_base_url: t.server.url } }),
      { log: cap.log, app: 'a', env: {}, retry: FAST_RETRY },
    );
    t.alerter.send({ kind: 'opened', symbol: 'ETH', message: 'opened ETH pair' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(2);
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 1, failed: 0 });
  });

  it('treats a 200 with ok:false as not delivered, without retrying', async () => {
    t.server = await startHttpServer((_r, res) =>
      res.writeHead(200).end('{"ok":false,"description":"chat not found"}'),
    );
    const cap = captureLog();
    t.alerter = createAlerter(
      alertsConfig({ telegram: { bot_token: FAKE_BOT_TOKEN, chat_id: '1', api_base_url: t.server.url } }),
      { log: cap.log, app: 'a', env: {}, retry: FAST_RETRY },
    );
    t.alerter.send({ kind: 'closed', message: 'closed' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(t.server.seen).toHaveLength(1);
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 0, failed: 1 });
    expect(cap.records().find((r) => r.msg === 'alert not delivered')?.reason).toContain('chat not found');
  });

  it('never writes the bot token into a log line, a logged error or a thrown error', async () => {
    // The receiver echoes the request path (as a misbehaving proxy might) in its error description.
    t.server = await startHttpServer((r, res) =>
      res.writeHead(401).end(JSON.stringify({ ok: false, error_code: 401, description: `Unauthorized ${r.url}` })),
    );
    const deadPort = await closedPort();
    const cap = captureLog();
    const targets = [t.server.url, `http://127.0.0.1:${deadPort}`];
    const alerters = targets.map((base) =>
      createAlerter(alertsConfig({ telegram: { bot_token: FAKE_BOT_TOKEN, chat_id: '1', api_base_url: base } }), {
        log: cap.log,
        app: 'a',
        env: {},
        retry: FAST_RETRY,
      }),
    );
    for (const a of alerters) a.send({ kind: 'halt', message: `halted; token is ${FAKE_BOT_TOKEN}` });
    for (const a of alerters) expect(await a.flush(3_000)).toBe(true);
    for (const a of alerters) a.close();
    expect(t.server.seen).toHaveLength(1);
    const failures = cap.records().filter((r) => r.msg === 'alert not delivered');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ httpStatus: 401, endpoint: t.server.url });
    expect(String(failures[0]!.reason)).toContain('Unauthorized /bot[redacted]/sendMessage');
    expect(String(failures[1]!.reason)).toContain('ECONNREFUSED');
    const tokenSecret = FAKE_BOT_TOKEN.split(':')[1]!;
    expect(cap.text()).not.toContain(tokenSecret);
    // The alert's own text had the token pasted in: the receiver gets it scrubbed as well.
    expect(t.server.seen[0]!.body).not.toContain(tokenSecret);
    expect(t.server.seen[0]!.body).toContain('token is [redacted]');
  });

  it('a delivery error never carries the token, in its message, context or inspect() output', async () => {
    const deadPort = await closedPort();
    const target = createTelegramTarget({
      botToken: FAKE_BOT_TOKEN,
      chatId: '1',
      apiBaseUrl: `http://127.0.0.1:${deadPort}`,
    });
    const event = { kind: 'halt' as const, severity: 'critical' as const, app: 'a', message: 'm', timeMs: 0, count: 1 };
    const err = await target.deliver(event, { signal: new AbortController().signal, timeoutMs: 1_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(inspect(err, { depth: 10 })).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
    expect(JSON.stringify(err)).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
    expect((err as { code: string }).code).toBe('TRANSPORT');
  });
});
