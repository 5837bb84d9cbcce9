import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { FaultInjector } from '../faults/fault-injector.js';
import { stringifyJson } from './json.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** JSON body when the content type is JSON; form fields when url-encoded; otherwise undefined. */
  body: unknown;
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  /** Serialised with `stringifyJson` unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RouteOptions {
  /** 'order' marks placement routes: the ones a timeoutAfterAccept fault applies to by default. */
  tag?: string;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
  tag?: string;
}

export interface SimWsConnection {
  readonly id: number;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Sends unless the stream is silenced by a wsStale fault. `stream` names it for fault matching. */
  send(message: unknown, stream?: string): void;
  onMessage(handler: (text: string) => void): void;
  onClose(handler: () => void): void;
  close(code?: number, reason?: string): void;
  readonly isOpen: boolean;
}

export interface SimServerOptions {
  faults: FaultInjector;
  /** Body of a 429 answer in the venue's own shape. */
  rateLimitBody?: () => unknown;
  /** Body of a 5xx answer in the venue's own shape. */
  serverErrorBody?: (status: number) => unknown;
  notFoundBody?: (req: SimRequest) => unknown;
  /** Unexpected handler exceptions become this (default 500 JSON). */
  errorBody?: (err: unknown) => SimResponse;
}

/**
 * HTTP + WebSocket server on 127.0.0.1 with an ephemeral port. Front-ends register routes and WS paths;
 * the server applies protocol faults (latency, 429, 5xx, timeout after accept, WS disconnect/stale).
 */
export class SimServer {
  private readonly routes: Route[] = [];
  private readonly wsHandlers = new Map<string, (conn: SimWsConnection) => void>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<WebSocket>();
  private readonly hung = new Set<ServerResponse>();
  private nextConnId = 1;
  private port = 0;
  private closed = false;

  constructor(private readonly options: SimServerOptions) {
    this.http = createServer((req, res) => {
      void this.handleHttp(req, res);
    });
    this.http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const handler = this.findWsHandler(url.pathname);
      if (!handler) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.acceptWs(ws, req, url, handler));
    });
    options.faults.onWsDisconnect = (match) => {
      for (const ws of this.connections) {
        const path = (ws as WebSocket & { dnPath?: string }).dnPath ?? '';
        if (
          match?.path === undefined ||
          (typeof match.path === 'string' ? path.startsWith(match.path) : match.path.test(path))
        ) {
          ws.terminate();
        }
      }
    };
  }

  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => {
        keys.push(k);
        return '([^/]+)';
      })}/?$`,
    );
    this.routes.push({ method: method.toUpperCase(), pattern, keys, handler, tag: options.tag });
  }

  /** Registers a WebSocket endpoint; `path` matches exactly or as a prefix ending in `*`. */
  ws(path: string, handler: (conn: SimWsConnection) => void): void {
    this.wsHandlers.set(path, handler);
  }

  /** Binds 127.0.0.1 on `port` (default 0: an ephemeral port). */
  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Number of open WebSocket connections. */
  get wsConnectionCount(): number {
    return this.connections.size;
  }

  /** Sends to every open connection on `path` (prefix). */
  broadcast(pathPrefix: string, message: unknown): void {
    const text = typeof message === 'string' ? message : stringifyJson(message);
    for (const ws of this.connections) {
      const p = (ws as WebSocket & { dnPath?: string }).dnPath ?? '';
      if (p.startsWith(pathPrefix) && ws.readyState === WebSocket.OPEN) ws.send(text);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const res of this.hung) res.destroy();
    for (const ws of this.connections) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private findWsHandler(pathname: string): ((conn: SimWsConnection) => void) | undefined {
    const exact = this.wsHandlers.get(pathname);
    if (exact) return exact;
    for (const [p, h] of this.wsHandlers) {
      if (p.endsWith('*') && pathname.startsWith(p.slice(0, -1))) return h;
    }
    return undefined;
  }

  private acceptWs(ws: WebSocket, req: IncomingMessage, url: URL, handler: (conn: SimWsConnection) => void): void {
    (ws as WebSocket & { dnPath?: string }).dnPath = url.pathname;
    this.connections.add(ws);
    const faults = this.options.faults;
    const messageHandlers: Array<(t: string) => void> = [];
    const closeHandlers: Array<() => void> = [];
    const conn: SimWsConnection = {
      id: this.nextConnId++,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      get isOpen() {
        return ws.readyState === WebSocket.OPEN;
      },
      send: (message, stream) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (stream !== undefined && faults.isStale(stream)) return;
        const text = typeof message === 'string' ? message : stringifyJson(message);
        const delay = faults.latency();
        if (delay > 0) {
          setTimeout(() => {
            if (ws.readyState === WebSocket.OPEN) ws.send(text);
          }, delay).unref();
        } else ws.send(text);
      },
      onMessage: (h) => messageHandlers.push(h),
      onClose: (h) => closeHandlers.push(h),
      close: (code, reason) => ws.close(code, reason),
    };
    ws.on('message', (data) => {
      const text = data.toString();
      for (const h of messageHandlers) h(text);
    });
    ws.on('close', () => {
      this.connections.delete(ws);
      for (const h of closeHandlers) h();
    });
    ws.on('error', () => ws.terminate());
    handler(conn);
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const simReq: SimRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      params: {},
    };
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const faults = this.options.faults;
    const delay = faults.latency();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (!route) {
      this.send(res, { status: 404, body: this.options.notFoundBody?.(simReq) ?? { error: 'not found' } });
      return;
    }
    const m = route.pattern.exec(url.pathname);
    route.keys.forEach((k, i) => {
      simReq.params[k] = decodeURIComponent(m?.[i + 1] ?? '');
    });
    const fault = faults.forRequest({ method, path: url.pathname, tag: route.tag });
    if (fault?.kind === 'http429') {
      this.send(res, {
        status: 429,
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        body: this.options.rateLimitBody?.() ?? { error: 'rate limit exceeded' },
      });
      return;
    }
    if (fault?.kind === 'http5xx') {
      const status = fault.status ?? 503;
      this.send(res, { status, body: this.options.serverErrorBody?.(status) ?? { error: 'service unavailable' } });
      return;
    }
    let response: SimResponse;
    try {
      response = await route.handler(simReq);
    } catch (e) {
      response = this.options.errorBody?.(e) ?? { status: 500, body: { error: (e as Error).message } };
    }
    if (fault?.kind === 'timeoutAfterAccept') {
      // The request took effect; the answer never comes. The socket is held until the client gives up.
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    this.send(res, response);
  }

  private send(res: ServerResponse, r: SimResponse): void {
    if (res.destroyed) return;
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : stringifyJson(r.body);
    const isJson = r.body !== undefined && typeof r.body !== 'string';
    res.writeHead(r.status, {
      ...(isJson ? { 'content-type': 'application/json' } : { 'content-type': 'text/plain; charset=utf-8' }),
      ...r.headers,
    });
    res.end(text);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const ct = contentType ?? '';
  if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (ct.includes('multipart/form-data')) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
