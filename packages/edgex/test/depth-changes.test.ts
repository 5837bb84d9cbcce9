/**
 * X2: depth CHANGED levels. No source settles whether they are absolute sizes or increments, so the book is kept
 * under either reading without ever showing an impossible state. The snapshot is the getDepth docs example.
 */
import { readFileSync } from 'node:fs';
import { Decimal, type OrderBookSnapshot } from '@dn/core';
import { type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexDepthBook, type EdgexDepthChanges, EdgexVenue } from '../src/index.js';

type Level = { price: Decimal; size: Decimal };
const docs = JSON.parse(readFileSync(new URL('./fixtures/real/docs-depth.json', import.meta.url), 'utf8')) as {
  data: { startVersion: string; endVersion: string; bids: { price: string; size: string }[]; asks: unknown[] }[];
};
const SNAP = docs.data[0] as {
  endVersion: string;
  bids: { price: string; size: string }[];
  asks: { price: string; size: string }[];
};
const lv = (price: string, size: string): Level => ({ price: new Decimal(price), size: new Decimal(size) });
const snapBids = SNAP.bids.map((l) => lv(l.price, l.size));
const snapAsks = SNAP.asks.map((l) => lv(l.price, l.size));
const V = Number(SNAP.endVersion); // 201223747

function book(changes: EdgexDepthChanges, now = () => 0, resnapshotMs = 60_000): EdgexDepthBook {
  const b = new EdgexDepthBook({
    symbol: 'BTC',
    tickSize: new Decimal('0.1'),
    lotSize: new Decimal('0.001'),
    changes,
    resnapshotMs,
    now,
  });
  expect(b.snapshot(snapBids, snapAsks, V)).toEqual({ emit: true });
  return b;
}
const side = (b: EdgexDepthBook, s: 'bids' | 'asks') =>
  b.depth(15, 0)[s].map((l) => `${l.price.toString()}@${l.size.toString()}`);

describe('absolute reading', () => {
  it('a CHANGED level replaces the size; 0 removes the level', () => {
    const b = book('auto');
    const v = b.changed([lv('101695.5', '1.2')], [lv('101695.9', '0')], V + 1, V + 1);
    expect(v).toEqual({ emit: true });
    expect(b.changes).toBe('absolute');
    expect(side(b, 'bids')).toEqual(['101695.5@1.2', '101694.1@0.189', '101692.9@0.223']);
    expect(side(b, 'asks')).toEqual(['101696@0.923', '101703@0.129']);
    expect(b.depth(15, 0).sequence).toBe(V + 1);
  });
});

describe('increment reading', () => {
  it('auto: the first negative size proves increments, drops the book and asks for a snapshot', () => {
    const b = book('auto');
    expect(b.changed([lv('101695.5', '-0.5')], [], V + 1, V + 1)).toEqual({ emit: false, resync: 'mode-switch' });
    expect(b.changes).toBe('delta');
    expect(b.book.synced).toBe(false);
    // Changes before the new snapshot are ignored, never applied to a stale book.
    expect(b.changed([lv('101695.5', '0.1')], [], V + 2, V + 2)).toEqual({ emit: false });
    // New snapshot, then increments are added: 1.710 − 0.5, 0.189 + 0.011; 0 deletes.
    expect(b.snapshot(snapBids, snapAsks, V + 10)).toEqual({ emit: true });
    const v = b.changed([lv('101695.5', '-0.5'), lv('101694.1', '0.011')], [lv('101696.0', '0')], V + 11, V + 11);
    expect(v).toEqual({ emit: true });
    expect(side(b, 'bids')).toEqual(['101695.5@1.21', '101694.1@0.2', '101692.9@0.223']);
    expect(side(b, 'asks')).toEqual(['101695.9@0.579', '101703@0.129']);
  });

  it('delta: a level driven to zero or below is gone; a new level starts from its increment', () => {
    const b = book('delta');
    b.changed([lv('101694.1', '-5'), lv('101690.0', '0.4')], [], V + 1, V + 1);
    expect(side(b, 'bids')).toEqual(['101695.5@1.71', '101692.9@0.223', '101690@0.4']);
  });

  it('absolute (forced): a negative size is impossible and resyncs instead of switching', () => {
    const b = book('absolute');
    expect(b.changed([lv('101695.5', '-0.5')], [], V + 1, V + 1)).toEqual({ emit: false, resync: 'invalid' });
    expect(b.changes).toBe('absolute');
  });
});

describe('guards that hold under both readings', () => {
  it('a version gap resyncs', () => {
    const b = book('auto');
    expect(b.changed([lv('101695.5', '1')], [], V + 2, V + 2)).toEqual({ emit: false, resync: 'gap' });
    expect(b.book.synced).toBe(false);
  });

  it('a crossed book (what a misread increment can produce) resyncs', () => {
    const b = book('auto');
    expect(b.changed([lv('101700.0', '1')], [], V + 1, V + 1)).toEqual({ emit: false, resync: 'crossed' });
  });

  it('a fresh snapshot is requested at least every resnapshotMs, bounding drift nothing else detects', () => {
    let t = 0;
    const b = book('auto', () => t, 30_000);
    t = 29_999;
    expect(b.changed([lv('101695.5', '1')], [], V + 1, V + 1)).toEqual({ emit: true });
    t = 30_000;
    expect(b.changed([lv('101695.5', '2')], [], V + 2, V + 2)).toEqual({ emit: true, resync: 'refresh' });
    // Asked once per period, not on every change while the new snapshot is on its way.
    expect(b.changed([lv('101695.5', '3')], [], V + 3, V + 3)).toEqual({ emit: true });
  });
});

describe('over the public stream', () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('increments on the wire: the client resubscribes and only consistent books reach the caller', async () => {
    const ch = '10000001';
    const channel = `depth.${ch}.15`;
    const frame = (dataType: string, depth: object) => ({
      type: 'quote-event',
      channel,
      content: { channel, dataType, data: [depth] },
    });
    const levels = (l: Level[]) => l.map((x) => ({ price: x.price.toString(), size: x.size.toString() }));
    let subscribes = 0;
    server = await startReplayServer({
      routes: [
        {
          path: '/api/v2/public/meta/getMetaData',
          body: readFileSync(new URL('./fixtures/real/capture-mainnet-metadata.json', import.meta.url), 'utf8'),
        },
      ],
      sockets: [
        {
          path: '/api/v1/public/ws',
          onMessage: (msg, send) => {
            const m = JSON.parse(msg) as { type: string; channel?: string };
            if (m.type !== 'subscribe' || m.channel !== channel) return;
            subscribes++;
            const base = V + subscribes * 100;
            send(
              frame('Snapshot', {
                ...SNAP,
                startVersion: String(base),
                endVersion: String(base),
                depthType: 'SNAPSHOT',
              }),
            );
            send(
              frame('CHANGED', {
                startVersion: String(base + 1),
                endVersion: String(base + 1),
                contractId: ch,
                bids: levels([lv('101695.5', '-0.5')]),
                asks: [],
                depthType: 'CHANGED',
              }),
            );
          },
        },
      ],
    });
    const c = new EdgexVenue({ restUrl: server.url, wsUrl: server.wsUrl, syncServerTime: false });
    const books: OrderBookSnapshot[] = [];
    const sub = await c.subscribeOrderBook('BTC', (b) => books.push(b));
    const deadline = Date.now() + 5_000;
    while (books.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.unsubscribe();
    await c.close();
    // 1: first snapshot; the negative CHANGED switches to increments and resubscribes;
    // 2: second snapshot; 3: its CHANGED applied as an increment (1.710 − 0.5).
    expect(subscribes).toBeGreaterThanOrEqual(2);
    expect(books[0]?.bids[0]?.size.toString()).toBe('1.71');
    expect(books[1]?.bids[0]?.size.toString()).toBe('1.71');
    expect(books[2]?.bids[0]?.size.toString()).toBe('1.21');
    for (const b of books) expect(b.bids.every((l) => l.size.gt(0))).toBe(true);
  });
});
