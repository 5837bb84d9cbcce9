import { Decimal } from '@dn/core';
import type { SimMarket } from '../../engine/index.js';
import type { SimServer, SimWsConnection } from '../../server/sim-server.js';
import { CANDLE_INTERVAL_MS, type ExtendedSimState } from './state.js';
import { balanceWire, orderWire, positionWire, publicTradeWire, tradeWire } from './wire.js';

const V1 = '/stream.extended.exchange/v1';
const BOOK_DEPTH = 50;

interface BookSub {
  conn: SimWsConnection;
  market: SimMarket;
  seq: number;
  /** Levels last sent on this connection: price → size. */
  bids: Map<string, Decimal>;
  asks: Map<string, Decimal>;
}

/**
 * Extended's v1 streams (one socket per topic, the path selects it; extended.md §3.1): order books (SNAPSHOT on
 * connect, then DELTAs with `q` = change and `c` = new size, `seq` +1 per message), public trades, funding, mark and
 * index prices, candles, and the private `/account` stream (X-Api-Key header). Returns a disposer.
 */
export function installExtendedStreams(server: SimServer, st: ExtendedSimState): () => void {
  const { engine, clock, faults } = st;
  const books = new Set<BookSub>();
  const topic = new Map<string, Set<{ conn: SimWsConnection; seq: number }>>();
  const push = (key: string, type: string | undefined, data: unknown) => {
    const subs = topic.get(key);
    if (!subs) return;
    for (const s of subs) {
      s.seq += 1;
      s.conn.send({ ...(type ? { type } : {}), data, ts: clock.now(), seq: s.seq }, key);
    }
  };
  const join = (key: string, conn: SimWsConnection) => {
    let set = topic.get(key);
    if (!set) topic.set(key, (set = new Set()));
    const sub = { conn, seq: 0 };
    set.add(sub);
    conn.onClose(() => set?.delete(sub));
    return sub;
  };
  const marketFromPath = (conn: SimWsConnection, prefix: string): SimMarket | undefined => {
    const name = decodeURIComponent(conn.path.slice(`${V1}${prefix}`.length).split('/')[0] ?? '');
    const m = st.marketByName(name);
    if (!m) conn.close(1008, 'Market not found');
    return m;
  };

  const levelsOf = (m: SimMarket) => {
    const b = engine.book(m.symbol, BOOK_DEPTH);
    const toMap = (ls: { price: Decimal; size: Decimal }[]) => new Map(ls.map((l) => [l.price.toFixed(), l.size]));
    return { bids: toMap(b.bids), asks: toMap(b.asks) };
  };
  const sendSnapshot = (s: BookSub) => {
    const { bids, asks } = levelsOf(s.market);
    s.bids = bids;
    s.asks = asks;
    s.seq += 1;
    const lv = (m: Map<string, Decimal>) => [...m].map(([p, q]) => ({ p, q: q.toFixed() }));
    s.conn.send(
      { type: 'SNAPSHOT', data: { m: s.market.venueSymbol, b: lv(bids), a: lv(asks) }, ts: clock.now(), seq: s.seq },
      `book:${s.market.symbol}`,
    );
  };
  const sendDelta = (s: BookSub) => {
    const { bids, asks } = levelsOf(s.market);
    const diff = (prev: Map<string, Decimal>, next: Map<string, Decimal>) => {
      const out: { p: string; q: string; c: string }[] = [];
      for (const [p, size] of next) {
        const old = prev.get(p) ?? new Decimal(0);
        if (!old.eq(size)) out.push({ p, q: size.sub(old).toFixed(), c: size.toFixed() });
      }
      for (const [p, old] of prev) if (!next.has(p)) out.push({ p, q: old.neg().toFixed(), c: '0' });
      return out;
    };
    const b = diff(s.bids, bids);
    const a = diff(s.asks, asks);
    s.bids = bids;
    s.asks = asks;
    if (b.length === 0 && a.length === 0) return;
    const key = `book:${s.market.symbol}`;
    // An injected gap skips one sequence number, as a lost message would.
    if (faults.takeSequenceGap(key)) s.seq += 1;
    s.seq += 1;
    s.conn.send({ type: 'DELTA', data: { m: s.market.venueSymbol, b, a }, ts: clock.now(), seq: s.seq }, key);
  };

  server.ws(`${V1}/orderbooks/*`, (conn) => {
    const m = marketFromPath(conn, '/orderbooks/');
    if (!m) return;
    const sub: BookSub = { conn, market: m, seq: 0, bids: new Map(), asks: new Map() };
    // depth=1 is a best bid/ask feed of snapshots only.
    const topOnly = conn.query.get('depth') === '1';
    if (topOnly) {
      const send = () => {
        const b = engine.book(m.symbol, 1);
        sub.seq += 1;
        const lv = (ls: { price: Decimal; size: Decimal }[]) =>
          ls.map((l) => ({ p: l.price.toFixed(), q: l.size.toFixed() }));
        conn.send(
          { type: 'SNAPSHOT', data: { m: m.venueSymbol, b: lv(b.bids), a: lv(b.asks) }, ts: clock.now(), seq: sub.seq },
          `book:${m.symbol}`,
        );
      };
      send();
      const off = engine.events.on('book', (e) => {
        if (e.symbol === m.symbol) send();
      });
      conn.onClose(off);
      return;
    }
    books.add(sub);
    conn.onClose(() => books.delete(sub));
    sendSnapshot(sub);
  });
  const offBook = engine.events.on('book', (e) => {
    for (const s of books) if (s.market.symbol === e.symbol && s.conn.isOpen) sendDelta(s);
    const m = st.marketOf(e.symbol);
    // The live venue writes `"ts": 0` inside `data`; the envelope's `ts` is the price's time (issue #13, E2).
    // Prices only for topics someone follows: every market's book moves each second, most are not watched.
    if (topic.get(`mark:${e.symbol}`)?.size) {
      push(`mark:${e.symbol}`, 'MP', { m: m.venueSymbol, p: engine.markPrice(e.symbol).toFixed(), ts: 0 });
    }
    if (topic.get(`index:${e.symbol}`)?.size) {
      push(`index:${e.symbol}`, 'IP', { m: m.venueSymbol, p: engine.indexPrice(e.symbol).toFixed(), ts: 0 });
    }
    for (const [key, subs] of topic) {
      if (!key.startsWith(`candles:${e.symbol}:`) || subs.size === 0) continue;
      const [, , type, interval] = key.split(':');
      push(key, undefined, latestCandle(e.symbol, type ?? 'trades', Number(interval)));
    }
  });

  server.ws(`${V1}/publicTrades/*`, (conn) => {
    const m = marketFromPath(conn, '/publicTrades/');
    if (!m) return;
    join(`trades:${m.symbol}`, conn);
    // The engine emits a market's generated tape (not only users' prints) while someone watches it.
    conn.onClose(engine.watchTrades(m.symbol));
  });
  const offTrade = engine.events.on('trade', ({ trade }) => {
    push(`trades:${trade.symbol}`, undefined, [publicTradeWire(trade, st.marketOf(trade.symbol))]);
  });

  server.ws(`${V1}/funding/*`, (conn) => {
    const m = marketFromPath(conn, '/funding/');
    if (m) join(`funding:${m.symbol}`, conn);
  });
  const offFunding = engine.events.on('fundingRate', ({ record }) => {
    const m = st.marketOf(record.symbol);
    push(`funding:${record.symbol}`, undefined, { m: m.venueSymbol, T: record.time, f: record.rate.toFixed() });
  });

  server.ws(`${V1}/prices/mark/*`, (conn) => {
    const m = marketFromPath(conn, '/prices/mark/');
    if (m) join(`mark:${m.symbol}`, conn);
  });
  server.ws(`${V1}/prices/index/*`, (conn) => {
    const m = marketFromPath(conn, '/prices/index/');
    if (m) join(`index:${m.symbol}`, conn);
  });

  const latestCandle = (symbol: string, type: string, intervalMs: number) => {
    const now = clock.now();
    const c = engine.candles(symbol, intervalMs, now - intervalMs, now).slice(-1);
    return c.map((x) => ({
      T: x.time,
      o: x.open.toFixed(),
      l: x.low.toFixed(),
      h: x.high.toFixed(),
      c: x.close.toFixed(),
      ...(type === 'trades' ? { v: x.volume.toFixed() } : {}),
    }));
  };
  server.ws(`${V1}/candles/*`, (conn) => {
    const m = marketFromPath(conn, '/candles/');
    if (!m) return;
    const type = conn.path.slice(`${V1}/candles/`.length).split('/')[1] ?? '';
    const intervalMs = CANDLE_INTERVAL_MS[conn.query.get('interval') ?? ''];
    if (!['trades', 'mark-prices', 'index-prices'].includes(type) || intervalMs === undefined) {
      conn.close(1008, 'Not supported interval or candle type');
      return;
    }
    join(`candles:${m.symbol}:${type}:${intervalMs}`, conn);
  });

  server.ws(`${V1}/account`, (conn) => {
    const key = conn.headers['x-api-key'];
    const account = typeof key === 'string' ? st.byApiKey.get(key) : undefined;
    if (!account) {
      // The venue's stream error frame: `status: "ERROR"` with the error object (issue #13, E6).
      conn.send({ status: 'ERROR', error: { code: 'UNAUTHORIZED', message: 'Invalid or missing X-Api-Key' } });
      conn.close(1008, 'Unauthorized');
      return;
    }
    const id = account.accountId;
    let set = st.accountStreams.get(id);
    if (!set) st.accountStreams.set(id, (set = new Set()));
    const sub = { conn, seq: 0 };
    set.add(sub);
    conn.onClose(() => set?.delete(sub));
    // Full state first, as the venue: balance, positions, open orders.
    const now = clock.now();
    const send = (type: string, data: unknown) => {
      sub.seq += 1;
      conn.send({ type, data, ts: clock.now(), seq: sub.seq }, `account:${id}`);
    };
    send('BALANCE', { balance: balanceOf(id) });
    send('POSITION', {
      positions: engine
        .positions(id)
        .map((p) => positionWire(p, st.marketOf(p.symbol), st.positionId(id, p.symbol), now)),
    });
    send('ORDER', {
      orders: engine.openOrders(id).map((o) => orderWire(o, st.marketOf(o.symbol), st.meta.get(o.id))),
    });
  });
  const balanceOf = (accountId: string) => {
    const b = engine.account(accountId);
    const exposure = engine.positions(accountId).reduce((s, p) => s.add(p.notional.abs()), new Decimal(0));
    return balanceWire(b, exposure, clock.now());
  };
  const watched = (accountId: string) => (st.accountStreams.get(accountId)?.size ?? 0) > 0;
  const offs = [
    engine.events.on('order', ({ accountId, order }) => {
      if (!watched(accountId)) return;
      st.pushAccount(accountId, 'ORDER', {
        orders: [orderWire(order, st.marketOf(order.symbol), st.meta.get(order.id))],
      });
    }),
    engine.events.on('fill', ({ accountId, fill }) => {
      if (watched(accountId))
        st.pushAccount(accountId, 'TRADE', { trades: [tradeWire(fill, st.marketOf(fill.symbol), true)] });
    }),
    engine.events.on('position', ({ accountId, position }) => {
      if (!watched(accountId)) return;
      const m = st.marketOf(position.symbol);
      st.pushAccount(accountId, 'POSITION', {
        positions: [positionWire(position, m, st.positionId(accountId, position.symbol), clock.now())],
      });
    }),
    engine.events.on('balance', ({ accountId, balance }) => {
      if (!watched(accountId)) return;
      const exposure = engine.positions(accountId).reduce((s, p) => s.add(p.notional.abs()), new Decimal(0));
      st.pushAccount(accountId, 'BALANCE', { balance: balanceWire(balance, exposure, clock.now()) });
    }),
  ];

  return () => {
    offBook();
    offTrade();
    offFunding();
    for (const off of offs) off();
  };
}
