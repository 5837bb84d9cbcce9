import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A loopback server that answers with recorded payloads, so a connector's real-payload fixtures go through its public
 * client API (transport, envelope handling, parsers, mappers) rather than through a schema alone.
 */

/** One canned HTTP answer. `path` matches the request path exactly (no query) or by regular expression. */
export interface ReplayRoute {
  method?: string;
  path: string | RegExp;
  /** Extra match on query parameters (every listed key must equal). */
  query?: Record<string, string>;
  status?: number;
  /** Sent as-is when a string (keeps 19-digit integers exact); JSON-encoded otherwise. */
  body: unknown;
  headers?: Record<string, string>;
  /** Answer only this many times, then fall through to the next matching route. */
  times?: number;
}

/** A WebSocket endpoint: frames sent on connect, and an answer function for each frame the client sends. */
export interface ReplaySocket {
  path: string | RegExp;
  onConnect?: (send: (frame: unknown) => void, req: http.IncomingMessage) => void;
  onMessage?: (message: string, send: (frame: unknown) => void) => void;
}

/** What a client sent, for request-shape assertions (method, path, query, headers, body). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ReplayServerOptions {
  routes?: ReplayRoute[];
  sockets?: ReplaySocket[];
  /** The server closes itself after this long even if a test forgets to (default 60 s). */
  maxLifetimeMs?: number;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>` */
  wsUrl: string;
  requests: RecordedRequest[];
  /** Frames received on every socket, in order. */
  received: string[];
  /** Sends a frame to every connected socket. */
  broadcast(frame: unknown): void;
  close(): Promise<void>;
}

const encode = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const matches = (pattern: string | RegExp, path: string): boolean =>
  typeof pattern === 'string' ? pattern === path : pattern.test(path);

/** Starts a replay server on 127.0.0.1 on an ephemeral port. Unmatched requests get 404 with the path in the body. */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const routes = (options.routes ?? []).map((r) => ({ ...r, used: 0 }));
  const requests: RecordedRequest[] = [];
  const received: string[] = [];
  const sockets = new Set<WebSocket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const method = req.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        query,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const route = routes.find(
        (r) =>
          (r.method ?? 'GET').toUpperCase() === method &&
          matches(r.path, url.pathname) &&
          Object.entries(r.query ?? {}).every(([k, v]) => query[k] === v) &&
          (r.times === undefined || r.used < r.times),
      );
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `no replay route for ${method} ${url.pathname}` }));
        return;
      }
      route.used++;
      res.writeHead(route.status ?? 200, { 'content-type': 'application/json', ...route.headers });
      res.end(encode(route.body));
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const spec = (options.sockets ?? []).find((s) => matches(s.path, path));
    if (!spec) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const send = (frame: unknown) => ws.send(encode(frame));
      ws.on('message', (data) => {
        const text = data.toString();
        received.push(text);
        spec.onMessage?.(text, send);
      });
      ws.on('close', () => sockets.delete(ws));
      spec.onConnect?.(send, req);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.maxLifetimeMs ?? 60_000);
  lifetime.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    requests,
    received,
    broadcast: (frame) => {
      for (const ws of sockets) ws.send(encode(frame));
    },
    close,
  };
}
