import { describe, expect, it } from 'vitest';
import { createAlerter, VirtualClock } from '../../src/index.js';
import { startHttpServer, waitFor } from '../transport/servers.js';
import { alertsConfig, alertsUnderTest, captureLog } from './helpers.js';

const t = alertsUnderTest();

const bodies = () =>
  (t.server?.seen ?? []).map((r) => JSON.parse(r.body) as { text: string; count: number; kind: string });

describe('deduplication', () => {
  it('sends the first occurrence at once and folds repeats in the window into one "(×N)" message', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(200).end());
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1), mode: 'stepped' });
    t.alerter = createAlerter(alertsConfig({ webhook: { url: t.server.url }, dedup_window_seconds: 60 }), {
      log: captureLog().log,
      app: 'rotation-bot',
      clock,
      env: {},
    });
    const stale = { kind: 'venue_stale', venue: 'lighter', symbol: 'BTC', message: 'book stale for 10 s' } as const;
    t.alerter.send(stale);
    t.alerter.send(stale);
    t.alerter.send({ ...stale, symbol: 'ETH' }); // another symbol is another event
    t.alerter.send(stale);
    await waitFor(() => t.alerter?.stats().targets[0]?.sent === 2, 3_000, 'first occurrences');
    expect(bodies().map((b) => [b.text.split('\n')[1], b.count])).toEqual([
      ['book stale for 10 s', 1],
      ['book stale for 10 s', 1],
    ]);
    expect(t.alerter.stats().suppressedRepeats).toBe(2);

    await clock.advance(60_000);
    await waitFor(() => bodies().length === 3, 3_000, 'repeat summary');
    expect(bodies()[2]).toMatchObject({ kind: 'venue_stale', count: 3 });
    expect(bodies()[2]!.text).toContain('book stale for 10 s (×3)');

    // A quiet window forgets the key: the next occurrence is news again and goes out at once.
    await clock.advance(60_000);
    t.alerter.send(stale);
    await waitFor(() => bodies().length === 4, 3_000, 'fresh occurrence');
    expect(bodies()[3]!.count).toBe(1);
    await clock.advance(120_000);
    expect(await t.alerter.flush(1_000)).toBe(true);
    expect(bodies()).toHaveLength(4);
  });

  it('flush() sends pending repeat summaries instead of losing them at shutdown', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(200).end());
    const clock = new VirtualClock({ startMs: 0, mode: 'stepped' });
    t.alerter = createAlerter(alertsConfig({ webhook: { url: t.server.url } }), {
      log: captureLog().log,
      app: 'a',
      clock,
      env: {},
    });
    for (let i = 0; i < 5; i++)
      t.alerter.send({ kind: 'reconciliation_mismatch', message: 'extended BTC size differs' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(bodies().map((b) => b.count)).toEqual([1, 5]);
    expect(bodies()[1]).toMatchObject({ kind: 'reconciliation_mismatch' });
  });
});

describe('rate limit', () => {
  it('sends at most max_per_minute per target; the rest waits in the queue', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(200).end());
    t.alerter = createAlerter(
      alertsConfig({ webhook: { url: t.server.url }, max_per_minute: 2, dedup_window_seconds: 0 }),
      {
        log: captureLog().log,
        app: 'a',
        env: {},
      },
    );
    for (let i = 0; i < 5; i++) t.alerter.send({ kind: 'info', message: `event ${i}` });
    await waitFor(() => (t.server?.seen.length ?? 0) === 2, 3_000, 'the burst');
    // The third token accrues only after 30 s, far beyond this wait.
    expect(await t.alerter.flush(200)).toBe(false);
    expect(t.server.seen).toHaveLength(2);
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 2, pending: 3, dropped: 0 });
    t.alerter.close();
    expect(t.alerter.stats().targets[0]).toMatchObject({ sent: 2 });
    expect(bodies().map((b) => b.text.split('\n')[1])).toEqual(['event 0', 'event 1']);
  });
});

describe('minimum severity', () => {
  it('logs every event but sends only those at or above min_severity', async () => {
    t.server = await startHttpServer((_r, res) => res.writeHead(200).end());
    const cap = captureLog();
    t.alerter = createAlerter(alertsConfig({ webhook: { url: t.server.url }, min_severity: 'warning' }), {
      log: cap.log,
      app: 'a',
      env: {},
    });
    t.alerter.send({ kind: 'opened', symbol: 'BTC', message: 'opened BTC' });
    t.alerter.send({ kind: 'stop_loss', symbol: 'BTC', message: 'stop-loss hit on BTC' });
    expect(await t.alerter.flush(3_000)).toBe(true);
    expect(bodies().map((b) => b.kind)).toEqual(['stop_loss']);
    expect(
      cap
        .records()
        .filter((r) => r.alert !== undefined)
        .map((r) => r.alert),
    ).toEqual(['opened', 'stop_loss']);
  });
});
