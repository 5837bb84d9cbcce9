import { Decimal, type PlaceOrderParameters, type TimeInForce } from '@dn/core';
import {
  type JsonObject,
  resolveV1Market,
  resolveV2Market,
  type V1OrderBodyLike,
  verifyV1OrderSignature,
  verifyV2OrderSignature,
} from '@dn/edgex';
import { isSimRejectError, type SimEngine, type SimOrder } from '../../engine/index.js';
import type { SimRequest, SimResponse } from '../../server/sim-server.js';
import type { SimFrontendContext } from '../types.js';
import type { EdgexSimAccount } from './accounts.js';
import { authenticate } from './auth.js';
import type { EdgexSimCatalog } from './contracts.js';
import { EDGEX_CODES, fail, ok, rejectCode } from './errors.js';
import { fundingRatePage } from './funding.js';
import type { EdgexOrderMeta, EdgexViews } from './views.js';

const DAY_MS = 86_400_000;
/** OpenAPI `CreateOrderParam`: l2ExpireTime must be at least expireTime + 8 days. */
const MIN_L2_EXPIRE_OFFSET_MS = 8 * DAY_MS;
const KLINE_MS: Record<string, number> = {
  MINUTE_1: 60_000,
  MINUTE_5: 300_000,
  MINUTE_15: 900_000,
  MINUTE_30: 1_800_000,
  HOUR_1: 3_600_000,
  HOUR_2: 7_200_000,
  HOUR_4: 14_400_000,
  HOUR_6: 21_600_000,
  HOUR_8: 28_800_000,
  HOUR_12: 43_200_000,
  DAY_1: DAY_MS,
  WEEK_1: 7 * DAY_MS,
  MONTH_1: 30 * DAY_MS,
};
const DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;

export interface EdgexRestDeps {
  ctx: SimFrontendContext;
  catalog: EdgexSimCatalog;
  views: EdgexViews;
  accounts: Map<string, EdgexSimAccount>;
  byApiKey: Map<string, EdgexSimAccount>;
  orderMeta: Map<string, EdgexOrderMeta>;
}

type PrivateHandler = (req: SimRequest, account: EdgexSimAccount, version: 'v1' | 'v2') => SimResponse;

/** `{dataList, nextPageOffsetData}` over a newest-first list; offsetData is the index to resume at. */
function page<T>(list: T[], req: SimRequest, maxSize: number): Record<string, unknown> {
  // edgeX calls the page length `size`: a count of rows, not an amount.
  const rows = Math.min(Math.max(Number(req.query.get('size') ?? maxSize) || maxSize, 1), maxSize);
  const offset = Number(req.query.get('offsetData') || '0') || 0;
  const slice = list.slice(offset, offset + rows);
  return { dataList: slice, nextPageOffsetData: offset + rows < list.length ? String(offset + rows) : '' };
}

function listParam(req: SimRequest, name: string): string[] | undefined {
  const v = req.query.get(name);
  return v ? v.split(',').filter((s) => s.length > 0) : undefined;
}

function timeRange(req: SimRequest): { since?: number; until?: number } {
  const begin = req.query.get('filterStartCreatedTimeInclusive');
  const end = req.query.get('filterEndCreatedTimeExclusive');
  return {
    ...(begin ? { since: Number(begin) } : {}),
    ...(end ? { until: Number(end) - 1 } : {}),
  };
}

/** Registers every public and private REST path under both `/api/v1` and `/api/v2`. */
export function installRest(deps: EdgexRestDeps): void {
  const { ctx, catalog, views } = deps;
  const { server, engine, clock } = ctx;
  const contractOf = (id: string | null | undefined) => (id ? catalog.byId.get(id) : undefined);
  const badContract = (id: string | null | undefined) =>
    fail(EDGEX_CODES.invalidContract, `unknown contractId ${id ?? ''}`);
  type Contract = NonNullable<ReturnType<typeof contractOf>>;
  /** A route about the one contract its `contractId` query names; an unknown or missing one is refused. */
  const forContract =
    (handle: (req: SimRequest, c: Contract) => SimResponse) =>
    (req: SimRequest): SimResponse => {
      const id = req.query.get('contractId');
      const c = contractOf(id);
      return c ? handle(req, c) : badContract(id);
    };

  const pub = (route: string, handler: (req: SimRequest) => SimResponse): void => {
    for (const v of ['v1', 'v2']) server.route('GET', `/api/${v}/public/${route}`, handler, { tag: 'public' });
  };
  const priv = (method: 'GET' | 'POST', route: string, handler: PrivateHandler, tag = 'private'): void => {
    for (const v of ['v1', 'v2']) {
      server.route(
        method,
        `/api/${v}/private/${route}`,
        (req) => {
          const auth = authenticate(req, deps.accounts, deps.byApiKey, clock);
          if (!auth.ok) return auth.response;
          try {
            return handler(req, auth.account, auth.version);
          } catch (e) {
            if (isSimRejectError(e)) return fail(rejectCode(e.code), e.message);
            throw e;
          }
        },
        { tag },
      );
    }
  };

  // ── public ──
  pub('meta/getServerTime', () => ok({ timeMillis: String(clock.now()) }));
  pub('meta/getMetaData', () => ok(catalog.metadata));
  /** A per-contract list: the named contract's row, or every contract's without `contractId`. */
  const perContract =
    (row: (contractId: string) => Record<string, unknown>) =>
    (req: SimRequest): SimResponse => {
      const id = req.query.get('contractId');
      if (id) return contractOf(id) ? ok([row(id)]) : badContract(id);
      return ok([...catalog.byId.keys()].map(row));
    };
  pub(
    'quote/getTicker',
    perContract((id) => views.ticker(id)),
  );
  pub(
    'quote/getDepth',
    forContract((req, c) => {
      const level = req.query.get('level') === '200' ? 200 : 15;
      return ok([views.depth(c.contractId, level, engine.book(c.market.symbol, 1).sequence)]);
    }),
  );
  pub(
    'quote/getKline',
    forContract((req, c) => {
      const intervalMs = KLINE_MS[req.query.get('klineType') ?? ''];
      if (!intervalMs) return fail(EDGEX_CODES.invalidParam, 'unknown klineType');
      // `size` here is the number of candles requested.
      const count = Math.min(Number(req.query.get('size') ?? '100') || 100, 1000);
      const end = req.query.get('filterEndKlineTimeExclusive');
      const begin = req.query.get('filterBeginKlineTimeInclusive');
      const until = end ? Number(end) - 1 : clock.now();
      const since = begin ? Number(begin) : until - (count - 1) * intervalMs;
      const candles = engine.candles(c.market.symbol, intervalMs, since, until).reverse();
      const klineType = req.query.get('klineType');
      const list = candles.map((k) => ({
        klineId: String(k.time),
        contractId: c.contractId,
        contractName: c.market.venueSymbol,
        klineType,
        klineTime: String(k.time),
        priceType: req.query.get('priceType') ?? 'LAST_PRICE',
        trades: '0',
        size: k.volume.toFixed(),
        value: k.volume.mul(k.close).toFixed(),
        high: k.high.toFixed(),
        low: k.low.toFixed(),
        open: k.open.toFixed(),
        close: k.close.toFixed(),
        makerBuySize: '0',
        makerBuyValue: '0',
      }));
      return ok(page(list, req, 1000));
    }),
  );
  pub(
    'funding/getLatestFundingRate',
    perContract((id) => views.latestFunding(id)),
  );
  pub(
    'funding/getFundingRatePage',
    forContract((req, c) => ok(page(fundingRatePage(req, c, engine, views), req, 100))),
  );

  // ── private: account ──
  priv('GET', 'account/getAccountAsset', (_r, a) => ok(views.accountAsset(a)));
  priv('GET', 'account/getAccountById', (_r, a) => ok(views.account(a)));
  priv('GET', 'account/getPositionByContractId', (req, a) => {
    const ids = listParam(req, 'contractIdList');
    const list = engine.positions(a.accountId).map((p) => views.position(p));
    return ok(ids ? list.filter((p) => ids.includes(p.contractId as string)) : list);
  });
  priv('GET', 'account/getCollateralByCoinId', (_r, a) => {
    const s = engine.account(a.accountId);
    return ok([views.collateral(s, engine.positions(a.accountId))]);
  });
  priv('GET', 'account/getPositionTransactionPage', (req, a) => {
    const types = listParam(req, 'filterTypeList');
    const contracts = listParam(req, 'filterContractIdList');
    // Only funding settlements are kept as position transactions in the simulator.
    if (types && !types.includes('SETTLE_FUNDING_FEE')) return ok(page([], req, 100));
    const list = engine
      .fundingPayments(a.accountId, timeRange(req))
      .reverse()
      .map((p) => views.fundingTransaction(p))
      .filter((t) => !contracts || contracts.includes(t.contractId as string));
    return ok(page(list, req, 100));
  });
  priv('POST', 'account/updateLeverageSetting', (req, a) => {
    const body = req.body as JsonObject;
    const c = contractOf(body.contractId as string);
    if (!c) return badContract(body.contractId as string);
    if (typeof body.leverage !== 'string' || !DECIMAL_RE.test(body.leverage)) {
      return fail(EDGEX_CODES.invalidParam, 'leverage must be a decimal string');
    }
    engine.setLeverage(a.accountId, c.market.symbol, body.leverage);
    return ok(null);
  });

  // ── private: orders ──
  priv('POST', 'order/createOrder', (req, a, version) => createOrder(deps, engine, req, a, version), 'order');
  const cancelBy =
    (kind: 'orderId' | 'clientOrderId'): PrivateHandler =>
    (req, a) => {
      const body = req.body as JsonObject;
      const ids = body[kind === 'orderId' ? 'orderIdList' : 'clientOrderIdList'];
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) {
        return fail(EDGEX_CODES.invalidParam, `${kind} list must be strings`);
      }
      const result: Record<string, string> = {};
      for (const id of ids as string[]) {
        try {
          engine.cancelOrder(a.accountId, { [kind]: id });
          result[id] = 'SUCCESS';
        } catch (e) {
          if (!isSimRejectError(e)) throw e;
          const o = engine.order(a.accountId, { [kind]: id });
          result[id] = !o
            ? 'FAILED_ORDER_NOT_FOUND'
            : o.status === 'filled'
              ? 'FAILED_ORDER_FILLED'
              : 'FAILED_ORDER_CANCELED';
        }
      }
      return ok({ cancelResultMap: result });
    };
  priv('POST', 'order/cancelOrderById', cancelBy('orderId'), 'cancel');
  priv('POST', 'order/cancelOrderByClientOrderId', cancelBy('clientOrderId'), 'cancel');
  priv(
    'POST',
    'order/cancelAllOrder',
    (req, a) => {
      const filter = (req.body as JsonObject).filterContractIdList;
      const ids = Array.isArray(filter) && filter.length > 0 ? (filter as string[]) : undefined;
      const cancelled: SimOrder[] = [];
      if (!ids) cancelled.push(...engine.cancelAll(a.accountId));
      else {
        for (const id of ids) {
          const c = contractOf(id);
          if (!c) return badContract(id);
          cancelled.push(...engine.cancelAll(a.accountId, c.market.symbol));
        }
      }
      return ok({ cancelResultMap: Object.fromEntries(cancelled.map((o) => [o.id, 'SUCCESS'])) });
    },
    'cancel',
  );
  const orderFilter = (req: SimRequest) => {
    const contracts = listParam(req, 'filterContractIdList');
    return (o: Record<string, unknown>) => !contracts || contracts.includes(o.contractId as string);
  };
  priv('GET', 'order/getActiveOrderPage', (req, a) => {
    const list = engine
      .openOrders(a.accountId)
      .reverse()
      .map((o) => views.order(o))
      .filter(orderFilter(req));
    return ok(page(list, req, 200));
  });
  priv('GET', 'order/getHistoryOrderPage', (req, a) => {
    const list = engine
      .orderHistory(a.accountId, timeRange(req))
      .filter((o) => !isLive(o))
      .reverse()
      .map((o) => views.order(o))
      .filter(orderFilter(req));
    return ok(page(list, req, 100));
  });
  const byIds =
    (kind: 'orderId' | 'clientOrderId', history: boolean): PrivateHandler =>
    (req, a) => {
      const ids = listParam(req, kind === 'orderId' ? 'orderIdList' : 'clientOrderIdList') ?? [];
      const out: Record<string, unknown>[] = [];
      for (const id of ids) {
        const o = engine.order(a.accountId, { [kind]: id });
        if (o && isLive(o) !== history) out.push(views.order(o));
      }
      return ok(out);
    };
  priv('GET', 'order/getOrderById', byIds('orderId', false));
  priv('GET', 'order/getOrderByClientOrderId', byIds('clientOrderId', false));
  priv('GET', 'order/getHistoryOrderById', byIds('orderId', true));
  priv('GET', 'order/getHistoryOrderByClientOrderId', byIds('clientOrderId', true));
  priv('GET', 'order/getHistoryOrderFillTransactionPage', (req, a) => {
    const orderIds = listParam(req, 'filterOrderIdList');
    const list = engine
      .fills(a.accountId, timeRange(req))
      .reverse()
      .filter((f) => !orderIds || orderIds.includes(f.orderId))
      .map((f) => views.fill(f))
      .filter(orderFilter(req));
    return ok(page(list, req, 100));
  });
}

function isLive(o: SimOrder): boolean {
  return o.status === 'open' || o.status === 'partially_filled' || o.status === 'pending';
}

const TIF_IN: Record<string, TimeInForce> = {
  GOOD_TIL_CANCEL: 'GTT',
  POST_ONLY: 'POST_ONLY',
  IMMEDIATE_OR_CANCEL: 'IOC',
  // The engine has no fill-or-kill; served as IOC [simulator limitation].
  FILL_OR_KILL: 'IOC',
};

const STRING_FIELDS = [
  'accountId',
  'contractId',
  'side',
  'type',
  'timeInForce',
  'price',
  'size',
  'clientOrderId',
  'expireTime',
  'l2Nonce',
  'l2Value',
  'l2Size',
  'l2LimitFee',
  'l2ExpireTime',
  'l2Signature',
] as const;

function createOrder(
  deps: EdgexRestDeps,
  engine: SimEngine,
  req: SimRequest,
  account: EdgexSimAccount,
  version: 'v1' | 'v2',
): SimResponse {
  const body = req.body as JsonObject;
  for (const f of STRING_FIELDS) {
    if (typeof body[f] !== 'string' || (body[f] as string).length === 0) {
      return fail(EDGEX_CODES.invalidParam, `${f} is required (string)`);
    }
  }
  if (typeof body.reduceOnly !== 'boolean') return fail(EDGEX_CODES.invalidParam, 'reduceOnly is required (boolean)');
  const b = body as unknown as V1OrderBodyLike & Record<(typeof STRING_FIELDS)[number], string>;
  const c = deps.catalog.byId.get(b.contractId);
  if (!c) return fail(EDGEX_CODES.invalidContract, `unknown contractId ${b.contractId}`);
  if (b.side !== 'BUY' && b.side !== 'SELL') return fail(EDGEX_CODES.invalidParam, 'side must be BUY or SELL');
  if (b.type !== 'LIMIT' && b.type !== 'MARKET') return fail(EDGEX_CODES.invalidParam, 'only LIMIT and MARKET orders');
  const tif = TIF_IN[b.timeInForce];
  if (!tif) return fail(EDGEX_CODES.invalidParam, 'unknown timeInForce');
  if (b.type === 'MARKET' && b.timeInForce !== 'IMMEDIATE_OR_CANCEL') {
    return fail(EDGEX_CODES.invalidParam, 'MARKET orders must be IMMEDIATE_OR_CANCEL');
  }
  for (const f of ['price', 'size', 'l2Value', 'l2Size', 'l2LimitFee'] as const) {
    if (!DECIMAL_RE.test(b[f])) return fail(EDGEX_CODES.invalidParam, `${f} must be a decimal string`);
  }

  // The L2 signature must cover exactly this order, signed by the account's registered key.
  let signed: boolean;
  try {
    signed =
      version === 'v2'
        ? verifyV2OrderSignature(b, resolveV2Market(deps.catalog.metadata, b.contractId), account.tradingAddress)
        : verifyV1OrderSignature(b, resolveV1Market(deps.catalog.metadata, b.contractId), {
            x: account.l2Key,
            y: account.l2KeyY,
          });
  } catch {
    signed = false;
  }
  if (!signed) return fail(EDGEX_CODES.invalidL2Signature, 'l2Signature does not match the order');

  const size = new Decimal(b.size);
  const price = new Decimal(b.price);
  const l2Value = new Decimal(b.l2Value);
  if (!new Decimal(b.l2Size).eq(size)) return fail(EDGEX_CODES.invalidParam, 'l2Size must equal size');
  if (b.type === 'LIMIT') {
    // The signed amounts bound every fill: a BUY may spend at most l2Value, a SELL must receive at least it.
    const notional = price.mul(size);
    if (b.side === 'BUY' ? l2Value.lt(notional) : l2Value.gt(notional)) {
      return fail(EDGEX_CODES.invalidParam, 'l2Value does not cover price × size');
    }
    if (new Decimal(b.l2LimitFee).lt(notional.mul(c.market.takerFee))) {
      return fail(EDGEX_CODES.invalidParam, 'l2LimitFee below the fee of the order');
    }
  }
  const now = engine.clock.now();
  const expireTime = Number(b.expireTime);
  if (!(expireTime > now)) return fail('ORDER_EXPIRE_TIME_INVALID', 'expireTime must be in the future');
  if (Number(b.l2ExpireTime) < expireTime + MIN_L2_EXPIRE_OFFSET_MS) {
    return fail('ORDER_EXPIRE_TIME_INVALID', 'l2ExpireTime must be at least expireTime + 8 days');
  }

  const params: PlaceOrderParameters = {
    symbol: c.market.symbol,
    side: b.side === 'BUY' ? 'buy' : 'sell',
    type: b.type === 'MARKET' ? 'market' : 'limit',
    size: b.size,
    timeInForce: tif,
    reduceOnly: body.reduceOnly as boolean,
    clientOrderId: b.clientOrderId,
    ...(b.type === 'LIMIT' ? { price: b.price } : {}),
    ...(tif !== 'IOC' ? { expiresAt: expireTime } : {}),
  };
  // Same client order id again: edgeX's idempotency key; the existing order is answered, nothing new is placed.
  const result = engine.placeOrder(account.accountId, params);
  if (!result.duplicate) {
    deps.orderMeta.set(result.order.id, {
      type: b.type,
      timeInForce: b.timeInForce,
      price: b.type === 'MARKET' ? '0' : b.price,
      expireTime: b.expireTime,
    });
  }
  return ok({ orderId: result.order.id });
}
