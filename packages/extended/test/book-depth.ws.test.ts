import { InvalidInputError, type OrderBookSnapshot } from '@dn/core';
import { type ReplayServer, waitFor } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import type { ExtendedClientOptions, ExtendedVenue } from '../src/index.js';
import { closeAfterEach } from './support/close-after-each.js';
import { streamVenue, WS } from './support/stream-venue.js';

let server: ReplayServer | undefined;
const venues = closeAfterEach(() => server);

/** A constructed three-level snapshot of BTC-USD (the tick is 1 in the markets fixture). */
const SNAPSHOT = {
  type: 'SNAPSHOT',
  data: {
    m: 'BTC-USD',
    b: [
      { p: '43538', q: '0.3' },
      { p: '43540', q: '0.1' },
      { p: '43539', q: '0.2' },
    ],
    a: [
      { p: '43543', q: '0.6' },
      { p: '43541', q: '0.4' },
      { p: '43542', q: '0.5' },
    ],
  },
  ts: 1_704_798_222_748,
  seq: 1,
};

/** Request URLs of the book connections, query included. */
let bookUrls: string[] = [];

async function venue(
  options: Partial<ExtendedClientOptions> = {},
  frames: unknown[] = [SNAPSHOT],
): Promise<{ v: ExtendedVenue; connects: () => number }> {
  bookUrls = [];
  const r = await streamVenue(
    [
      {
        path: `${WS}/orderbooks/BTC-USD`,
        onConnect: (send, req) => {
          bookUrls.push(req.url ?? '');
          for (const f of frames) send(f);
        },
      },
    ],
    options,
  );
  server = r.server;
  venues.add(r.venue);
  return { v: r.venue, connects: r.connects };
}

async function firstBook(v: ExtendedVenue, depth?: number): Promise<OrderBookSnapshot> {
  const books: OrderBookSnapshot[] = [];
  await v.subscribeOrderBook('BTC', (b) => books.push(b), depth === undefined ? undefined : { depth });
  return waitFor(async () => books[0], 'a book', 3_000, 10);
}

const prices = (levels: OrderBookSnapshot['bids']): string[] => levels.map((l) => l.price.toFixed());

describe('ExtendedVenue.subscribeOrderBook depth', () => {
  it('depth 1 hands over only the best bid and ask of a deeper book', async () => {
    const { v } = await venue();
    const b = await firstBook(v, 1);
    expect(prices(b.bids)).toEqual(['43540']);
    expect(prices(b.asks)).toEqual(['43541']);
    expect(b.bids[0]?.size.toFixed()).toBe('0.1');
  });

  it("depth 1 reads the venue's best bid/ask stream (?depth=1, snapshots only)", async () => {
    // The depth=1 stream sends one-level snapshots, each replacing the last, with `seq` going up.
    const top = (seq: number, bid: string, ask: string) => ({
      type: 'SNAPSHOT',
      data: { m: 'BTC-USD', b: [{ p: bid, q: '0.1' }], a: [{ p: ask, q: '0.2' }] },
      ts: 1_704_798_222_748 + seq,
      seq,
    });
    const { v } = await venue({}, [top(1, '43540', '43541'), top(2, '43545', '43547')]);
    const books: OrderBookSnapshot[] = [];
    await v.subscribeOrderBook('BTC', (b) => books.push(b), { depth: 1 });
    await waitFor(async () => books[1], 'two books', 3_000, 10);
    expect(bookUrls).toEqual([`${WS}/orderbooks/BTC-USD?depth=1`]);
    expect(books.map((b) => [prices(b.bids), prices(b.asks)])).toEqual([
      [['43540'], ['43541']],
      [['43545'], ['43547']],
    ]);
  });

  it('any other depth reads the full book stream', async () => {
    const { v } = await venue();
    await firstBook(v, 2);
    expect(bookUrls).toEqual([`${WS}/orderbooks/BTC-USD`]);
  });

  it('depth 2 gives two levels per side, best first', async () => {
    const { v } = await venue();
    const b = await firstBook(v, 2);
    expect(prices(b.bids)).toEqual(['43540', '43539']);
    expect(prices(b.asks)).toEqual(['43541', '43542']);
  });

  it('without a depth the client’s bookDepth applies', async () => {
    const { v } = await venue({ bookDepth: 2 });
    expect(prices((await firstBook(v)).bids)).toEqual(['43540', '43539']);
  });

  it('a depth overrides the client’s bookDepth', async () => {
    const { v } = await venue({ bookDepth: 2 });
    expect(prices((await firstBook(v, 1)).asks)).toEqual(['43541']);
  });

  it('without either, the default (50) keeps every level of a shallower book', async () => {
    const { v } = await venue();
    expect(prices((await firstBook(v)).asks)).toEqual(['43541', '43542', '43543']);
  });

  it.each([0, 1.5])('refuses a client bookDepth of %s the same way, before subscribing', async (bookDepth) => {
    const { v, connects } = await venue({ bookDepth });
    const err = await v.subscribeOrderBook('BTC', () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: bookDepth });
    expect(connects()).toBe(0);
  });

  it.each([0, 1.5, -1])('refuses depth %s with InvalidInputError before subscribing', async (depth) => {
    const { v, connects } = await venue();
    const err = await v.subscribeOrderBook('BTC', () => undefined, { depth }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).context).toMatchObject({ field: 'depth', value: depth, venue: 'extended' });
    expect(connects()).toBe(0);
  });
});
