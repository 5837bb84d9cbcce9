import { Decimal } from '@dn/core';
import { PACIFICA_BATCH_PATH, PACIFICA_REST_PATHS } from '@dn/pacifica';
import type { SimEngine } from '../../engine/index.js';
import type { SimRequest, SimResponse, SimServer } from '../../server/sim-server.js';
import { badRequest, PacificaSimError } from './errors.js';
import type { PacificaSimState } from './state.js';
import { type Authenticated, authenticate, execute } from './trading.js';
import { fundingPayment, historyOrder, marketInfo, openOrder, position, publicTrade, s, tradeHistory } from './wire.js';

const BASE = '/api/v1';
const ok = (data: unknown, extra: object = {}): SimResponse => ({
  status: 200,
  body: { success: true, data, error: null, code: null, ...extra },
});

/** A Pacifica error as the venue sends it: the JSON envelope, or bare text for the signature layer. */
export function errorResponse(e: PacificaSimError): SimResponse {
  if (e.bare) return { status: e.httpStatus, body: e.message };
  return { status: e.httpStatus, body: { success: false, data: null, error: e.message, code: e.code } };
}

const KLINE_MS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

export function installRest(server: SimServer, state: PacificaSimState, createdAt: number): void {
  const engine = state.engine;
  const get = (path: string, handler: (req: SimRequest) => SimResponse, tag = 'public'): void =>
    server.route('GET', `${BASE}${path}`, wrap(handler), { tag });

  // Pacifica's /info carries no status field, so a client cannot tell a wound-down market from a live one: the
  // simulator lists only the markets that trade, as a delisted market leaves the live list (the safer reading).
  get('/info', () =>
    ok(
      engine
        .markets()
        .filter((m) => m.active)
        .map((m) => {
          const last = engine.fundingHistory(m.symbol, { limit: 1 })[0];
          const f = engine.funding(m.symbol);
          return marketInfo(m, last?.rate ?? f.rate, f.rate, createdAt);
        }),
    ),
  );
  get('/info/prices', () => ok(engine.markets().map((m) => priceInfo(engine, m.symbol))));
  get('/info/fees', () => {
    const m = engine.markets()[0];
    return ok([{ level: 0, maker_fee_rate: m ? s(m.makerFee) : '0', taker_fee_rate: m ? s(m.takerFee) : '0' }]);
  });
  get('/book', (req) => {
    const symbol = requireSymbol(engine, req.query.get('symbol'));
    return ok(bookData(engine, symbol, state.li));
  });
  const klines = (req: SimRequest): SimResponse => {
    const symbol = requireSymbol(engine, req.query.get('symbol'));
    const ms = KLINE_MS[req.query.get('interval') ?? ''];
    if (ms === undefined) throw badRequest('Invalid interval');
    const start = intParam(req, 'start_time');
    if (start === undefined) throw badRequest('start_time is required');
    const end = intParam(req, 'end_time');
    const interval = req.query.get('interval') as string;
    const candles = engine.candles(symbol, ms, start, end ?? engine.clock.now());
    return ok(
      candles.map((c) => ({
        t: c.time,
        T: c.time + ms,
        s: symbol,
        i: interval,
        o: s(c.open),
        c: s(c.close),
        h: s(c.high),
        l: s(c.low),
        v: req.path.endsWith('/mark') ? '0' : s(c.volume),
        n: 0,
      })),
    );
  };
  get('/kline', klines);
  get('/kline/mark', klines);
  get('/trades', (req) => {
    const symbol = requireSymbol(engine, req.query.get('symbol'));
    return ok(
      engine.trades(symbol, 50).map((t) => {
        const w = publicTrade(t, state.li) as Record<string, unknown>;
        return {
          event_type: 'fulfill_taker',
          price: w.p,
          amount: w.a,
          side: w.d,
          cause: w.tc,
          created_at: t.time,
        };
      }),
      { last_order_id: state.li },
    );
  });
  get('/funding_rate/history', (req) => {
    const symbol = requireSymbol(engine, req.query.get('symbol'));
    const list = engine
      .fundingHistory(symbol)
      .reverse()
      .map((r) => ({
        oracle_price: s(r.markPrice),
        bid_impact_price: s(r.markPrice),
        ask_impact_price: s(r.markPrice),
        funding_rate: s(r.rate),
        next_funding_rate: s(r.rate),
        created_at: r.time,
      }));
    return paginate(req, list);
  });

  // Account reads: plain GETs naming the account, no auth (venue doc §3.1).
  get(
    '/account',
    (req) => {
      const account = requireAccount(engine, req);
      const a = engine.account(account);
      const m = engine.markets()[0];
      return ok({
        balance: s(a.collateral),
        fee_level: 0,
        maker_fee: m ? s(m.makerFee) : '0',
        taker_fee: m ? s(m.takerFee) : '0',
        account_equity: s(a.equity),
        available_to_spend: s(Decimal.max(a.availableMargin, 0)),
        available_to_withdraw: s(Decimal.max(a.availableMargin, 0)),
        pending_balance: '0',
        pending_interest: '0',
        total_margin_used: s(a.initialMargin.add(a.orderMargin)),
        cross_mmr: s(a.maintenanceMargin),
        positions_count: engine.positions(account).length,
        orders_count: engine.openOrders(account).length,
        stop_orders_count: 0,
        updated_at: engine.clock.now(),
        use_ltp_for_stop_orders: false,
      });
    },
    'private',
  );
  get(
    '/account/settings',
    (req) => {
      const account = requireAccount(engine, req);
      const margin = engine.markets().flatMap((m) => {
        const lev = engine.leverage(account, m.symbol);
        const isolated = state.isolated(account, m.symbol);
        if (!isolated && lev.eq(m.maxLeverage)) return [];
        return [
          { symbol: m.venueSymbol, isolated, leverage: lev.toNumber(), created_at: createdAt, updated_at: createdAt },
        ];
      });
      return ok({ auto_lend_disabled: false, margin_settings: margin, spot_settings: [] });
    },
    'private',
  );
  get(
    '/positions',
    (req) => {
      const account = requireAccount(engine, req);
      const now = engine.clock.now();
      return ok(
        engine.positions(account).map((p) => position(p, now, state.fundingOf(account, p.symbol, 0) ?? new Decimal(0))),
        { last_order_id: state.li },
      );
    },
    'private',
  );
  get(
    '/orders',
    (req) => ok(engine.openOrders(requireAccount(engine, req)).map(openOrder), { last_order_id: state.li }),
    'private',
  );
  get(
    '/orders/history',
    (req) => paginate(req, engine.orderHistory(requireAccount(engine, req)).reverse().map(historyOrder)),
    'private',
  );
  get(
    '/orders/history_by_id',
    (req) => {
      const id = req.query.get('order_id');
      if (id === null || !/^\d+$/.test(id)) throw badRequest('order_id is required');
      return ok(state.eventsOf(id) ?? []);
    },
    'private',
  );
  get(
    '/trades/history',
    (req) => {
      const account = requireAccount(engine, req);
      const symbol = req.query.get('symbol') ?? undefined;
      const since = intParam(req, 'start_time');
      const until = intParam(req, 'end_time');
      const fills = engine.fills(account, {
        ...(symbol !== undefined ? { symbol } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      return paginate(req, fills.reverse().map(tradeHistory));
    },
    'private',
  );
  get(
    '/funding/history',
    (req) => paginate(req, engine.fundingPayments(requireAccount(engine, req)).reverse().map(fundingPayment)),
    'private',
  );

  // Signed POSTs.
  const tags: Record<string, string> = {
    create_market_order: 'order',
    create_order: 'order',
    edit_order: 'order',
    cancel_order: 'cancel',
    cancel_all_orders: 'cancel',
  };
  for (const [type, path] of Object.entries(PACIFICA_REST_PATHS)) {
    server.route(
      'POST',
      `${BASE}${path}`,
      wrap((req) => ok(execute(state, type, authenticate(state, type, req.body)))),
      { tag: tags[type] ?? 'private' },
    );
  }
  server.route(
    'POST',
    `${BASE}${PACIFICA_BATCH_PATH}`,
    wrap((req) => ok({ results: runBatch(state, req.body) })),
    { tag: 'order' },
  );
}

const BATCH_TYPES: Record<string, string> = {
  Create: 'create_order',
  CreateMarket: 'create_market_order',
  Cancel: 'cancel_order',
  Edit: 'edit_order',
};

/** Every signature is checked first (one bad one rejects the batch); then actions run in order, each on its own. */
export function runBatch(state: PacificaSimState, body: unknown): object[] {
  const actions = (body as { actions?: unknown } | undefined)?.actions;
  if (!Array.isArray(actions) || actions.length === 0 || actions.length > 10) {
    throw badRequest('actions must hold 1 to 10 actions');
  }
  const authed: { type: string; auth: Authenticated }[] = actions.map((a: { type?: unknown; data?: unknown }) => {
    const type = typeof a?.type === 'string' ? BATCH_TYPES[a.type] : undefined;
    if (type === undefined) throw badRequest(`Unsupported batch action ${String(a?.type)}`);
    return { type, auth: authenticate(state, type, a.data) };
  });
  return authed.map(({ type, auth }) => {
    const p = auth.payload;
    try {
      const data = execute(state, type, auth) as { order_id?: unknown } | null;
      return {
        success: true,
        order_id: data?.order_id ?? null,
        ...(typeof p.client_order_id === 'string' ? { client_order_id: p.client_order_id } : {}),
        symbol: p.symbol ?? null,
      };
    } catch (e) {
      if (!(e instanceof PacificaSimError)) throw e;
      return { success: false, order_id: null, symbol: p.symbol ?? null, error: e.message };
    }
  });
}

export function priceInfo(engine: SimEngine, symbol: string): object {
  const st = engine.stats(symbol);
  const last = engine.fundingHistory(symbol, { limit: 1 })[0];
  return {
    symbol,
    funding: s(last?.rate ?? st.funding.rate),
    next_funding: s(st.funding.rate),
    mark: s(st.markPrice),
    oracle: s(st.indexPrice),
    mid: s(st.bestBid.add(st.bestAsk).div(2)),
    // Base units, as the venue's examples suggest [UNCERTAIN].
    open_interest: s(st.openInterest),
    volume_24h: s(st.volume24h),
    yesterday_price: s(st.indexPrice),
    timestamp: st.time,
  };
}

export function bookData(engine: SimEngine, symbol: string, li: number): object {
  const b = engine.book(symbol, 10);
  const lvl = (l: { price: Decimal; size: Decimal }) => ({ p: s(l.price), a: s(l.size), n: 1 });
  return { s: symbol, l: [b.bids.map(lvl), b.asks.map(lvl)], t: b.timestamp, li };
}

function wrap(handler: (req: SimRequest) => SimResponse): (req: SimRequest) => SimResponse {
  return (req) => {
    try {
      return handler(req);
    } catch (e) {
      if (e instanceof PacificaSimError) return errorResponse(e);
      throw e;
    }
  };
}

function requireSymbol(engine: SimEngine, symbol: string | null): string {
  const m = engine.markets().find((x) => x.venueSymbol === symbol);
  if (!m) throw new PacificaSimError(400, `Book not found: ${symbol ?? ''}`, 400, 400);
  return m.symbol;
}

function requireAccount(engine: SimEngine, req: SimRequest): string {
  const account = req.query.get('account');
  if (!account) throw badRequest('account is required');
  if (!engine.hasAccount(account)) throw new PacificaSimError(404, 'Account not found', 404, 404);
  return account;
}

function intParam(req: SimRequest, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`${name} must be an integer`);
  return Number(v);
}

/** Cursor pagination: `limit` (default 100, max 4000), opaque `cursor`, `next_cursor` and `has_more`. */
function paginate(req: SimRequest, newestFirst: object[]): SimResponse {
  const limit = Math.min(intParam(req, 'limit') ?? 100, 4000);
  const cursor = req.query.get('cursor');
  const offset = cursor ? Number.parseInt(cursor.replace(/^c/, ''), 36) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw badRequest('Invalid cursor');
  const page = newestFirst.slice(offset, offset + limit);
  const hasMore = offset + limit < newestFirst.length;
  return {
    status: 200,
    body: {
      success: true,
      data: page,
      next_cursor: hasMore ? `c${(offset + limit).toString(36)}` : '',
      has_more: hasMore,
      error: null,
      code: null,
    },
  };
}
