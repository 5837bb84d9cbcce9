import { Decimal, type PlaceOrderParameters, parseJson } from '@dn/core';
import { EXTENDED_ORDER_RULES, verifyOrderBody } from '@dn/extended';
import { isSimRejectError, type SimMarket, type SimRejectCode } from '../../engine/index.js';
import type { SimRequest, SimResponse, SimServer } from '../../server/sim-server.js';
import { CANDLE_INTERVAL_MS, type ExtendedSimState, SIM_DOMAIN, type SimExtendedAccount } from './state.js';
import {
  balanceWire,
  engineIdOf,
  errorBody,
  fundingPaymentWire,
  l2Config,
  marketStatsWire,
  marketWire,
  ok,
  orderWire,
  paginate,
  positionWire,
  publicTradeWire,
  tradeWire,
  venueId,
} from './wire.js';

const P = '/api/v1';
const NINETY_DAYS_MS = 90 * 86_400_000;
const MAX_NONCE = 2 ** 31;

const fail = (status: number, code: number | string, message: string): SimResponse => ({
  status,
  body: errorBody(code, message),
});
const done = (data?: unknown, pagination?: { cursor?: bigint | string; count: number }): SimResponse => ({
  status: 200,
  body: ok(data, pagination),
});

/** Engine reject codes → Extended app errors (docs "Error responses"). */
const REJECTS: Record<SimRejectCode, [number, number | string, string]> = {
  INSUFFICIENT_MARGIN: [400, 1140, 'New order cost exceeds available balance'],
  INVALID_SIZE: [400, 1121, 'Invalid quantity'],
  INVALID_PRICE: [400, 1124, 'Invalid price'],
  INVALID_PARAMS: [400, 1133, 'Invalid order parameters'],
  INVALID_EXPIRY: [400, 1135, 'Invalid expiration'],
  INVALID_LEVERAGE: [400, 1052, 'Invalid leverage'],
  LEVERAGE_TOO_HIGH: [400, 1053, 'Leverage exceeds the maximum'],
  POST_ONLY_WOULD_CROSS: [400, 1133, 'Post-only order would cross'],
  REDUCE_ONLY_NOTHING_TO_REDUCE: [400, 1137, 'Reduce-only order would increase the position'],
  UNKNOWN_SYMBOL: [404, 1001, 'Market not found'],
  UNKNOWN_ACCOUNT: [404, 1004, 'Account not found'],
  MARKET_INACTIVE: [400, 1002, 'Market disabled'],
  ORDER_NOT_FOUND: [404, 'NOT_FOUND', 'Order not found'],
  ORDER_NOT_OPEN: [400, 1009, 'Order is not open'],
  INJECTED_REJECT: [400, 1006, 'Unhandled error'],
};

function rejectResponse(e: unknown): SimResponse {
  if (!isSimRejectError(e)) throw e;
  const [status, code, message] = REJECTS[e.code];
  return fail(status, code, `${message}: ${e.message}`);
}

type Handler = (req: SimRequest, account: SimExtendedAccount) => SimResponse | Promise<SimResponse>;

/** Registers every REST path of Extended's `/api/v1` that the connector uses. */
export function installExtendedRest(server: SimServer, st: ExtendedSimState): void {
  const { engine, clock } = st;
  const pub = (method: string, path: string, h: (req: SimRequest) => SimResponse): void =>
    server.route(method, `${P}${path}`, (req) => wrap(() => h(req)), { tag: 'public' });
  const priv = (method: string, path: string, h: Handler, tag = 'private'): void =>
    server.route(
      method,
      `${P}${path}`,
      (req) => {
        const account = st.authenticate(req);
        if (!account) return fail(401, 'UNAUTHORIZED', 'Invalid or missing X-Api-Key');
        return wrap(() => h(req, account));
      },
      { tag },
    );
  const market = (name: string | undefined): SimMarket | undefined => (name ? st.marketByName(name) : undefined);
  const marketsQuery = (req: SimRequest): SimMarket[] | SimResponse => {
    const names = req.query.getAll('market');
    const out: SimMarket[] = [];
    for (const n of names) {
      const m = market(n);
      if (!m) return fail(404, 1001, `Market not found: ${n}`);
      out.push(m);
    }
    return names.length > 0 ? out : engine.markets();
  };

  // ───────────── public ─────────────

  pub('GET', '/info/markets', (req) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    return done(ms.map((m) => marketWire(m, engine.stats(m.symbol))));
  });
  pub('GET', '/info/markets/:market/stats', (req) => {
    const m = market(req.params.market);
    if (!m) return fail(404, 1001, 'Market not found');
    return done(marketStatsWire(engine.stats(m.symbol)));
  });
  pub('GET', '/info/markets/:market/orderbook', (req) => {
    const m = market(req.params.market);
    if (!m) return fail(404, 1001, 'Market not found');
    const b = engine.book(m.symbol, 200);
    const lv = (l: { price: Decimal; size: Decimal }) => ({ qty: l.size.toFixed(), price: l.price.toFixed() });
    return done({ market: m.venueSymbol, bid: b.bids.map(lv), ask: b.asks.map(lv) });
  });
  pub('GET', '/info/markets/:market/trades', (req) => {
    const m = market(req.params.market);
    if (!m) return fail(404, 1001, 'Market not found');
    return done(engine.trades(m.symbol, 50).map((t) => publicTradeWire(t, m)));
  });
  pub('GET', '/info/candles/:market/:candleType', (req) => {
    const m = market(req.params.market);
    if (!m) return fail(404, 1001, 'Market not found');
    if (!['trades', 'mark-prices', 'index-prices'].includes(req.params.candleType ?? '')) {
      return fail(400, 1133, 'Unknown candle type');
    }
    const intervalMs = CANDLE_INTERVAL_MS[req.query.get('interval') ?? ''];
    if (intervalMs === undefined) return fail(400, 1005, 'Not supported interval');
    const limit = Math.min(Number(req.query.get('limit') ?? '100') || 100, 10_000);
    const end = Number(req.query.get('endTime') ?? clock.now()) || clock.now();
    const since = end - (limit - 1) * intervalMs;
    const withVolume = req.params.candleType === 'trades';
    const candles = engine
      .candles(m.symbol, intervalMs, since, end)
      .slice(-limit)
      .reverse()
      .map((c) => ({
        o: c.open.toFixed(),
        l: c.low.toFixed(),
        h: c.high.toFixed(),
        c: c.close.toFixed(),
        ...(withVolume ? { v: c.volume.toFixed() } : {}),
        T: c.time,
      }));
    return done(candles);
  });
  pub('GET', '/info/:market/funding', (req) => {
    const m = market(req.params.market);
    if (!m) return fail(404, 1001, 'Market not found');
    const startTime = Number(req.query.get('startTime'));
    const endTime = Number(req.query.get('endTime'));
    if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || !req.query.get('startTime')) {
      return fail(400, 1133, 'startTime and endTime are required');
    }
    const rows = engine
      .fundingHistory(m.symbol, { since: startTime, until: endTime })
      .reverse()
      .map((r) => ({ m: m.venueSymbol, T: r.time, f: r.rate.toFixed() }));
    const page = paginate(rows, (r) => BigInt(r.T), req.query.get('cursor'), req.query.get('limit'), 10_000, 'number');
    return done(page.items, page.pagination);
  });
  pub('GET', '/info/starknet', () => done({ ...SIM_DOMAIN }));

  // ───────────── account ─────────────

  priv('GET', '/user/account/info', (_req, a) =>
    done({
      accountId: Number(a.accountId),
      description: 'Simulated account (fake keys)',
      accountIndex: 0,
      status: 'ACTIVE',
      l2Key: `0x${a.publicKey.toString(16)}`,
      l2Vault: String(a.vault),
    }),
  );
  priv('GET', '/user/balance', (_req, a) => {
    const b = engine.account(a.accountId);
    const positions = engine.positions(a.accountId);
    // The venue answers 404 for a zero balance (docs "Get balance").
    if (b.collateral.isZero() && b.equity.isZero() && positions.length === 0) {
      return fail(404, 'NOT_FOUND', 'Balance not found');
    }
    const exposure = positions.reduce((s, p) => s.add(p.notional.abs()), new Decimal(0));
    return done(balanceWire(b, exposure, clock.now()));
  });
  priv('GET', '/user/positions', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    const side = req.query.get('side');
    const now = clock.now();
    const rows = engine
      .positions(a.accountId)
      .filter((p) => ms.some((m) => m.symbol === p.symbol))
      .map((p) => positionWire(p, st.marketOf(p.symbol), st.positionId(a.accountId, p.symbol), now))
      .filter((p) => !side || p.side === side);
    return done(rows);
  });
  // The engine keeps no closed-position history: the simulator answers an empty list.
  priv('GET', '/user/positions/history', () => done([], { count: 0 }));
  priv('GET', '/user/trades', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    const side = req.query.get('side');
    const fills = engine
      .fills(a.accountId)
      .filter((f) => ms.some((m) => m.symbol === f.symbol) && (!side || (side === 'BUY') === (f.side === 'buy')))
      .reverse();
    const page = paginate(fills, (f) => venueId(f.id), req.query.get('cursor'), req.query.get('limit'));
    return done(
      page.items.map((f) => tradeWire(f, st.marketOf(f.symbol), false)),
      page.pagination,
    );
  });
  priv('GET', '/user/funding/history', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    const since = Number(req.query.get('startTime') ?? 0) || 0;
    const untilRaw = req.query.get('endTime');
    const rows = engine
      .fundingPayments(a.accountId, { since, ...(untilRaw ? { until: Number(untilRaw) } : {}) })
      .filter((p) => ms.some((m) => m.symbol === p.symbol))
      .reverse();
    const page = paginate(rows, (p) => venueId(p.id), req.query.get('cursor'), req.query.get('limit'), 1_000, 'number');
    return done(
      page.items.map((p) => fundingPaymentWire(p, st.marketOf(p.symbol), st.positionId(a.accountId, p.symbol))),
      page.pagination,
    );
  });
  priv('GET', '/user/fees', (req) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    return done(
      ms.map((m) => ({
        market: m.venueSymbol,
        makerFeeRate: m.makerFee.toFixed(),
        takerFeeRate: m.takerFee.toFixed(),
        builderFeeRate: '0',
      })),
    );
  });
  priv('GET', '/user/leverage', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    return done(ms.map((m) => ({ market: m.venueSymbol, leverage: engine.leverage(a.accountId, m.symbol).toFixed() })));
  });
  priv('PATCH', '/user/leverage', (req, a) => {
    const body = jsonBody(req);
    const m = market(typeof body?.market === 'string' ? body.market : undefined);
    if (!m) return fail(404, 1001, 'Market not found');
    if (typeof body?.leverage !== 'string') return fail(400, 1133, 'leverage must be a decimal string');
    engine.setLeverage(a.accountId, m.symbol, body.leverage);
    // The live venue answers an empty object (CCXT capture), not the leverage it set.
    return done({});
  });

  // ───────────── orders ─────────────

  const orderRows = (accountId: string) => {
    const rows = engine.orderHistory(accountId).map((o) => ({
      id: venueId(o.id),
      created: o.createdAt,
      wire: orderWire(o, st.marketOf(o.symbol), st.meta.get(o.id)),
    }));
    for (const r of st.rejected) {
      if (r.accountId === accountId) rows.push({ id: r.id, created: r.createdTime, wire: r.wire });
    }
    return rows.sort((x, y) => (x.id < y.id ? 1 : -1));
  };
  const matchesFilters = (req: SimRequest, w: Record<string, unknown>, ms: SimMarket[]): boolean => {
    const type = req.query.get('type');
    const side = req.query.get('side');
    return ms.some((m) => m.venueSymbol === w.market) && (!type || w.type === type) && (!side || w.side === side);
  };

  priv('GET', '/user/orders', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    const rows = engine
      .openOrders(a.accountId)
      .map((o) => orderWire(o, st.marketOf(o.symbol), st.meta.get(o.id)))
      .filter((w) => matchesFilters(req, w, ms));
    return done(rows);
  });
  priv('GET', '/user/orders/history', (req, a) => {
    const ms = marketsQuery(req);
    if (!Array.isArray(ms)) return ms;
    const id = req.query.get('id');
    const ext = req.query.get('externalId');
    const rows = orderRows(a.accountId).filter(
      (r) =>
        ['FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'].includes(String(r.wire.status)) &&
        matchesFilters(req, r.wire, ms) &&
        (!id || r.id.toString() === id) &&
        (!ext || r.wire.externalId === ext),
    );
    const page = paginate(rows, (r) => r.id, req.query.get('cursor'), req.query.get('limit'));
    return done(
      page.items.map((r) => r.wire),
      page.pagination,
    );
  });
  priv('GET', '/user/orders/external/:externalId', (req, a) => {
    const rows = orderRows(a.accountId).filter((r) => r.wire.externalId === req.params.externalId);
    if (rows.length === 0) return fail(404, 'NOT_FOUND', 'Order not found');
    return done(rows.map((r) => r.wire));
  });
  priv('GET', '/user/orders/:id', (req, a) => {
    const row = orderRows(a.accountId).find((r) => r.id.toString() === req.params.id);
    if (!row) return fail(404, 'NOT_FOUND', 'Order not found');
    return done(row.wire);
  });

  priv('POST', '/user/order', (req, a) => placeOrder(st, req, a), 'order');

  /** A single-order cancel: `which` names the order (or answers the venue's error), the engine cancels it. */
  const cancelRoute = (
    path: string,
    which: (req: SimRequest) => { orderId: string } | { clientOrderId: string } | SimResponse,
  ): void =>
    priv(
      'DELETE',
      path,
      (req, a) => {
        const q = which(req);
        if ('status' in q) return q;
        engine.cancelOrder(a.accountId, q);
        return done();
      },
      'cancel',
    );
  cancelRoute('/user/order/:id', (req) => {
    const orderId = engineIdOf(req.params.id ?? '');
    return orderId === undefined ? fail(404, 'NOT_FOUND', 'Order not found') : { orderId };
  });
  cancelRoute('/user/order', (req) => {
    const clientOrderId = req.query.get('externalId');
    return clientOrderId ? { clientOrderId } : fail(400, 1133, 'externalId is required');
  });
  priv(
    'POST',
    '/user/order/massCancel',
    (req, a) => {
      const body = jsonBody(req);
      const orderIds = Array.isArray(body?.orderIds) ? body.orderIds : [];
      const ext = Array.isArray(body?.externalOrderIds) ? body.externalOrderIds : [];
      const markets = Array.isArray(body?.markets) ? body.markets : [];
      if (orderIds.length === 0 && ext.length === 0 && markets.length === 0 && body?.cancelAll !== true) {
        return fail(400, 1133, 'One of orderIds, externalOrderIds, markets, cancelAll is required');
      }
      // Asynchronous on the venue: unknown ids are ignored and the answer is OK (errata).
      const tryCancel = (q: { orderId?: string; clientOrderId?: string }) => {
        try {
          engine.cancelOrder(a.accountId, q);
        } catch (e) {
          if (!isSimRejectError(e)) throw e;
        }
      };
      for (const id of orderIds) {
        const engineId = engineIdOf(String(id));
        if (engineId !== undefined) tryCancel({ orderId: engineId });
      }
      for (const id of ext) tryCancel({ clientOrderId: String(id) });
      for (const name of markets) {
        const m = market(String(name));
        if (m) engine.cancelAll(a.accountId, m.symbol);
      }
      if (body?.cancelAll === true) engine.cancelAll(a.accountId);
      return done();
    },
    'cancel',
  );
  priv('POST', '/user/deadmanswitch', (req, a) => {
    const raw = req.query.get('countdownTime');
    if (raw === null || !/^\d+$/.test(raw)) return fail(400, 1133, 'countdownTime (seconds) is required');
    const existing = st.deadMan.get(a.accountId);
    if (existing) clock.clearTimeout(existing);
    st.deadMan.delete(a.accountId);
    const seconds = Number(raw);
    if (seconds > 0) {
      st.deadMan.set(
        a.accountId,
        clock.setTimeout(() => {
          st.deadMan.delete(a.accountId);
          engine.cancelAll(a.accountId);
        }, seconds * 1000),
      );
    }
    // The venue answers with an empty body (CCXT).
    return { status: 200 };
  });
}

function wrap(fn: () => SimResponse | Promise<SimResponse>): SimResponse | Promise<SimResponse> {
  try {
    const r = fn();
    return r instanceof Promise ? r.catch(rejectResponse) : r;
  } catch (e) {
    return rejectResponse(e);
  }
}

function jsonBody(req: SimRequest): Record<string, unknown> | undefined {
  if (req.rawBody.length === 0) return undefined;
  try {
    const v = parseJson(req.rawBody, 'string-unsafe');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** `POST /user/order`: validation in the venue's order, Stark signature check, then the engine. */
function placeOrder(st: ExtendedSimState, req: SimRequest, a: SimExtendedAccount): SimResponse {
  const { engine, clock } = st;
  const b = jsonBody(req);
  if (!b) return fail(400, 1133, 'Invalid JSON body');
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  const id = str('id');
  const side = str('side');
  const type = str('type');
  const qty = str('qty');
  const price = str('price');
  const fee = str('fee');
  const nonce = str('nonce');
  const tif = str('timeInForce') ?? 'GTT';
  const expiry = b.expiryEpochMillis;
  if (!id || (side !== 'BUY' && side !== 'SELL') || !qty || !price || !fee || !nonce || typeof expiry !== 'number') {
    return fail(400, 1133, 'Missing or malformed order fields');
  }
  const m = st.marketByName(str('market') ?? '');
  if (!m) return fail(404, 1001, 'Market not found');
  if (type === 'CONDITIONAL' || type === 'TPSL' || type === 'TWAP') {
    return fail(400, 1132, `Order type ${type} is not supported by the simulator`);
  }
  if (type !== 'LIMIT' && type !== 'MARKET') return fail(400, 1133, 'Unknown order type');
  if (tif !== 'GTT' && tif !== 'IOC') return fail(400, 1133, 'Unknown time in force');
  if (type === 'MARKET' && tif !== 'IOC') return fail(400, 1139, 'Market order must be IOC');
  if (!DECIMAL.test(qty) || !DECIMAL.test(price) || !DECIMAL.test(fee)) return fail(400, 1133, 'Malformed decimals');
  if (!/^\d+$/.test(nonce) || Number(nonce) < 1 || Number(nonce) > MAX_NONCE) {
    return fail(400, 1133, 'nonce must be an integer >= 1 and <= 2^31');
  }
  const now = clock.now();
  if (!Number.isSafeInteger(expiry) || expiry <= now || expiry > now + NINETY_DAYS_MS) {
    return fail(400, 1135, 'Invalid expiration: must be in the future and at most 90 days ahead');
  }

  // Signature: key and vault must be the account's, and the signature must verify over the recomputed hash.
  const settlement = b.settlement as { starkKey?: unknown; collateralPosition?: unknown } | undefined;
  if (!settlement || typeof settlement.starkKey !== 'string') return fail(400, 1101, 'Invalid Starknet signature');
  let key: bigint;
  try {
    key = BigInt(settlement.starkKey);
  } catch {
    return fail(400, 1100, 'Invalid Starknet public key');
  }
  if (key !== a.publicKey) return fail(400, 1100, 'Invalid Starknet public key');
  if (String(settlement.collateralPosition) !== a.vault) return fail(400, 1102, 'Invalid Starknet vault');
  let valid = false;
  try {
    valid = verifyOrderBody(b as never, { l2Config: l2Config(m) }, SIM_DOMAIN).valid;
  } catch {
    valid = false;
  }
  if (!valid) return fail(400, 1101, 'Invalid Starknet signature');

  const qtyD = new Decimal(qty);
  const priceD = new Decimal(price);
  if (priceD.lte(0)) return fail(400, 1141, 'Invalid price');
  if (!priceD.mod(m.tickSize).isZero()) return fail(400, 1124, 'Invalid price increment');
  if (!qtyD.mod(m.lotSize).isZero()) return fail(400, 1121, 'Invalid quantity increment');
  const reduceOnly = b.reduceOnly === true;
  const minimumApplies = !(reduceOnly && EXTENDED_ORDER_RULES.reduceOnlyMinimums === 'waived');
  if (qtyD.lt(m.minSize) && minimumApplies) return fail(400, 1120, 'Quantity is less than the minimum order size');
  const postOnly = b.postOnly === true;
  const required = postOnly ? m.makerFee : m.takerFee;
  if (new Decimal(fee).lt(required)) return fail(400, 1128, 'Invalid trading fees');
  if (engine.order(a.accountId, { clientOrderId: id })) return fail(400, 1134, 'Duplicate order');

  const cancelId = str('cancelId');
  if (cancelId !== undefined) {
    const prev = engine.order(a.accountId, { clientOrderId: cancelId });
    if (!prev) return fail(400, 1142, 'Edited order not found');
    try {
      engine.cancelOrder(a.accountId, { clientOrderId: cancelId });
    } catch (e) {
      if (!isSimRejectError(e)) throw e;
      return fail(400, 1142, 'Edited order is no longer open');
    }
  }

  const params: PlaceOrderParameters = {
    symbol: m.symbol,
    side: side === 'BUY' ? 'buy' : 'sell',
    type: type === 'MARKET' ? 'market' : 'limit',
    size: qtyD,
    price: priceD,
    timeInForce: postOnly ? 'POST_ONLY' : tif === 'IOC' ? 'IOC' : 'GTT',
    reduceOnly,
    clientOrderId: id,
    ...(tif === 'GTT' ? { expiresAt: expiry } : {}),
  };
  const meta = { type, price, postOnly, timeInForce: tif, expireTime: expiry } as const;
  try {
    const r = engine.placeOrder(a.accountId, params);
    st.meta.set(r.order.id, meta);
    return done({ id: venueId(r.order.id), externalId: id });
  } catch (e) {
    // These are decided by the matching engine after acceptance: OK now, REJECTED on the account stream.
    if (isSimRejectError(e, 'POST_ONLY_WOULD_CROSS') || isSimRejectError(e, 'REDUCE_ONLY_NOTHING_TO_REDUCE')) {
      const rid = st.allocateRejectedId();
      const wire = {
        id: String(rid),
        accountId: Number(a.accountId),
        externalId: id,
        market: m.venueSymbol,
        type,
        side,
        status: 'REJECTED',
        statusReason: e.code === 'POST_ONLY_WOULD_CROSS' ? 'POST_ONLY_FAILED' : 'REDUCE_ONLY_FAILED',
        price,
        averagePrice: '0',
        qty,
        filledQty: '0',
        cancelledQty: qty,
        reduceOnly,
        postOnly,
        payedFee: '0',
        createdTime: now,
        updatedTime: now,
        expireTime: expiry,
        timeInForce: tif,
      };
      st.rejected.push({ id: rid, accountId: a.accountId, wire, createdTime: now });
      setImmediate(() => st.pushAccount(a.accountId, 'ORDER', { orders: [wire] }));
      return done({ id: rid, externalId: id });
    }
    return rejectResponse(e);
  }
}
