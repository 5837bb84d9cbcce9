/** Where one request goes, split once for the engines that talk to sockets themselves. */
export interface Target {
  /** `http:` or `https:`. */
  readonly protocol: string;
  /** For the socket: `::1`, not `[::1]`. */
  readonly hostname: string;
  /** `undefined` when the URL names none (the protocol's default). */
  readonly port: number | undefined;
  /** The `Host` header: hostname as written in the URL, with the port only when it is not the default. */
  readonly host: string;
  /** `protocol//host`: one connection pool per origin. */
  readonly origin: string;
  /** Request target: path and query, never a fragment. */
  readonly path: string;
}

/** A path the URL parser would leave as it is: unreserved characters, `%XX` escapes, `/`, and a plain query. */
const PLAIN_PATH =
  /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/;

/** `.` and `..` segments (also escaped), which the parser resolves. */
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

/**
 * Splits request URLs into their parts. A transport sends to one origin, so the origin is parsed once (`new URL`
 * was a measurable part of a cold order's path) and reused for any URL that starts with it and whose path the
 * parser would not change; anything else goes through `new URL` (which throws `ERR_INVALID_URL` on garbage).
 */
export function targetParser(): (url: string) => Target {
  let origin: Omit<Target, 'path'> = { origin: '', protocol: '', hostname: '', port: undefined, host: '' };
  // An order path sends to the same URL again and again: the last answer is reused as is (targets are never mutated).
  let lastUrl = '';
  let last: Target | undefined;
  return (url) => {
    if (url === lastUrl && last !== undefined) return last;
    last = split(url);
    lastUrl = url;
    return last;
  };

  function split(url: string): Target {
    const prefix = origin.origin;
    if (prefix !== '' && url.startsWith(prefix) && url.charCodeAt(prefix.length) === 47 /* / */) {
      const path = url.slice(prefix.length);
      if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return { ...origin, path };
    }
    const u = new URL(url);
    origin = {
      origin: u.origin,
      protocol: u.protocol,
      // `[::1]` in a URL, `::1` for the socket.
      hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port ? Number(u.port) : undefined,
      host: u.host,
    };
    return { ...origin, path: `${u.pathname}${u.search}` };
  }
}
