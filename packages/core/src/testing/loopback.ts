import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1 at an ephemeral port. */
export interface Listening {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Drops every open connection (keep-alive included), then stops listening. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 at a port the system picks. */
export async function listenOnLoopback(server: http.Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released): a connection to it is refused. */
export async function closedPort(): Promise<number> {
  const listening = await listenOnLoopback(http.createServer());
  await listening.close();
  return listening.port;
}
