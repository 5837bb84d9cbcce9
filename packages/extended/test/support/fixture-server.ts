import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CannedResponse {
  status?: number;
  /** Sent verbatim (so fixtures can carry bare 19-digit numbers). */
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Loopback HTTP server answering canned bodies per `METHOD /path` (query ignored for matching) and recording every
 * request, so fixture tests run the real transport end to end without any venue.
 */
export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, CannedResponse[]>();
  private server: Server | undefined;
  private port = 0;

  /** Queues answers for a route; the last one repeats. */
  on(method: string, path: string, ...responses: CannedResponse[]): this {
    this.routes.set(`${method} ${path}`, responses);
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = req.url ?? '/';
        this.requests.push({
          method: req.method ?? 'GET',
          url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        const key = `${req.method} ${url.split('?')[0]?.replace(/^\/api\/v1/, '')}`;
        const queue = this.routes.get(key);
        const r = queue && (queue.length > 1 ? queue.shift() : queue[0]);
        if (!r) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${key}`);
          return;
        }
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers }).end(r.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** `{"status":"OK","data":<raw>}` with the data inserted verbatim. */
export function okBody(rawData: string, pagination?: string): string {
  return `{"status":"OK","data":${rawData}${pagination ? `,"pagination":${pagination}` : ''}}`;
}
