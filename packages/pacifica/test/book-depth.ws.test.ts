/** `PacificaVenue.subscribeOrderBook` depth, over a replay server. Keys are the public FAKE vector keys. */
import { readFileSync } from 'node:fs';
import { InvalidInputError, type OrderBookSnapshot } from '@dn/core';
import { Closables, type ReplayServer, startReplayServer, waitFor } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PacificaVenue } from '../src/index.js';
import { pacificaWsSocket } from './helpers.js';
import { keys } from './vectors.js';

/** CCXT's REST /book capture (ten levels a side, same shape as the `book` push) and its /info. */
const fixture = (name: string): { data: unknown } =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as { data: unknown };

const open = new Closables();
let server: ReplayServer | undefined;
afterEach(() => open.closeAll());

async function venue(): Promise<PacificaVenue> {
  const book = fixture('ccxt-book.json').data;
  const replay = await startReplayServer({
    maxLifetimeMs: 20_000,
    routes: [{ path: '/info', body: fixture('ccxt-info.json') }],
    sockets: [pacificaWsSocket({ book: [{ channel: 'book', data: book }] })],
  });
  open.add(replay);
  server = replay;
  const v = new PacificaVenue({
    restUrl: replay.url,
    wsUrl: `${replay.wsUrl}/ws`,
    account: keys.main.public_key_base58,
    rateLimiter: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  open.add(v);
  return v;
}

async function firstBook(v: PacificaVenue, depth?: number): Promise<OrderBookSnapshot> {
  const books: OrderBookSnapshot[] = [];
  await v.subscribeOrderBook('BTC', (b) => books.push(b), depth === undefined ? undefined : { depth });
  return waitFor(async () => books[0], 'a book', 5_000, 10);
}

const prices = (levels: OrderBookSnapshot['bids']): string[] => levels.map((l) => l.price.toFixed());

describe('PacificaVenue.subscribeOrderBook depth', () => {
  it('depth 1 hands over only the best bid and ask of the ten-level push', async () => {
    const b = await firstBook(await venue(), 1);
    expect(prices(b.bids)).toEqual(['89204']);
    expect(b.bids[0]?.size.toFixed()).toBe('0.0103');
    expect(b.asks).toHaveLength(1);
  });

  it('depth 2 gives two levels per side, best first', async () => {
    const b = await firstBook(await venue(), 2);
    expect(prices(b.bids)).toEqual(['89204', '89114']);
    expect(b.asks).toHaveLength(2);
    expect(b.asks[0]?.price.lt(b.asks[1]?.price ?? 0)).toBe(true);
  });

  it('without a depth every pushed level is kept', async () => {
    const b = await firstBook(await venue());
    expect([b.bids.length, b.asks.length]).toEqual([10, 10]);
  });

  it.each([0, 1.5, -1])('refuses depth %s with InvalidInputError before subscribing', async (depth) => {
    const v = await venue();
    const err = await v.subscribeOrderBook('BTC', () => undefined, { depth }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: depth, venue: 'pacifica' });
    expect(server?.received.some((f) => f.includes('"subscribe"'))).toBe(false);
  });
});
