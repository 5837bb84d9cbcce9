import * as net from 'node:net';

/** One accepted connection of a `RawHttpServer`: every byte it received, and its socket to answer on. */
export interface RawConnection {
  socket: net.Socket;
  /** Everything received on this connection, as latin1 text. */
  received: string;
  /** Set once the client closed or reset it. */
  closedAt: number | undefined;
}

export interface RawHttpServer {
  url: string;
  connections: RawConnection[];
  /** Complete requests (head + Content-Length body) in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1 (ephemeral port) that hands each complete HTTP request to `onRequest` and lets the test
 * write the answer's bytes itself: splits, framing errors, resets, anything.
 */
export async function startRawHttpServer(
  onRequest: (c: RawConnection, request: string, index: number) => void,
): Promise<RawHttpServer> {
  const connections: RawConnection[] = [];
  const requests: string[] = [];
  const server = net.createServer((socket) => {
    const c: RawConnection = { socket, received: '', closedAt: undefined };
    connections.push(c);
    let pending = '';
    socket.on('error', () => {});
    socket.on('close', () => {
      c.closedAt = performance.now();
    });
    socket.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      c.received += text;
      pending += text;
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = /\r\ncontent-length: *(\d+)/i.exec(pending.slice(0, end))?.[1];
        const total = end + 4 + Number(length ?? 0);
        if (pending.length < total) return;
        const request = pending.slice(0, total);
        pending = pending.slice(total);
        requests.push(request);
        onRequest(c, request, requests.length - 1);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
