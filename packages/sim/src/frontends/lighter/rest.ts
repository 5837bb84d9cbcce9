import { CANDLE_INTERVAL_MS, Decimal } from '@dn/core';
import type { SimMarket } from '../../engine/index.js';
import { jsonNumber } from '../../server/json.js';
import type { SimServer } from '../../server/sim-server.js';
import { marketIndexOf, priceDecimalsOf, px, sizeDecimalsOf, sz } from './encode.js';
import { installAccountRest } from './rest-account.js';
import { intParam, isResp, listOrNull, requestReaders, routeGet } from './rest-params.js';
import { CODE, fail, type LighterSimState, ok } from './state.js';

/** Lighter's candle resolutions: the unified intervals and two longer ones. */
const RESOLUTION_MS: Record<string, number> = { ...CANDLE_INTERVAL_MS, '12h': 43_200_000, '1w': 604_800_000 };

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

/** Registers Lighter's REST paths on the simulator server: the public market routes here, the account's in rest-account.ts. */
export function installRest(server: SimServer, state: LighterSimState): void {
  const engine = state.engine;
  const { selectMarkets, requireMarket } = requestReaders(state);

  routeGet(server, 'public', '/api/v1/orderBooks', (req) => {
    const ms = selectMarkets(req);
    return isResp(ms) ? ms : ok({ order_books: ms.map(marketRow) });
  });

  routeGet(server, 'public', '/api/v1/orderBookDetails', (req) => {
    const ms = selectMarkets(req);
    if (isResp(ms)) return ms;
    const details = ms.map((m) => {
      const s = engine.stats(m.symbol);
      return {
        ...marketRow(m),
        size_decimals: sizeDecimalsOf(m),
        price_decimals: priceDecimalsOf(m),
        quote_multiplier: 1,
        default_initial_margin_fraction: jsonNumber(new Decimal(10_000).div(Decimal.min(10, m.maxLeverage))),
        min_initial_margin_fraction: new Decimal(10_000).div(m.maxLeverage).toDecimalPlaces(0).toNumber(),
        maintenance_margin_fraction: m.maintenanceMarginRate.mul(10_000).toDecimalPlaces(0).toNumber(),
        closeout_margin_fraction: m.maintenanceMarginRate.mul(5_000).toDecimalPlaces(0).toNumber(),
        mark_price: px(m, s.markPrice),
        index_price: px(m, s.indexPrice),
        last_trade_price: jsonNumber(s.lastPrice),
        daily_trades_count: 0,
        daily_base_token_volume: jsonNumber(s.volume24h.div(s.markPrice).toDecimalPlaces(4)),
        daily_quote_token_volume: jsonNumber(s.volume24h.toDecimalPlaces(2)),
        daily_price_low: jsonNumber(s.lastPrice),
        daily_price_high: jsonNumber(s.lastPrice),
        daily_price_change: 0,
        open_interest: jsonNumber(s.openInterest),
        daily_chart: {},
        market_config: { market_margin_mode: 0, force_reduce_only: false },
      };
    });
    return ok({ order_book_details: details, spot_order_book_details: [] });
  });

  routeGet(server, 'public', '/api/v1/orderBookOrders', (req) => {
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
  });

  routeGet(server, 'public', '/api/v1/funding-rates', () => {
    // Rate as a fraction normalised to 8 h, as the client reads it (funding-units.ts) [UNCERTAIN venue unit].
    const rows = state.markets().map((m) => {
      const f = engine.funding(m.symbol);
      return {
        market_id: marketIndexOf(m),
        exchange: 'lighter',
        symbol: m.symbol,
        rate: jsonNumber(f.rate.div(f.intervalHours).mul(8)),
      };
    });
    return ok({ funding_rates: rows });
  });

  routeGet(server, 'public', '/api/v1/fundings', (req) => {
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
  });

  routeGet(server, 'public', '/api/v1/candles', (req) => {
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
    const f = jsonNumber;
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
  });
  installAccountRest(server, state);
}
