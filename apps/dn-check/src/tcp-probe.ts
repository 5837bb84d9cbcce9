import * as net from 'node:net';

/**
 * Opens and closes one TCP connection to the host and port of `url` (no bytes sent). Streams reconnect quietly
 * when their host cannot be reached; this names the reason instead of a row per stream that only timed out.
 * Resolves undefined when the connection opened, else the error.
 */
export function probeTcp(url: string, timeoutMs: number): Promise<unknown> {
  let host: string;
  let port: number;
  try {
    const u = new URL(url);
    host = u.hostname.replace(/^\[|\]$/g, '');
    port = u.port ? Number(u.port) : u.protocol === 'wss:' || u.protocol === 'https:' ? 443 : 80;
  } catch (e) {
    return Promise.resolve(e);
  }
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done(Object.assign(new Error(`connect timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (e) => done(e));
  });
}
