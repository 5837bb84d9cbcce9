import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { listenOnLoopback } from '../../src/testing/index.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** Client-side port of the connection: equal for two requests means the client reused its socket. */
  remotePort: number | undefined;
}

export interface TestHttpServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Real HTTP server on 127.0.0.1 with an ephemeral port; records every request with its body. */
export async function startHttpServer(
  handler: (req: SeenRequest, res: ServerResponse, index: number) => void,
): Promise<TestHttpServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
        remotePort: req.socket.remotePort,
      };
      seen.push(r);
      handler(r, res, seen.length - 1);
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, seen, close };
}

export { closedPort } from '../../src/testing/index.js';

export interface TestConnection {
  ws: WebSocket;
  received: string[];
  pings: number;
  /** Stops reading this connection's socket (the peer's frames, close included, go unread). */
  pauseReading(): void;
  resumeReading(): void;
}

export interface TestWsServer {
  url: string;
  connections: TestConnection[];
  close(): Promise<void>;
}

/** Real WebSocket server on 127.0.0.1 with an ephemeral port; records frames per connection. */
export async function startWsServer(onConnection?: (c: TestConnection, index: number) => void): Promise<TestWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: TestConnection[] = [];
  wss.on('connection', (ws) => {
    // `_socket` is ws's underlying net.Socket; tests pause it to simulate a peer that stopped reading.
    const socket = (ws as unknown as { _socket: Socket })._socket;
    const c: TestConnection = {
      ws,
      received: [],
      pings: 0,
      pauseReading: () => socket.pause(),
      resumeReading: () => socket.resume(),
    };
    ws.on('message', (d) => c.received.push(d.toString()));
    ws.on('ping', () => c.pings++);
    ws.on('error', () => {});
    connections.push(c);
    onConnection?.(c, connections.length - 1);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** Polls `predicate` every 5 ms until true; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
