import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactSecrets } from '@dn/core';
import type { OpsMetrics } from './metrics.js';
import type { CycleRow, StatusSnapshot } from './status.js';
import { renderStatusPage } from './status-page.js';

export interface OpsServerOptions {
  port: number;
  /** Loopback unless the operator says otherwise: the page is read-only but tells what the account holds. */
  host?: string;
  metrics?: OpsMetrics;
  status?: () => StatusSnapshot;
  history?: () => readonly CycleRow[];
  /** Serve `/` and `/status.json` from `status` (default true); false keeps `status` for `/healthz` only. */
  statusPage?: boolean;
  /**
   * /healthz answers 503 when the main loop's next tick is this much overdue: past `status().nextLoopAt`, or past
   * `lastLoopAt` when the app gives no next time (wall clock); before the first tick, when the server has been up
   * longer than this. Default 10 minutes.
   */
  staleAfterMs?: number;
  /** Wall clock, for tests. */
  now?: () => number;
}

export interface OpsServer {
  readonly port: number;
  readonly host: string;
  readonly url: string;
  close(): Promise<void>;
}

export interface Health {
  ok: boolean;
  mode: string | null;
  phase: string | null;
  lastLoopAt: number | null;
  reason?: string;
}

export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

/**
 * Serves `/metrics` (when `metrics` is given), `/healthz`, and with `status` `/status.json` and `/` (the read-only
 * page). GET and HEAD only; anything else is 405. Resolves once listening; `port: 0` picks a free port.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const startedAt = now();
  const staleAfter = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;

  const snapshot = (): StatusSnapshot | undefined =>
    options.status ? (redactSecrets(options.status()) as StatusSnapshot) : undefined;
  const history = (): CycleRow[] => (options.history ? (redactSecrets(options.history()) as CycleRow[]) : []);

  const health = (s: StatusSnapshot | undefined): Health => {
    const last = s?.lastLoopAt ?? null;
    const base = { mode: s?.mode ?? null, phase: s?.phase ?? null, lastLoopAt: last };
    if (!s) return { ok: true, ...base };
    if (last === null) {
      return now() - startedAt <= staleAfter
        ? { ok: true, ...base, reason: 'starting' }
        : { ok: false, ...base, reason: 'the main loop has not ticked yet' };
    }
    const due = Math.max(last, s.nextLoopAt ?? last);
    const age = now() - last;
    return now() - due <= staleAfter
      ? { ok: true, ...base }
      : { ok: false, ...base, reason: `the main loop last ticked ${Math.round(age / 1000)} s ago` };
  };

  const pages = options.status !== undefined && options.statusPage !== false;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics' && options.metrics) {
      const { contentType, body } = await options.metrics.scrape();
      return send(res, 200, contentType, body);
    }
    if (path === '/healthz') {
      const h = health(snapshot());
      return send(res, h.ok ? 200 : 503, 'application/json', `${JSON.stringify(h)}\n`);
    }
    if (path === '/status.json' && pages) {
      const s = snapshot() as StatusSnapshot;
      const body = { ...s, healthy: health(s).ok, history: history() };
      return send(res, 200, 'application/json', `${JSON.stringify(body, null, 2)}\n`);
    }
    if (path === '/' && pages) {
      const s = snapshot() as StatusSnapshot;
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        renderStatusPage(s, history(), { healthy: health(s).ok, metrics: options.metrics !== undefined }),
      );
    }
    if (path === '/favicon.ico' && pages) {
      // Browsers ask for it on their own; an empty answer keeps their consoles free of 404s.
      res.writeHead(204, { 'cache-control': 'max-age=86400' });
      return void res.end();
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never echo the error: a status callback's failure text could carry anything.
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.end();
    });
  });
  // A scraper that keeps its connection open must not hold the process at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    port,
    host,
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The page has no script and loads nothing: forbid both so an injected value could do nothing either.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
