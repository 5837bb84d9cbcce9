import { ConfigError, type ConfigIssue } from '@dn/core';

/** The part of a simulator's connection file whose URLs are checked (structural: names nothing of @dn/sim). */
export interface SimUrls {
  venues: { readonly [venue: string]: { restUrl?: string; wsUrl?: string } | undefined };
}

/**
 * A connection file sends orders, signed with the keys it names, to the URLs it names: only a simulator on this
 * machine is trusted by default. An empty or missing URL is an error — a client given no URL would fall back to
 * the real exchange.
 * @throws ConfigError listing every unusable URL.
 */
export function assertSimUrls(
  conn: SimUrls,
  venues: readonly string[],
  options: { file: string; allowRemote: boolean },
): void {
  const issues: ConfigIssue[] = [];
  for (const name of venues) {
    const v = conn.venues[name];
    if (!v) continue; // reported by the caller as "not served"
    for (const [field, url] of [
      ['restUrl', v.restUrl],
      ['wsUrl', v.wsUrl],
    ] as const) {
      const problem = urlProblem(url, options.allowRemote);
      if (problem) {
        issues.push({
          key: `venues.${name}.${field}`,
          problem,
          expected: options.allowRemote ? 'an http(s)/ws(s) URL' : 'a loopback URL (or pass --allow-remote-sim)',
        });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, options.file);
}

function urlProblem(url: string | undefined, allowRemote: boolean): string | undefined {
  if (!url || url.trim() === '') return 'is empty (would fall back to the real exchange)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return `"${url}" is not an http or ws URL`;
  if (!allowRemote && !isLoopback(parsed.hostname)) return `"${parsed.host}" is not this machine`;
  return undefined;
}

/** `localhost`, 127.0.0.0/8 and ::1 (URL hostnames keep IPv6 brackets). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
