import { Decimal } from '@dn/core';
import type {
  SimAccountSummary,
  SimFill,
  SimFundingPayment,
  SimMarket,
  SimOrder,
  SimPosition,
  SimStats,
  SimTrade,
} from '../../engine/index.js';

/*
 * Engine state → Extended wire payloads (extended.md §2.3–2.4). Decimals are strings, timestamps epoch-ms numbers.
 * Ids are 19-digit int64s, written as the live captures write them (packages/extended/test/fixtures/real): order,
 * fill and position ids as strings on REST, public-trade and funding-payment ids and stream fills as bare JSON numbers
 * (bigint, see stringifyJson) so clients must parse losslessly.
 */

/** Engine ids are small decimal counters; the venue's are 19-digit int64s. The offset keeps the mapping exact. */
const ID_OFFSET = 1_784_000_000_000_000_000n;

export function venueId(engineId: string): bigint {
  return ID_OFFSET + BigInt(engineId);
}

/** Engine id of a venue id, or undefined when it is not one of ours. */
export function engineIdOf(id: string | number | bigint): string | undefined {
  let v: bigint;
  try {
    v = BigInt(id);
  } catch {
    return undefined;
  }
  return v > ID_OFFSET ? (v - ID_OFFSET).toString() : undefined;
}

export function ok(data?: unknown, pagination?: { cursor?: bigint | number | string; count: number }): unknown {
  return data === undefined ? { status: 'OK' } : { status: 'OK', data, ...(pagination ? { pagination } : {}) };
}

export function errorBody(code: number | string, message: string): unknown {
  return { status: 'ERROR', error: { code, message } };
}

const d = (x: Decimal): string => x.toFixed();

/** ASCII short string of `BTC-6` padded to 15 bytes, as the mainnet synthetic ids (`0x4254432d36000…`). */
function syntheticId(symbol: string, decimals: number): string {
  const bytes = Buffer.alloc(15);
  Buffer.from(`${symbol}-${decimals}`, 'ascii').copy(bytes);
  return `0x${bytes.toString('hex')}`;
}

export function syntheticDecimals(m: SimMarket): number {
  return Math.max(6, m.lotSize.decimalPlaces());
}

export function l2Config(m: SimMarket): {
  type: string;
  collateralId: string;
  collateralResolution: number;
  syntheticId: string;
  syntheticResolution: number;
} {
  const decimals = syntheticDecimals(m);
  // Collateral id and resolution of CCXT's mainnet sample; the synthetic id follows the same naming.
  return {
    type: 'STARKX',
    collateralId: '0x1',
    collateralResolution: 1_000_000,
    syntheticId: syntheticId(m.symbol, decimals),
    syntheticResolution: 10 ** decimals,
  };
}

export function marketStatsWire(s: SimStats): Record<string, unknown> {
  return {
    dailyVolume: d(s.volume24h),
    dailyVolumeBase: d(s.volume24h.div(s.markPrice).toDecimalPlaces(8)),
    dailyPriceChange: '0',
    dailyPriceChangePercentage: '0',
    dailyLow: d(s.markPrice),
    dailyHigh: d(s.markPrice),
    lastPrice: d(s.lastPrice),
    askPrice: d(s.bestAsk),
    bidPrice: d(s.bestBid),
    markPrice: d(s.markPrice),
    indexPrice: d(s.indexPrice),
    fundingRate: d(s.funding.rate),
    // Epoch ms of the next payment, despite the name.
    nextFundingRate: s.funding.nextFundingTime,
    openInterest: d(s.openInterest.mul(s.markPrice).toDecimalPlaces(2)),
    openInterestBase: d(s.openInterest),
  };
}

export function marketWire(m: SimMarket, stats: SimStats | undefined): Record<string, unknown> {
  return {
    name: m.venueSymbol,
    uiName: m.venueSymbol,
    category: 'L1',
    assetName: m.symbol,
    assetPrecision: syntheticDecimals(m),
    collateralAssetName: 'USD',
    collateralAssetPrecision: 6,
    active: m.active,
    status: m.active ? 'ACTIVE' : 'DISABLED',
    type: 'PERPETUAL',
    ...(stats ? { marketStats: marketStatsWire(stats) } : {}),
    tradingConfig: {
      minOrderSize: d(m.minSize),
      minOrderSizeChange: d(m.lotSize),
      minPriceChange: d(m.tickSize),
      maxMarketOrderValue: '1000000',
      maxLimitOrderValue: '5000000',
      maxPositionValue: '10000000',
      maxLeverage: d(m.maxLeverage),
      maxNumOrders: '200',
      limitPriceCap: '0.05',
      limitPriceFloor: '0.05',
      hourlyFundingRateCap: d(m.fundingRateCap.div(m.fundingIntervalHours).mul(100)),
      riskFactorConfig: [],
    },
    l2Config: l2Config(m),
  };
}

/** Wire fields the engine does not keep: what the client sent. */
export interface OrderMeta {
  type: 'LIMIT' | 'MARKET';
  price: string;
  postOnly: boolean;
  timeInForce: 'GTT' | 'IOC';
  expireTime: number;
}

const STATUS: Record<SimOrder['status'], string> = {
  pending: 'UNTRIGGERED',
  open: 'NEW',
  partially_filled: 'PARTIALLY_FILLED',
  filled: 'FILLED',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
  expired: 'EXPIRED',
};

export function orderWire(o: SimOrder, market: SimMarket, meta: OrderMeta | undefined): Record<string, unknown> {
  const terminal = o.status === 'cancelled' || o.status === 'expired' || o.status === 'rejected';
  return {
    id: String(venueId(o.id)),
    accountId: Number(o.accountId),
    ...(o.clientOrderId !== undefined ? { externalId: o.clientOrderId } : {}),
    market: market.venueSymbol,
    type: meta?.type ?? (o.type === 'market' ? 'MARKET' : 'LIMIT'),
    side: o.side === 'buy' ? 'BUY' : 'SELL',
    status: STATUS[o.status],
    ...(o.cancelReason ? { statusReason: cancelReason(o.cancelReason) } : {}),
    price: meta?.price ?? (o.price ? d(o.price) : '0'),
    averagePrice: o.averageFillPrice ? d(o.averageFillPrice) : '0',
    qty: d(o.size),
    filledQty: d(o.filledSize),
    cancelledQty: terminal ? d(o.size.sub(o.filledSize)) : '0',
    reduceOnly: o.reduceOnly,
    postOnly: meta?.postOnly ?? o.timeInForce === 'POST_ONLY',
    payedFee: d(o.fee),
    createdTime: o.createdAt,
    updatedTime: o.updatedAt,
    ...(meta?.expireTime !== undefined || o.expiresAt !== undefined
      ? { expireTime: meta?.expireTime ?? o.expiresAt }
      : {}),
    timeInForce: meta?.timeInForce ?? (o.timeInForce === 'IOC' ? 'IOC' : 'GTT'),
  };
}

function cancelReason(r: NonNullable<SimOrder['cancelReason']>): string {
  switch (r) {
    case 'ioc_remainder':
    case 'injected_partial':
      return 'NO_LIQUIDITY';
    case 'self_trade':
      return 'SELF_TRADE_PROTECTION';
    case 'reduce_only':
      return 'REDUCE_ONLY_FAILED';
    case 'liquidation':
      return 'ACCOUNT_LIQUIDATION';
    case 'expired':
      return 'INVALID_EXPIRE_TIME';
    default:
      return 'NONE';
  }
}

/** A fill; REST rows carry the client id as `externalId`, stream rows as `externalOrderId` (errata). */
export function tradeWire(f: SimFill, market: SimMarket, stream: boolean): Record<string, unknown> {
  // REST rows write ids (and the account id) as strings (CCXT capture); stream rows as numbers (SDK test frame).
  const id = (v: bigint): bigint | string => (stream ? v : String(v));
  return {
    id: id(venueId(f.id)),
    accountId: stream ? Number(f.accountId) : String(f.accountId),
    market: market.venueSymbol,
    orderId: id(venueId(f.orderId)),
    ...(f.clientOrderId !== undefined ? { [stream ? 'externalOrderId' : 'externalId']: f.clientOrderId } : {}),
    side: f.side === 'buy' ? 'BUY' : 'SELL',
    price: d(f.price),
    qty: d(f.size),
    value: d(f.price.mul(f.size)),
    fee: d(f.fee),
    isTaker: f.liquidity === 'taker',
    tradeType: f.liquidation ? 'LIQUIDATION' : 'TRADE',
    createdTime: f.timestamp,
  };
}

export function publicTradeWire(t: SimTrade, market: SimMarket): Record<string, unknown> {
  return {
    i: venueId(t.id),
    m: market.venueSymbol,
    S: t.side === 'buy' ? 'BUY' : 'SELL',
    tT: t.liquidation ? 'LIQUIDATION' : 'TRADE',
    T: t.time,
    p: d(t.price),
    q: d(t.size),
  };
}

export function positionWire(p: SimPosition, market: SimMarket, id: bigint, now: number): Record<string, unknown> {
  const closed = p.size.isZero();
  return {
    id: String(id),
    accountId: String(p.accountId),
    market: market.venueSymbol,
    status: closed ? 'CLOSED' : 'OPENED',
    side: p.size.isNegative() ? 'SHORT' : 'LONG',
    leverage: d(p.leverage),
    size: d(p.size.abs()),
    value: d(p.notional.abs()),
    openPrice: d(p.entryPrice),
    markPrice: d(p.markPrice),
    liquidationPrice: p.liquidationPrice ? d(p.liquidationPrice) : '0',
    margin: d(p.initialMargin),
    unrealisedPnl: d(p.unrealizedPnl),
    realisedPnl: d(p.realizedPnl),
    adl: '1',
    createdAt: now,
    updatedAt: now,
  };
}

export function balanceWire(b: SimAccountSummary, exposure: Decimal, now: number): Record<string, unknown> {
  const equity = b.equity;
  return {
    collateralName: 'USD',
    balance: d(b.collateral),
    equity: d(equity),
    availableForTrade: d(b.availableMargin),
    availableForWithdrawal: d(Decimal.max(0, b.availableMargin)),
    unrealisedPnl: d(b.unrealizedPnl),
    initialMargin: d(b.initialMargin),
    marginRatio: equity.gt(0) ? d(b.maintenanceMargin.div(equity).toDecimalPlaces(4)) : '0',
    exposure: d(exposure),
    leverage: equity.gt(0) ? d(exposure.div(equity).toDecimalPlaces(2)) : '0',
    updatedTime: now,
  };
}

export function fundingPaymentWire(
  p: SimFundingPayment,
  market: SimMarket,
  positionId: bigint,
): Record<string, unknown> {
  return {
    id: venueId(p.id),
    accountId: Number(p.accountId),
    market: market.venueSymbol,
    positionId: String(positionId),
    side: p.positionSize.isNegative() ? 'SHORT' : 'LONG',
    size: d(p.positionSize.abs()),
    value: d(p.positionSize.abs().mul(p.markPrice)),
    markPrice: d(p.markPrice),
    // Cash to the account: positive received, negative paid.
    fundingFee: d(p.amount),
    fundingRate: d(p.rate),
    paidTime: p.timestamp,
  };
}

/** Cursor pagination as the venue: newest first, `cursor` = id of the last item, next page strictly older. */
export function paginate<T>(
  itemsNewestFirst: T[],
  idOf: (t: T) => bigint,
  cursor: string | null,
  limit: string | null,
  maxLimit = 1_000,
  /** The captures write the cursor as a string on order/trade/position lists and as a number on funding lists. */
  cursorAs: 'string' | 'number' = 'string',
): { items: T[]; pagination: { cursor?: bigint | string; count: number } } {
  let items = itemsNewestFirst;
  if (cursor !== null && /^\d+$/.test(cursor)) {
    const c = BigInt(cursor);
    items = items.filter((t) => idOf(t) < c);
  }
  const n = limit !== null && /^\d+$/.test(limit) ? Math.min(Number(limit), maxLimit) : 100;
  const page = items.slice(0, n);
  const last = page[page.length - 1];
  return {
    items: page,
    // The venue sends the last item's id even on the last page (every CCXT capture with rows has one): clients find
    // the end by an empty page.
    pagination: {
      ...(last !== undefined ? { cursor: cursorAs === 'string' ? String(idOf(last)) : idOf(last) } : {}),
      count: page.length,
    },
  };
}
