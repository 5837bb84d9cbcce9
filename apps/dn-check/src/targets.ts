import {
  type ClientTarget,
  createClient,
  credentialsFromEnv,
  describeVariable,
  missingCredentials,
  UsageError,
  type VenueName,
} from '@dn/connect';
import type { Clock, PerpVenue } from '@dn/core';
import { EDGEX_HOSTS } from '@dn/edgex';
import { EXTENDED_MAINNET, EXTENDED_TESTNET } from '@dn/extended';
import { LIGHTER_MAINNET_URL, LIGHTER_TESTNET_URL } from '@dn/lighter';
import { PACIFICA_URLS } from '@dn/pacifica';

/** Where one venue is checked and with which credentials. */
export interface VenueTarget {
  venue: VenueName;
  /** Server roots as `createClient` takes them (a simulator's); absent = the connector's own mainnet hosts. */
  restUrl?: string;
  wsUrl?: string;
  /** Host named in the report and in the "cannot reach" line. */
  host: string;
  /** The stream endpoint the client connects to (probed before the stream rows). */
  streamUrl: string;
  /** Empty for a public-only check. */
  credentials: Record<string, string>;
  clock?: Clock;
  private: boolean;
}

/** Mainnet hosts, for the report and the stream probe (the client uses its own defaults). */
const MAINNET: Record<VenueName, { rest: string; ws: string }> = {
  extended: { rest: EXTENDED_MAINNET.restUrl, ws: EXTENDED_MAINNET.wsUrl },
  pacifica: PACIFICA_URLS.mainnet,
  edgex: EDGEX_HOSTS.v2,
  lighter: { rest: LIGHTER_MAINNET_URL, ws: `${LIGHTER_MAINNET_URL.replace(/^http/, 'ws')}/stream` },
};

function strip(url: string, suffix: string): string {
  if (!url.endsWith(suffix)) throw new Error(`${url} does not end with ${suffix}: connector hosts changed`);
  return url.slice(0, -suffix.length);
}

/**
 * Testnet server roots in `createClient`'s terms (it appends each venue's paths), derived from the connectors' own
 * host constants. edgeX publishes no testnet host in @dn/edgex.
 */
export function testnetRoots(): Partial<Record<VenueName, { restUrl: string; wsUrl: string }>> {
  return {
    extended: {
      restUrl: strip(EXTENDED_TESTNET.restUrl, '/api/v1'),
      wsUrl: strip(EXTENDED_TESTNET.wsUrl, '/stream.extended.exchange/v1'),
    },
    pacifica: { restUrl: strip(PACIFICA_URLS.testnet.rest, '/api/v1'), wsUrl: strip(PACIFICA_URLS.testnet.ws, '/ws') },
    lighter: { restUrl: LIGHTER_TESTNET_URL, wsUrl: LIGHTER_TESTNET_URL.replace(/^http/, 'ws') },
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Lighter's client refuses to be built without an account and API key even for public reads. For a public-only
 * check it gets this placeholder: account 0, key index 3, private key = scalar 1. It signs nothing: the read-only
 * guard refuses every sending method and no private call is made.
 */
const LIGHTER_PUBLIC_PLACEHOLDER: Record<string, string> = {
  accountIndex: '0',
  apiKeyIndex: '3',
  privateKey: `01${'00'.repeat(39)}`,
};

export interface LiveTargetOptions {
  venues: VenueName[];
  testnet: boolean;
  private: boolean;
  restUrl?: string;
  wsUrl?: string;
  env: Record<string, string | undefined>;
}

/**
 * Targets of a live check (mainnet, `--testnet`, or an explicit host for one venue).
 * @throws UsageError for a testnet the connector has no host for, or `--private` without credentials (names only).
 */
export function liveTargets(o: LiveTargetOptions): VenueTarget[] {
  const roots = testnetRoots();
  const missing: string[] = [];
  const targets = o.venues.map((venue): VenueTarget => {
    let credentials: Record<string, string> = {};
    if (o.private) {
      const absent = missingCredentials(venue, o.env);
      if (absent.length > 0) missing.push(`${venue}: ${absent.map(describeVariable).join(', ')}`);
      else credentials = credentialsFromEnv(venue, o.env);
    }
    if (o.restUrl) {
      const wsUrl = o.wsUrl ?? o.restUrl.replace(/^http/, 'ws');
      return {
        venue,
        restUrl: o.restUrl,
        wsUrl,
        host: hostOf(o.restUrl),
        streamUrl: wsUrl,
        credentials,
        private: o.private,
      };
    }
    if (o.testnet) {
      const root = roots[venue];
      if (!root) throw new UsageError(`${venue} has no testnet host in its connector; use --rest-url/--ws-url`);
      return { venue, ...root, host: hostOf(root.restUrl), streamUrl: root.wsUrl, credentials, private: o.private };
    }
    // edgeX v1 credentials select the v1 hosts inside the client; the probe checks the v2 stream host.
    const hosts = MAINNET[venue];
    return { venue, host: hostOf(hosts.rest), streamUrl: hosts.ws, credentials, private: o.private };
  });
  if (missing.length > 0) {
    throw new UsageError(`--private needs credentials in the environment or .env; missing ${missing.join('; ')}`);
  }
  return targets;
}

/** Targets of simulator venues (a connection file or the in-process paper simulator). */
export function simTargets(
  venues: VenueName[],
  served: Partial<Record<VenueName, { restUrl: string; wsUrl: string; credentials: Record<string, string> }>>,
  options: { private: boolean; clock?: Clock; source: string },
): VenueTarget[] {
  return venues.map((venue) => {
    const v = served[venue];
    if (!v) {
      const list = Object.keys(served).join(', ') || 'none';
      throw new UsageError(`${venue} is not served by ${options.source} (it serves ${list})`);
    }
    return {
      venue,
      restUrl: v.restUrl,
      wsUrl: v.wsUrl,
      host: hostOf(v.restUrl),
      streamUrl: v.wsUrl,
      credentials: options.private ? v.credentials : {},
      private: options.private,
      ...(options.clock ? { clock: options.clock } : {}),
    };
  });
}

/** The connector of a target, as `@dn/connect` builds it for the bots (same hosts, same paths). */
export function clientFor(target: VenueTarget): PerpVenue {
  const credentials = target.venue === 'lighter' && !target.private ? LIGHTER_PUBLIC_PLACEHOLDER : target.credentials;
  const options: ClientTarget = {
    credentials,
    ...(target.restUrl ? { restUrl: target.restUrl } : {}),
    ...(target.wsUrl ? { wsUrl: target.wsUrl } : {}),
    ...(target.clock ? { clock: target.clock } : {}),
  };
  return createClient(target.venue, options);
}
