/** `EdgexVenue.subscribeOrderBook` depth over a replay server; the snapshot is the getDepth docs example (3 a side). */
import { readFileSync } from 'node:fs';
import { InvalidInputError, type OrderBookSnapshot } from '@dn/core';
import { type ReplayServer, startReplayServer, waitFor } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexVenue } from '../src/index.js';

const real = (name: string): string => readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8');
const SNAP = (JSON.parse(real('docs-depth.json')) as { data: object[] }).data[0] as object;
const BTC = '10000001';

let server: ReplayServer | undefined;
const venues: EdgexVenue[] = [];
afterEach(async () => {
  await Promise.all(venues.splice(0).map((v) => v.close()));
  await server?.close();
  server = undefined;
});

/** A venue whose public stream answers any `depth.10000001.*` subscription with the docs snapshot. */
async function venue(): Promise<{ v: EdgexVenue; subscribed: string[] }> {
  const subscribed: string[] = [];
  server = await startReplayServer({
    maxLifetimeMs: 20_000,
    routes: [{ path: '/api/v2/public/meta/getMetaData', body: real('capture-mainnet-metadata.json') }],
    sockets: [
      {
        path: '/api/v1/public/ws',
        onMessage: (msg, send) => {
          const m = JSON.parse(msg) as { type: string; channel?: string };
          if (m.type !== 'subscribe' || !m.channel?.startsWith(`depth.${BTC}.`)) return;
          subscribed.push(m.channel);
          const channel = m.channel;
          send({ type: 'quote-event', channel, content: { channel, dataType: 'Snapshot', data: [SNAP] } });
        },
      },
    ],
  });
  const v = new EdgexVenue({ restUrl: server.url, wsUrl: server.wsUrl, syncServerTime: false });
  venues.push(v);
  return { v, subscribed };
}

async function firstBook(v: EdgexVenue, depth?: number): Promise<OrderBookSnapshot> {
  const books: OrderBookSnapshot[] = [];
  await v.subscribeOrderBook('BTC', (b) => books.push(b), depth === undefined ? undefined : { depth });
  return waitFor(async () => books[0], 'a book', 5_000, 10);
}

const prices = (levels: OrderBookSnapshot['bids']): string[] => levels.map((l) => l.price.toString());

describe('EdgexVenue.subscribeOrderBook depth', () => {
  it('depth 1 hands over only the best bid and ask, from the 15-level channel', async () => {
    const { v, subscribed } = await venue();
    const b = await firstBook(v, 1);
    expect(prices(b.bids)).toEqual(['101695.5']);
    expect(prices(b.asks)).toEqual(['101695.9']);
    expect(subscribed).toEqual([`depth.${BTC}.15`]);
  });

  it('depth 2 gives two levels per side, best first', async () => {
    const { v } = await venue();
    const b = await firstBook(v, 2);
    expect(prices(b.bids)).toEqual(['101695.5', '101694.1']);
    expect(prices(b.asks)).toEqual(['101695.9', '101696']);
  });

  it('without a depth the 15-level channel and every level it holds', async () => {
    const { v, subscribed } = await venue();
    const b = await firstBook(v);
    expect([b.bids.length, b.asks.length]).toEqual([3, 3]);
    expect(subscribed).toEqual([`depth.${BTC}.15`]);
  });

  it('a depth above 15 reads the 200-level channel', async () => {
    const { v, subscribed } = await venue();
    const b = await firstBook(v, 50);
    expect(b.bids).toHaveLength(3);
    expect(subscribed).toEqual([`depth.${BTC}.200`]);
  });

  it.each([0, 1.5, -1])('refuses depth %s with InvalidInputError before subscribing', async (depth) => {
    const { v, subscribed } = await venue();
    const err = await v.subscribeOrderBook('BTC', () => undefined, { depth }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: depth, venue: 'edgex' });
    expect(subscribed).toEqual([]);
    expect(server?.requests).toEqual([]);
  });
});
