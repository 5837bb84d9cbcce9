import { Decimal } from '@dn/core';
import type { SimMarket, SimOrder } from '../../engine/index.js';
import type { SimRequest, SimResponse, SimServer } from '../../server/sim-server.js';
import {
  encodeFlatPosition,
  encodeFunding,
  encodeOrder,
  encodePosition,
  encodeTrade,
  marketIndexOf,
  priceDecimalsOf,
  px,
  sizeDecimalsOf,
  sz,
} from './encode.js';
import { CODE, fail, type LighterSimState, ok } from './state.js';
import { handleSendTx, handleSendTxBatch, isMarketOrder } from './tx.js';

const RESOLUTION_MS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
};

function intParam(req: SimRequest, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The venue writes an empty list as `null` (nautilus_trader's live captures: trades, candles, book sides). */
function listOrNull<T>(rows: T[]): T[] | null {
  return rows.length > 0 ? rows : null;
}

/** Fee as Lighter prints it: a percent string ("0.0200" = 0.02 %). */
function feePercent(f: Decimal): string {
  return f.mul(100).toFixed(4);
}

function marketRow(m: SimMarket): Record<string, unknown> {
  return {
    symbol: m.symbol,
    market_id: marketIndexOf(m),
    market_type: 'perp',
    base_asset_id: 0,
    quote_asset_id: 0,
    status: m.active ? 'active' : 'inactive',
    taker_fee: feePercent(m.takerFee),
    maker_fee: feePercent(m.makerFee),
    liquidation_fee: feePercent(m.liquidationPenaltyRate),
    min_base_amount: sz(m, m.minSize),
    min_quote_amount: (m.minNotional ?? new Decimal(0)).toFixed(6),
    order_quote_limit: '',
    supported_size_decimals: sizeDecimalsOf(m),
    supported_price_decimals: priceDecimalsOf(m),
    supported_quote_decimals: 6,
  };
}

/** Registers Lighter's REST paths on the simulator server. */
export function installRest(server: SimServer, state: LighterSimState): void {
  const engine = state.engine;
  const selectMarkets = (req: SimRequest): SimMarket[] | SimResponse => {
    const id = intParam(req, 'market_id') ?? 255;
    if (id === 255) return state.markets();
    const m = state.marketByIndex(id);
    return m ? [m] : fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
  };
  const requireMarket = (req: SimRequest): SimMarket | SimResponse => {
    const m = state.marketByIndex(intParam(req, 'market_id') ?? -1);
    return m ?? fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
  };
  const requireAccount = (req: SimRequest, name = 'account_index'): string | SimResponse => {
    const v = req.query.get(name);
    if (v === null || !/^\d+$/.test(v)) return fail(CODE.INVALID_PARAM, 'invalid param ');
    return engine.hasAccount(v) ? v : fail(CODE.ACCOUNT_NOT_FOUND, 'account not found');
  };
  /** The account named by the query, if it exists and the request carries a valid auth token for it. */
  const authorizedAccount = (req: SimRequest): string | SimResponse => {
    const account = requireAccount(req);
    if (isResp(account)) return account;
    return state.authorize(req, account) ?? account;
  };
  const isResp = (x: unknown): x is SimResponse => typeof x === 'object' && x !== null && 'status' in x;
  const orderRow = (m: SimMarket, o: SimOrder) => {
    const row = encodeOrder(m, o);
    if (isMarketOrder(state, o.accountId, o.id)) row['type'] = 'market';
    return row;
  };
  const marketOf = (symbol: string) => state.markets().find((m) => m.symbol === symbol) as SimMarket;

  server.route(
    'GET',
    '/api/v1/orderBooks',
    (req) => {
      const ms = selectMarkets(req);
      return isResp(ms) ? ms : ok({ order_books: ms.map(marketRow) });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/orderBookDetails',
    (req) => {
      const ms = selectMarkets(req);
      if (isResp(ms)) return ms;
      const details = ms.map((m) => {
        const s = engine.stats(m.symbol);
        return {
          ...marketRow(m),
          size_decimals: sizeDecimalsOf(m),
          price_decimals: priceDecimalsOf(m),
          quote_multiplier: 1,
          default_initial_margin_fraction: new Decimal(10_000).div(Decimal.min(10, m.maxLeverage)).toNumber(),
          min_initial_margin_fraction: new Decimal(10_000).div(m.maxLeverage).toDecimalPlaces(0).toNumber(),
          maintenance_margin_fraction: m.maintenanceMarginRate.mul(10_000).toDecimalPlaces(0).toNumber(),
          closeout_margin_fraction: m.maintenanceMarginRate.mul(5_000).toDecimalPlaces(0).toNumber(),
          mark_price: px(m, s.markPrice),
          index_price: px(m, s.indexPrice),
          last_trade_price: Number(s.lastPrice.toString()),
          daily_trades_count: 0,
          daily_base_token_volume: Number(s.volume24h.div(s.markPrice).toFixed(4)),
          daily_quote_token_volume: Number(s.volume24h.toFixed(2)),
          daily_price_low: Number(s.lastPrice.toString()),
          daily_price_high: Number(s.lastPrice.toString()),
          daily_price_change: 0,
          open_interest: Number(s.openInterest.toString()),
          daily_chart: {},
          market_config: { market_margin_mode: 0, force_reduce_only: false },
        };
      });
      return ok({ order_book_details: details, spot_order_book_details: [] });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/orderBookOrders',
    (req) => {
      const m = requireMarket(req);
      if (isResp(m)) return m;
      const limit = intParam(req, 'limit');
      if (limit === undefined || limit < 1 || limit > 250) return fail(CODE.INVALID_PARAM, 'invalid param ');
      const book = engine.book(m.symbol, limit);
      let fake = 1n;
      const row = (l: { price: Decimal; size: Decimal }) => {
        const index = (1n << 48n) - fake++;
        return {
          order_index: index,
          order_id: index.toString(),
          owner_account_index: 0,
          initial_base_amount: sz(m, l.size),
          remaining_base_amount: sz(m, l.size),
          price: px(m, l.price),
          order_expiry: 0,
        };
      };
      return ok({
        total_asks: book.asks.length,
        asks: listOrNull(book.asks.map(row)),
        total_bids: book.bids.length,
        bids: listOrNull(book.bids.map(row)),
      });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/funding-rates',
    () => {
      // Rate as a fraction normalised to 8 h, as the client reads it (funding-units.ts) [UNCERTAIN venue unit].
      const rows = state.markets().map((m) => {
        const f = engine.funding(m.symbol);
        return {
          market_id: marketIndexOf(m),
          exchange: 'lighter',
          symbol: m.symbol,
          rate: Number(f.rate.div(f.intervalHours).mul(8).toString()),
        };
      });
      return ok({ funding_rates: rows });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/fundings',
    (req) => {
      const m = requireMarket(req);
      if (isResp(m)) return m;
      const since = intParam(req, 'start_timestamp');
      const until = intParam(req, 'end_timestamp');
      const count = intParam(req, 'count_back') ?? 100;
      const list = engine.fundingHistory(m.symbol, {
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        limit: count,
      });
      return ok({
        resolution: req.query.get('resolution') ?? '1h',
        fundings: listOrNull(
          list.map((r) => ({
            timestamp: Math.floor(r.time / 1000),
            value: r.rate.abs().mul(r.markPrice).toFixed(6),
            // Unsigned percent per hour, exact (the venue prints 4 decimals; the simulator keeps the engine's value so
            // a funding history reads back equal to what the engine settled).
            rate: r.rate.abs().mul(100).toFixed(),
            direction: r.rate.gte(0) ? 'long' : 'short',
          })),
        ),
      });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/candles',
    (req) => {
      const m = requireMarket(req);
      if (isResp(m)) return m;
      const res = req.query.get('resolution') ?? '';
      const step = RESOLUTION_MS[res];
      const start = intParam(req, 'start_timestamp');
      const end = intParam(req, 'end_timestamp');
      const count = intParam(req, 'count_back');
      if (!step || start === undefined || end === undefined || count === undefined) {
        return fail(CODE.INVALID_PARAM, 'invalid param ');
      }
      const candles = engine.candles(m.symbol, step, start, end).slice(-count);
      const f = (d: Decimal) => Number(d.toString());
      return ok({
        r: res,
        c: listOrNull(
          candles.map((k) => ({
            t: k.time,
            o: f(k.open),
            h: f(k.high),
            l: f(k.low),
            c: f(k.close),
            O: f(k.open),
            H: f(k.high),
            L: f(k.low),
            C: f(k.close),
            v: f(k.volume),
            V: f(k.volume.mul(k.close)),
            i: 0,
          })),
        ),
      });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/account',
    (req) => {
      if (req.query.get('by') !== 'index') return fail(CODE.INVALID_PARAM, 'invalid param ');
      const account = requireAccount(req, 'value');
      if (isResp(account)) return account;
      const s = engine.account(account);
      const open = engine.openOrders(account);
      const openCount = (symbol: string) => open.filter((o) => o.symbol === symbol).length;
      const held = engine.positions(account);
      const positions = held.map((p) => encodePosition(marketOf(p.symbol), p, openCount(p.symbol)));
      // A market whose leverage was set keeps its row while flat, with the IMF the engine applies.
      for (const symbol of state.leverageMarkets(account)) {
        if (held.some((p) => p.symbol === symbol)) continue;
        positions.push(encodeFlatPosition(marketOf(symbol), engine.leverage(account, symbol), openCount(symbol)));
      }
      return ok({
        total: 1,
        accounts: [
          {
            code: 0,
            account_type: 0,
            index: BigInt(account),
            account_index: BigInt(account),
            l1_address: '0x0000000000000000000000000000000000000000',
            cancel_all_time: 0,
            total_order_count: open.length,
            total_isolated_order_count: 0,
            pending_order_count: 0,
            available_balance: s.availableMargin.toFixed(6),
            status: 1,
            collateral: s.collateral.toFixed(6),
            total_asset_value: s.equity.toFixed(6),
            cross_asset_value: s.equity.toFixed(6),
            cross_initial_margin_requirement: s.initialMargin.toFixed(6),
            cross_maintenance_margin_requirement: s.maintenanceMargin.toFixed(6),
            positions,
            assets: [],
            shares: [],
          },
        ],
      });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/apikeys',
    (req) => {
      const account = requireAccount(req);
      if (isResp(account)) return account;
      const which = intParam(req, 'api_key_index') ?? 255;
      const keys = [...state.keys.entries()]
        .filter(([k]) => k.startsWith(`${account}:`))
        .map(([k, v]) => ({
          account_index: BigInt(account),
          api_key_index: Number(k.split(':')[1]),
          nonce: v.nextNonce,
          public_key: v.publicKey,
        }))
        .filter((k) => which === 255 || k.api_key_index === which);
      return ok({ api_keys: keys });
    },
    { tag: 'public' },
  );

  server.route(
    'GET',
    '/api/v1/nextNonce',
    (req) => {
      const account = requireAccount(req);
      if (isResp(account)) return account;
      const key = state.key(account, req.query.get('api_key_index') ?? '');
      if (!key) return fail(CODE.API_KEY_NOT_FOUND, 'api key not found');
      return ok({ nonce: key.nextNonce });
    },
    { tag: 'public' },
  );

  server.route('POST', '/api/v1/sendTx', (req) => handleSendTx(state, req), { tag: 'order' });
  server.route('POST', '/api/v1/sendTxBatch', (req) => handleSendTxBatch(state, req), { tag: 'order' });

  server.route(
    'GET',
    '/api/v1/accountActiveOrders',
    (req) => {
      const account = authorizedAccount(req);
      if (isResp(account)) return account;
      const ms = selectMarkets(req);
      if (isResp(ms)) return ms;
      const symbols = new Set(ms.map((m) => m.symbol));
      const orders = engine
        .openOrders(account)
        .filter((o) => symbols.has(o.symbol))
        .map((o) => orderRow(marketOf(o.symbol), o));
      return ok({ orders: listOrNull(orders) });
    },
    { tag: 'private' },
  );

  server.route(
    'GET',
    '/api/v1/accountInactiveOrders',
    (req) => {
      const account = authorizedAccount(req);
      if (isResp(account)) return account;
      const limit = intParam(req, 'limit');
      if (limit === undefined || limit < 1 || limit > 100) return fail(CODE.INVALID_PARAM, 'invalid param ');
      const ms = selectMarkets(req);
      if (isResp(ms)) return ms;
      const symbols = new Set(ms.map((m) => m.symbol));
      const closed = engine
        .orderHistory(account)
        .filter((o) => symbols.has(o.symbol) && o.status !== 'open' && o.status !== 'partially_filled')
        .reverse();
      // Newest first; the cursor is opaque to clients (here: the offset of the next page, base64url-wrapped).
      const cursor = req.query.get('cursor');
      const from = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
      if (!Number.isSafeInteger(from) || from < 0) return fail(CODE.INVALID_PARAM, 'invalid param : invalid cursor');
      const page = closed.slice(from, from + limit).map((o) => orderRow(marketOf(o.symbol), o));
      const more = from + limit < closed.length;
      return ok({
        next_cursor: more ? Buffer.from(`o:${from + limit}`).toString('base64url') : null,
        orders: listOrNull(page),
      });
    },
    { tag: 'private' },
  );

  server.route(
    'GET',
    '/api/v1/trades',
    (req) => {
      const account = authorizedAccount(req);
      if (isResp(account)) return account;
      const limit = intParam(req, 'limit');
      if (limit === undefined || limit < 1 || limit > 100) return fail(CODE.INVALID_PARAM, 'invalid param ');
      const marketId = intParam(req, 'market_id');
      const m = marketId === undefined || marketId === 255 ? undefined : state.marketByIndex(marketId);
      if (marketId !== undefined && marketId !== 255 && !m)
        return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
      const fills = engine.fills(account, { ...(m ? { symbol: m.symbol } : {}), limit });
      // Newest first only when asked (`sort_dir=desc`): without it the venue may answer oldest first.
      const ordered = req.query.get('sort_dir') === 'desc' ? fills.reverse() : fills;
      const trades = ordered.map((f) =>
        encodeTrade(marketOf(f.symbol), f, engine.order(account, { orderId: f.orderId })),
      );
      return ok({ next_cursor: null, trades: listOrNull(trades) });
    },
    { tag: 'private' },
  );

  server.route(
    'GET',
    '/api/v1/positionFunding',
    (req) => {
      const account = authorizedAccount(req);
      if (isResp(account)) return account;
      const limit = intParam(req, 'limit');
      if (limit === undefined || limit < 1 || limit > 100) return fail(CODE.INVALID_PARAM, 'invalid param ');
      const marketId = intParam(req, 'market_id');
      const m = marketId === undefined || marketId === 255 ? undefined : state.marketByIndex(marketId);
      const list = engine.fundingPayments(account, { ...(m ? { symbol: m.symbol } : {}), limit });
      return ok({
        position_fundings: listOrNull(list.reverse().map((p) => encodeFunding(marketOf(p.symbol), p))),
        next_cursor: null,
      });
    },
    { tag: 'private' },
  );
}
