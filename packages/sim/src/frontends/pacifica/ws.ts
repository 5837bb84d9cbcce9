import { Decimal } from '@dn/core';
import type { SimWsConnection } from '../../server/sim-server.js';
import { PacificaSimError } from './errors.js';
import { bookData, priceInfo, runBatch } from './rest.js';
import type { PacificaSimState } from './state.js';
import { authenticate, execute } from './trading.js';
import { openOrder, publicTrade, wsAccountTrade, wsOrderUpdate, wsPosition } from './wire.js';

const ACCOUNT_SOURCES = new Set([
  'account_positions',
  'account_orders',
  'account_order_updates',
  'account_trades',
  'account_info',
  'account_margin',
  'account_leverage',
]);
const WS_TRADING = new Set(['create_market_order', 'create_order', 'edit_order', 'cancel_order', 'cancel_all_orders']);

interface Client {
  conn: SimWsConnection;
  /** Subscription key → params. */
  subs: Map<string, Record<string, unknown>>;
}

/**
 * The `/ws` endpoint: JSON ping/pong, subscriptions with acks (an invalid one gets no answer, like
 * the venue), full-snapshot book and prices pushes, account streams from engine events, and
 * trading frames verified like REST and answered with `{code, data|err, id, t, type}`.
 */
export class PacificaWsHub {
  private readonly clients = new Set<Client>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly offs: (() => void)[] = [];
  private readonly dirtyPositions = new Set<string>();
  private readonly dirtyInfo = new Set<string>();
  private flushQueued = false;

  constructor(private readonly state: PacificaSimState) {
    const ev = state.engine.events;
    this.offs.push(
      ev.on('book', ({ symbol }) => this.pushBook(symbol)),
      ev.on('trade', ({ trade }) =>
        this.push(`trades:${trade.symbol}`, 'trades', [publicTrade(trade, state.li)], `trades:${trade.symbol}`),
      ),
      ev.on('order', ({ accountId, order }) => {
        const event = state.recordOrder(order);
        this.push(`account_order_updates:${accountId}`, 'account_order_updates', [
          wsOrderUpdate(order, accountId, event, state.li),
        ]);
      }),
      ev.on('fill', ({ accountId, fill }) =>
        this.push(`account_trades:${accountId}`, 'account_trades', [wsAccountTrade(fill, accountId, state.li)]),
      ),
      ev.on('position', ({ accountId }) => this.markDirty(this.dirtyPositions, accountId)),
      ev.on('balance', ({ accountId }) => this.markDirty(this.dirtyInfo, accountId)),
    );
    // Prices are pushed on a timer (all markets in one frame); 1 s is a simulator choice.
    const t = setInterval(() => {
      if ([...this.clients].some((c) => c.subs.has('prices'))) this.pushPrices();
    }, 1_000);
    t.unref();
    this.timers.push(t);
  }

  accept(conn: SimWsConnection): void {
    const client: Client = { conn, subs: new Map() };
    this.clients.add(client);
    conn.onClose(() => this.clients.delete(client));
    conn.onMessage((text) => this.onMessage(client, text));
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const off of this.offs) off();
    this.clients.clear();
  }

  private onMessage(client: Client, text: string): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.method === 'ping') {
      client.conn.send({ channel: 'pong' });
      return;
    }
    if (typeof msg.params !== 'object' || msg.params === null) return;
    const params = msg.params as Record<string, unknown>;
    if (msg.method === 'subscribe') {
      this.subscribe(client, params);
      return;
    }
    if (msg.method === 'unsubscribe') {
      const key = keyOf(params);
      if (key !== undefined && client.subs.delete(key)) client.conn.send({ channel: 'unsubscribe', data: params });
      return;
    }
    if (typeof msg.id === 'string') this.trade(client, msg.id, params);
  }

  private subscribe(client: Client, params: Record<string, unknown>): void {
    const key = keyOf(params);
    const source = params.source;
    if (key === undefined || typeof source !== 'string') return;
    const engine = this.state.engine;
    const symbolOk = (): boolean => engine.markets().some((m) => m.venueSymbol === params.symbol);
    if ((source === 'book' || source === 'trades' || source === 'bbo') && !symbolOk()) return;
    if (ACCOUNT_SOURCES.has(source) && (typeof params.account !== 'string' || !engine.hasAccount(params.account)))
      return;
    if (source !== 'prices' && source !== 'book' && source !== 'trades' && !ACCOUNT_SOURCES.has(source)) return;
    client.subs.set(key, params);
    client.conn.send({ channel: 'subscribe', data: params });
    const account = params.account as string;
    if (source === 'book') this.pushBook(params.symbol as string, client);
    if (source === 'prices') this.pushPrices(client);
    if (source === 'account_positions') this.pushPositions(account, client);
    if (source === 'account_orders') {
      client.conn.send({ channel: 'account_orders', data: engine.openOrders(account).map(openOrder) });
    }
  }

  private trade(client: Client, id: string, params: Record<string, unknown>): void {
    const [type, body] = Object.entries(params)[0] ?? [];
    const t = (): number => this.state.clock.now();
    const fail = (code: number, err: string): void => client.conn.send({ id, type, code, err, t: t() });
    if (type === undefined) {
      fail(400, 'Invalid request');
      return;
    }
    try {
      if (type === 'batch_orders') {
        client.conn.send({ code: 200, data: { results: runBatch(this.state, body) }, id, t: t(), type });
        return;
      }
      if (!WS_TRADING.has(type)) {
        fail(400, `Unsupported operation ${type}`);
        return;
      }
      const auth = authenticate(this.state, type, body);
      const data = execute(this.state, type, auth) as Record<string, unknown> | null;
      const p = auth.payload;
      const reply =
        type === 'cancel_all_orders'
          ? data
          : {
              I: typeof p.client_order_id === 'string' ? p.client_order_id : null,
              i: data?.order_id ?? null,
              s: p.symbol,
            };
      client.conn.send({ code: 200, data: reply, id, t: t(), type });
    } catch (e) {
      if (!(e instanceof PacificaSimError)) throw e;
      fail(e.wsCode, e.message);
    }
  }

  private push(key: string, channel: string, data: unknown, stream?: string): void {
    for (const c of this.clients) if (c.subs.has(key)) c.conn.send({ channel, data }, stream);
  }

  private pushBook(symbol: string, only?: Client): void {
    const key = `book:${symbol}`;
    const targets = only ? [only] : [...this.clients].filter((c) => c.subs.has(key));
    if (targets.length === 0) return;
    const frame = { channel: 'book', data: bookData(this.state.engine, symbol, this.state.li) };
    for (const c of targets) c.conn.send(frame, key);
  }

  private pushPrices(only?: Client): void {
    const targets = only ? [only] : [...this.clients].filter((c) => c.subs.has('prices'));
    const engine = this.state.engine;
    const frame = { channel: 'prices', data: engine.markets().map((m) => priceInfo(engine, m.symbol)) };
    for (const c of targets) c.conn.send(frame, 'prices');
  }

  private pushPositions(account: string, only?: Client): void {
    const key = `account_positions:${account}`;
    const targets = only ? [only] : [...this.clients].filter((c) => c.subs.has(key));
    if (targets.length === 0) return;
    const now = this.state.clock.now();
    const data = this.state.engine
      .positions(account)
      .map((p) => wsPosition(p, now, this.state.fundingOf(account, p.symbol, 0) ?? new Decimal(0)));
    for (const c of targets) c.conn.send({ channel: 'account_positions', data });
  }

  private pushInfo(account: string): void {
    const key = `account_info:${account}`;
    if (![...this.clients].some((c) => c.subs.has(key))) return;
    const engine = this.state.engine;
    const a = engine.account(account);
    this.push(key, 'account_info', {
      ae: a.equity.toFixed(),
      as: Decimal.max(a.availableMargin, 0).toFixed(),
      aw: Decimal.max(a.availableMargin, 0).toFixed(),
      b: a.collateral.toFixed(),
      f: 0,
      mu: a.initialMargin.add(a.orderMargin).toFixed(),
      cm: a.maintenanceMargin.toFixed(),
      oc: engine.openOrders(account).length,
      pb: '0',
      pc: engine.positions(account).length,
      sc: 0,
      t: this.state.clock.now(),
    });
  }

  /** Coalesces position/balance pushes of one engine step (and keeps engine calls out of its emit loop). */
  private markDirty(set: Set<string>, account: string): void {
    set.add(account);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      for (const a of [...this.dirtyPositions]) this.pushPositions(a);
      for (const a of [...this.dirtyInfo]) this.pushInfo(a);
      this.dirtyPositions.clear();
      this.dirtyInfo.clear();
    });
  }
}

function keyOf(p: Record<string, unknown>): string | undefined {
  if (typeof p.source !== 'string') return undefined;
  let key = p.source;
  if (typeof p.symbol === 'string') key += `:${p.symbol}`;
  if (typeof p.interval === 'string') key += `:${p.interval}`;
  if (typeof p.account === 'string') key += `:${p.account}`;
  return key;
}
