import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ReplayRoute, type ReplayServer, type ReplaySocket, startReplayServer } from '@dn/core/testing';
import { LighterClient, type LighterClientOptions, LighterVenue } from '../../src/index.js';

const DIR = fileURLToPath(new URL('../fixtures/real/', import.meta.url));

/** A real payload as raw text (19-digit ids and float formatting stay exactly as captured). */
export function fixture(name: string): string {
  return readFileSync(`${DIR}${name}`, 'utf8');
}

/** A real payload edited as JSON (only for derived variants; the README lists each one). */
export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

// FAKE test key: ascii("lighter test vector key: FAKE, NO FUNDS!") as in shared/vectors/lighter.
export const FAKE_KEY = `0x${Buffer.from('lighter test vector key: FAKE, NO FUNDS!').toString('hex')}`;

/** The live ETH market (nautilus capture, 2026-05-05): every test that needs a market loads it. */
export const ETH_DETAILS: ReplayRoute = {
  path: '/api/v1/orderBookDetails',
  body: fixture('nautilus.http_order_book_details.json'),
};

export interface Replay {
  server: ReplayServer;
  client: LighterClient;
  venue: LighterVenue;
}

const open: Replay[] = [];

/** A replay server with `routes` (plus the ETH market), a client pointed at it and the venue over that client. */
export async function replay(
  routes: ReplayRoute[],
  options: Partial<LighterClientOptions> & { sockets?: ReplaySocket[] } = {},
): Promise<Replay> {
  const { sockets, ...clientOptions } = options;
  const server = await startReplayServer({ routes: [...routes, ETH_DETAILS], ...(sockets ? { sockets } : {}) });
  const client = new LighterClient({
    accountIndex: 1077,
    apiKeyIndex: 3,
    privateKey: FAKE_KEY,
    restUrl: server.url,
    wsUrl: `${server.wsUrl}/stream`,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...clientOptions,
  });
  const r = { server, client, venue: new LighterVenue(client) };
  open.push(r);
  return r;
}

export async function closeReplays(): Promise<void> {
  for (const r of open.splice(0)) {
    await r.client.close();
    await r.server.close();
  }
}
