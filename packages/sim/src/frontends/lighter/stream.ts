import type { Decimal } from '@dn/core';
import type { SimMarket } from '../../engine/index.js';
import type { FaultInjector } from '../../faults/fault-injector.js';
import type { SimServer, SimWsConnection } from '../../server/sim-server.js';
import {
  encodeFunding,
  encodeMarketStats,
  encodeOrder,
  encodePosition,
  encodeTrade,
  marketIndexOf,
  px,
  sz,
} from './encode.js';
import type { LighterSimState } from './state.js';
import { tradeChannel } from './stream-trades.js';
import { isMarketOrder } from './tx.js';

/** Channels whose subscribe needs an auth token (asyncapi.json). */
const AUTH_REQUIRED =
  /^(account_market|account_tx|account_all_orders|account_orders|account_all_assets|notification|pool_data|pool_info)\//;

interface BookState {
  levels: { bids: Map<string, string>; asks: Map<string, string> };
  nonce: number;
  subscribers: Set<SimWsConnection>;
}

const BOOK_DEPTH = 50;

/** Account channels served, by family (the live clients use the first four; `account_all` is kept for older ones). */
const ACCOUNT_FAMILIES = [
  'account_all_orders',
  'account_all_trades',
  'account_all_positions',
  'user_stats',
  'account_all',
];

/**
 * `/stream`: order_book (begin_nonce chained deltas), market_stats, trade (every engine print: user orders, taker flow,
 * liquidations in `liquidation_trades`), account_all_orders / account_all_trades /
 * account_all_positions / user_stats (shapes of nautilus_trader's captures) and the older account_all; pings.
 */
export function installStream(server: SimServer, state: LighterSimState, faults: FaultInjector): () => void {
  const engine = state.engine;
  const books = new Map<string, BookState>();
  const stats = new Map<string, Set<SimWsConnection>>(); // market symbol or 'all'
  const trades = tradeChannel(state);
  // family → account id → subscribers
  const accountSubs = new Map(ACCOUNT_FAMILIES.map((f) => [f, new Map<string, Set<SimWsConnection>>()]));
  const subsOf = (family: string, account: string) => accountSubs.get(family)?.get(account) ?? new Set();
  const marketOf = (symbol: string) => state.markets().find((m) => m.symbol === symbol) as SimMarket;

  const readBook = (m: SimMarket) => {
    const b = engine.book(m.symbol, BOOK_DEPTH);
    const side = (levels: { price: Decimal; size: Decimal }[]) =>
      new Map(levels.map((l) => [px(m, l.price), sz(m, l.size)]));
    return { bids: side(b.bids), asks: side(b.asks) };
  };
  const toLevels = (map: Map<string, string>) => [...map].map(([price, size]) => ({ price, size }));

  const bookFor = (m: SimMarket): BookState => {
    let b = books.get(m.symbol);
    if (!b) {
      b = { levels: readBook(m), nonce: 1, subscribers: new Set() };
      books.set(m.symbol, b);
    }
    return b;
  };

  const add = (map: Map<string, Set<SimWsConnection>>, key: string, conn: SimWsConnection) => {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(conn);
  };

  const ordersByMarket = (account: string): Record<string, unknown[]> => {
    const orders: Record<string, unknown[]> = {};
    for (const o of engine.openOrders(account)) {
      const m = marketOf(o.symbol);
      const row = encodeOrder(m, o);
      if (isMarketOrder(state, account, o.id)) row['type'] = 'market';
      (orders[String(marketIndexOf(m))] ??= []).push(row);
    }
    return orders;
  };
  const positionsByMarket = (account: string): Record<string, unknown> => {
    const positions: Record<string, unknown> = {};
    for (const p of engine.positions(account)) {
      const m = marketOf(p.symbol);
      positions[String(marketIndexOf(m))] = encodePosition(m, p, 0);
    }
    return positions;
  };
  const snapshotOf = (family: string, account: string): Record<string, unknown> => {
    switch (family) {
      case 'account_all_orders':
        return { orders: ordersByMarket(account) };
      case 'account_all_trades':
        // The snapshot is a flat list plus volume totals; updates are keyed by market.
        return { trades: [], total_volume: 0, monthly_volume: 0, weekly_volume: 0, daily_volume: 0 };
      case 'account_all_positions':
        return {
          positions: positionsByMarket(account),
          shares: [],
          last_funding_round: null,
          last_funding_discount: null,
        };
      case 'user_stats':
        return { stats: userStatsBody(account) };
      default:
        return {
          account: BigInt(account),
          orders: ordersByMarket(account),
          positions: positionsByMarket(account),
          trades: {},
          funding_histories: {},
          shares: [],
        };
    }
  };

  const userStatsBody = (account: string) => {
    const s = engine.account(account);
    const totals = {
      available_balance: s.availableMargin.toFixed(6),
      buying_power: s.availableMargin.toFixed(6),
      collateral: s.collateral.toFixed(6),
      leverage: '0.00',
      margin_usage: '0.00',
      portfolio_value: s.equity.toFixed(6),
    };
    return { account_trading_mode: 0, ...totals, cross_stats: totals, total_stats: totals };
  };

  const subscribe = (conn: SimWsConnection, channel: string, auth: string | undefined) => {
    const [family, a, b] = channel.split('/');
    const errorFrame = (code: number, message: string) => conn.send({ type: 'error', error: { code, message } });
    if (AUTH_REQUIRED.test(channel) && !auth) return errorFrame(20013, 'invalid auth');
    const accountChannel = ACCOUNT_FAMILIES.includes(family ?? '') || AUTH_REQUIRED.test(channel);
    if (accountChannel) {
      const account = (family === 'account_orders' || family === 'account_market' ? b : a) ?? '';
      if (!engine.hasAccount(account)) return errorFrame(21100, 'account not found');
      if (auth !== undefined) {
        const denied = state.checkToken(auth, account);
        if (denied) return errorFrame(20013, (denied.body as { message: string }).message);
      }
      const subs = accountSubs.get(family ?? '');
      if (subs && family) {
        add(subs, account, conn);
        conn.send({
          type: `subscribed/${family}`,
          channel: `${family}:${account}`,
          ...snapshotOf(family, account),
          timestamp: state.clock.now(),
        });
        return;
      }
      return errorFrame(30005, 'Invalid Channel');
    }
    if (family === 'order_book') {
      const m = state.marketByIndex(Number(a));
      if (!m || a === undefined || !/^\d+$/.test(a)) return errorFrame(30005, 'Invalid Channel');
      const book = bookFor(m);
      book.subscribers.add(conn);
      conn.send(
        {
          type: 'subscribed/order_book',
          channel: `order_book:${a}`,
          last_updated_at: state.clock.now() * 1000,
          offset: book.nonce,
          order_book: {
            code: 0,
            asks: toLevels(book.levels.asks),
            bids: toLevels(book.levels.bids),
            offset: book.nonce,
            nonce: book.nonce,
            last_updated_at: state.clock.now() * 1000,
            begin_nonce: book.nonce,
          },
          timestamp: state.clock.now(),
        },
        `book:${m.symbol}`,
      );
      return;
    }
    if (family === 'trade') {
      const m = a !== undefined && /^\d+$/.test(a) ? state.marketByIndex(Number(a)) : undefined;
      if (!m) return errorFrame(30005, 'Invalid Channel');
      trades.subscribe(conn, m);
      return;
    }
    if (family === 'market_stats') {
      if (a === 'all') {
        add(stats, 'all', conn);
        const all: Record<string, unknown> = {};
        for (const m of state.markets()) all[String(marketIndexOf(m))] = encodeMarketStats(engine, m);
        conn.send({
          type: 'subscribed/market_stats',
          channel: 'market_stats:all',
          market_stats: all,
          timestamp: state.clock.now(),
        });
        return;
      }
      const m = state.marketByIndex(Number(a));
      if (!m) return errorFrame(30005, 'Invalid Channel');
      add(stats, m.symbol, conn);
      conn.send({
        type: 'subscribed/market_stats',
        channel: `market_stats:${a}`,
        market_stats: encodeMarketStats(engine, m),
        timestamp: state.clock.now(),
      });
      return;
    }
    errorFrame(30005, 'Invalid Channel');
  };

  const unsubscribeAll = (conn: SimWsConnection, channel?: string) => {
    const [family, a] = channel?.split('/') ?? [];
    for (const [symbol, b] of books) {
      if (!channel || (family === 'order_book' && String(marketIndexOf(marketOf(symbol))) === a))
        b.subscribers.delete(conn);
    }
    const drop = (map: Map<string, Set<SimWsConnection>>, fam: string) => {
      for (const [key, set] of map) {
        if (!channel || family === fam) {
          if (!channel || key === a || fam === 'market_stats') set.delete(conn);
        }
      }
    };
    drop(stats, 'market_stats');
    if (!channel) trades.unsubscribe(conn);
    else if (family === 'trade' && a !== undefined) trades.unsubscribe(conn, Number(a));
    for (const [family, subs] of accountSubs) drop(subs, family);
  };

  server.ws('/stream', (conn) => {
    conn.send({ type: 'connected', session_id: `sim-${conn.id}` });
    conn.onMessage((text) => {
      let msg: { type?: unknown; channel?: unknown; auth?: unknown };
      try {
        msg = JSON.parse(text);
      } catch {
        conn.send({ type: 'error', error: { code: 30000, message: 'Invalid message' } });
        return;
      }
      if (msg.type === 'ping') return conn.send({ type: 'pong' });
      if (msg.type === 'pong') return;
      if (typeof msg.channel !== 'string')
        return conn.send({ type: 'error', error: { code: 30005, message: 'Invalid Channel' } });
      if (msg.type === 'subscribe') subscribe(conn, msg.channel, typeof msg.auth === 'string' ? msg.auth : undefined);
      else if (msg.type === 'unsubscribe') {
        unsubscribeAll(conn, msg.channel);
        conn.send({ type: 'unsubscribed', channel: msg.channel.replace('/', ':') });
      }
    });
    conn.onClose(() => unsubscribeAll(conn));
  });

  const offs: (() => void)[] = [];
  offs.push(
    engine.events.on('book', ({ symbol }) => {
      const book = books.get(symbol);
      if (!book) return;
      const m = marketOf(symbol);
      const next = readBook(m);
      const diff = (prev: Map<string, string>, cur: Map<string, string>) => {
        const out: { price: string; size: string }[] = [];
        for (const [p, s] of cur) if (prev.get(p) !== s) out.push({ price: p, size: s });
        for (const p of prev.keys()) if (!cur.has(p)) out.push({ price: p, size: sz(m, m.lotSize.mul(0)) });
        return out;
      };
      const bids = diff(book.levels.bids, next.bids);
      const asks = diff(book.levels.asks, next.asks);
      book.levels = next;
      if (bids.length === 0 && asks.length === 0) return;
      const stream = `book:${symbol}`;
      // A gap: the message chained to the current nonce is "lost", this one begins one further on.
      const begin = faults.takeSequenceGap(stream) ? book.nonce + 1 : book.nonce;
      book.nonce += begin === book.nonce ? 1 : 2;
      const frame = {
        type: 'update/order_book',
        channel: `order_book:${marketIndexOf(m)}`,
        last_updated_at: state.clock.now() * 1000,
        offset: book.nonce,
        order_book: {
          code: 0,
          asks,
          bids,
          offset: book.nonce,
          nonce: book.nonce,
          last_updated_at: state.clock.now() * 1000,
          begin_nonce: begin,
        },
        timestamp: state.clock.now(),
      };
      for (const c of book.subscribers) c.send(frame, stream);
      const statSubs = [...(stats.get(symbol) ?? []), ...(stats.get('all') ?? [])];
      if (statSubs.length > 0) {
        const body = encodeMarketStats(engine, m);
        for (const c of stats.get(symbol) ?? []) {
          c.send(
            { type: 'update/market_stats', channel: `market_stats:${marketIndexOf(m)}`, market_stats: body },
            `stats:${symbol}`,
          );
        }
        for (const c of stats.get('all') ?? []) {
          c.send(
            {
              type: 'update/market_stats',
              channel: 'market_stats:all',
              market_stats: { [String(marketIndexOf(m))]: body },
            },
            `stats:${symbol}`,
          );
        }
      }
    }),
  );
  const push = (family: string, account: string, body: Record<string, unknown>) => {
    for (const c of subsOf(family, account)) {
      c.send(
        { type: `update/${family}`, channel: `${family}:${account}`, ...body, timestamp: state.clock.now() },
        `account:${account}`,
      );
    }
  };
  const pushAccount = (account: string, body: Record<string, unknown>) =>
    push('account_all', account, { account: BigInt(account), ...body });
  offs.push(
    engine.events.on('order', ({ accountId, order }) => {
      const m = marketOf(order.symbol);
      const row = encodeOrder(m, order);
      if (isMarketOrder(state, accountId, order.id)) row['type'] = 'market';
      const orders = { [String(marketIndexOf(m))]: [row] };
      pushAccount(accountId, { orders });
      push('account_all_orders', accountId, { orders });
    }),
    engine.events.on('fill', ({ accountId, fill }) => {
      const m = marketOf(fill.symbol);
      const trade = encodeTrade(m, fill, engine.order(accountId, { orderId: fill.orderId }));
      const trades = { [String(marketIndexOf(m))]: [trade] };
      pushAccount(accountId, { trades });
      push('account_all_trades', accountId, { trades });
    }),
    engine.events.on('position', ({ accountId, position }) => {
      const m = marketOf(position.symbol);
      const positions = { [String(marketIndexOf(m))]: encodePosition(m, position, 0) };
      pushAccount(accountId, { positions });
      push('account_all_positions', accountId, {
        positions,
        shares: [],
        last_funding_round: null,
        last_funding_discount: null,
      });
    }),
    engine.events.on('funding', ({ accountId, payment }) => {
      const m = marketOf(payment.symbol);
      pushAccount(accountId, { funding_histories: { [String(marketIndexOf(m))]: [encodeFunding(m, payment)] } });
    }),
    engine.events.on('balance', ({ accountId }) => push('user_stats', accountId, { stats: userStatsBody(accountId) })),
  );
  return () => {
    for (const off of offs) off();
    trades.close();
  };
}
