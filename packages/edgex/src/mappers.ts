import type * as core from '@dn/core';
import { Decimal, TransportError } from '@dn/core';
import type { EdgexSymbols } from './symbols.js';
import type {
  EdgexAccount,
  EdgexAccountAsset,
  EdgexContract,
  EdgexDepth,
  EdgexFill,
  EdgexFundingRate,
  EdgexKline,
  EdgexLevel,
  EdgexOrder,
  EdgexPositionTransaction,
  EdgexTicker,
} from './wire.js';
import type { EdgexTrade } from './ws/public.js';

const HOURS_PER_YEAR = 8760;

/** Decimal of a wire decimal; undefined for "" / absent. */
function optDec(text: string | undefined | null): Decimal | undefined {
  return text === undefined || text === null || text === '' ? undefined : new Decimal(text);
}

/**
 * Funding interval of a contract in hours, from `fundingRateIntervalMin` (240 → 4). Never defaulted.
 * @throws TransportError when the venue sent no usable interval.
 */
export function intervalHoursOf(minutes: string | undefined, contractId: string): number {
  const m = minutes === undefined ? Number.NaN : Number(minutes);
  if (!Number.isFinite(m) || m <= 0) {
    throw new TransportError(
      `edgeX sent no usable fundingRateIntervalMin for contract ${contractId}`,
      {
        venue: 'edgex',
      },
      { details: `Received ${String(minutes)}; funding cannot be compared across venues without it.` },
    );
  }
  return m / 60;
}

export function toMarket(c: EdgexContract, symbols: EdgexSymbols): core.Market {
  const tierMax = (c.riskTierList ?? [])
    .map((t) => optDec(t.maxLeverage))
    .filter((d): d is Decimal => d !== undefined)
    .reduce<Decimal | undefined>((a, b) => (a === undefined || b.gt(a) ? b : a), undefined);
  return {
    symbol: symbols.symbolOf(c.contractId),
    venueSymbol: c.contractId,
    tickSize: new Decimal(c.tickSize),
    lotSize: new Decimal(c.stepSize),
    minSize: new Decimal(c.minOrderSize),
    maxLeverage: optDec(c.displayMaxLeverage) ?? tierMax ?? new Decimal(c.defaultLeverage ?? '1'),
    makerFee: new Decimal(c.defaultMakerFeeRate),
    takerFee: new Decimal(c.defaultTakerFeeRate),
    fundingIntervalHours: intervalHoursOf(c.fundingRateIntervalMin, c.contractId),
    active: c.enableTrade,
  };
}

export function apr(rate: Decimal, intervalHours: number): Decimal {
  return rate.mul(HOURS_PER_YEAR).div(intervalHours);
}

/**
 * The rate that settles next, on every path (REST funding, stats, streams): `getLatestFundingRate.fundingRate`.
 * edgeX's OpenAPI (`FundingRate.fundingTime`): a period's rate is computed from the previous period's premium,
 * fixed at the period start (`fundingTime`) and settled at its end, so `fundingRate` settles at
 * `fundingTime + interval`. `forecastFundingRate` (what the ticker's `fundingRate` tracks, about 2.2x apart in the
 * docs' examples) is the running estimate for the period after that and is never used as the rate.
 */
export function toFundingRate(
  fr: EdgexFundingRate,
  symbols: EdgexSymbols,
  contractIntervalMin: string | undefined,
  now: number,
): core.FundingRate {
  const intervalHours = intervalHoursOf(fr.fundingRateIntervalMin ?? contractIntervalMin, fr.contractId);
  const rate = new Decimal(fr.fundingRate);
  const out: core.FundingRate = {
    symbol: symbols.symbolOf(fr.contractId),
    rate,
    intervalHours,
    apr: apr(rate, intervalHours),
    timestamp: fr.fundingTimestamp !== undefined ? Number(fr.fundingTimestamp) : now,
  };
  const ivMs = intervalHours * 3_600_000;
  const settles = fr.fundingTime !== undefined ? Number(fr.fundingTime) + ivMs : Number.NaN;
  // A stale record (its settlement already past) still names the rate; the settlement is the next boundary.
  out.nextFundingTime = settles > now ? settles : (Math.floor(now / ivMs) + 1) * ivMs;
  const mark = optDec(fr.oraclePrice);
  const index = optDec(fr.indexPrice);
  if (mark) out.markPrice = mark;
  if (index) out.indexPrice = index;
  return out;
}

/**
 * One settled row of `getFundingRatePage` (`isSettlement: true`). `time` is the row's `fundingTime`, the interval
 * boundary edgeX dates the settlement with (equal to `fundingTimestamp` in the docs' example). Read with X1 (see
 * {@link toFundingRate}) that is when the rate was fixed, i.e. the start of the period it pays for
 * [uncertain: whether the cash moves at `fundingTime` or one interval later is not settled by any source].
 * The interval is the row's own `fundingRateIntervalMin`, else the contract's.
 */
export function toFundingRecord(
  row: EdgexFundingRate,
  symbols: EdgexSymbols,
  contractIntervalMin: string | undefined,
): core.FundingRecord {
  const time = row.fundingTime !== undefined && row.fundingTime !== '0' ? row.fundingTime : row.fundingTimestamp;
  if (time === undefined || time === '0') {
    throw new TransportError(`edgeX funding row of ${row.contractId} has no fundingTime`, { venue: 'edgex' });
  }
  const out: core.FundingRecord = {
    symbol: symbols.symbolOf(row.contractId),
    time: Number(time),
    rate: new Decimal(row.fundingRate),
    intervalHours: intervalHoursOf(row.fundingRateIntervalMin ?? contractIntervalMin, row.contractId),
  };
  const mark = optDec(row.markPrice) ?? optDec(row.oraclePrice);
  if (mark?.gt(0)) out.markPrice = mark;
  return out;
}

/** A print of `trades.{contractId}`; `isBuyerMaker` false = the taker bought. */
export function toPublicTrade(t: EdgexTrade, symbols: EdgexSymbols): core.PublicTrade {
  const out: core.PublicTrade = {
    symbol: symbols.symbolOf(t.contractId),
    price: new Decimal(t.price),
    size: new Decimal(t.size).abs(),
    side: t.isBuyerMaker ? 'sell' : 'buy',
    timestamp: t.time,
  };
  if (t.ticketId !== undefined) out.id = t.ticketId;
  return out;
}

/**
 * The leverage edgeX applies to a contract, from the account's trade settings: the contract's own setting, else
 * the account default, each only when `isSetMaxLeverage` (OpenAPI `TradeSetting` priority). Undefined when neither
 * is set: edgeX then applies the contract's configuration, which this answer does not state.
 */
export function appliedLeverage(account: EdgexAccount, contractId: string): Decimal | undefined {
  for (const s of [account.contractIdToTradeSetting?.[contractId], account.defaultTradeSetting]) {
    if (!s || s.isSetMaxLeverage === false) continue;
    const lev = optDec(s.maxLeverage);
    if (lev?.gt(0)) return lev;
  }
  return undefined;
}

/**
 * Stats of one contract: prices, volume and open interest from the ticker, funding from the contract's
 * `getLatestFundingRate` record (see {@link toFundingRate}); the ticker's own `fundingRate` is the forecast.
 * Open interest is reported in contracts (base units) and converted to USD at the mark.
 */
export function toStats(t: EdgexTicker, fr: EdgexFundingRate, symbols: EdgexSymbols, now: number): core.MarketStats {
  const contract = symbols.contract(t.contractId);
  const mark = optDec(t.markPrice) ?? optDec(t.oraclePrice) ?? optDec(t.lastPrice);
  if (!mark) throw new TransportError(`edgeX ticker of ${t.contractId} has no price`, { venue: 'edgex' });
  const funding = toFundingRate(fr, symbols, contract.fundingRateIntervalMin, now);
  funding.markPrice = mark;
  const stats: core.MarketStats = {
    symbol: funding.symbol,
    markPrice: mark,
    volume24h: new Decimal(t.value ?? '0'),
    funding,
  };
  const index = optDec(t.indexPrice);
  const last = optDec(t.lastPrice);
  const bid = optDec(t.bestBidPrice);
  const ask = optDec(t.bestAskPrice);
  const oi = optDec(t.openInterest);
  if (index) stats.indexPrice = index;
  if (last) stats.lastPrice = last;
  if (bid) stats.bestBid = bid;
  if (ask) stats.bestAsk = ask;
  if (oi) stats.openInterest = oi.mul(mark);
  if (index) funding.indexPrice = index;
  return stats;
}

export function toBookLevel(l: EdgexLevel): core.BookLevel {
  return Array.isArray(l)
    ? { price: new Decimal(l[0]), size: new Decimal(l[1]) }
    : { price: new Decimal((l as { price: string }).price), size: new Decimal((l as { size: string }).size) };
}

export function toBookSnapshot(
  d: EdgexDepth,
  symbols: EdgexSymbols,
  now: number,
  depth?: number,
): core.OrderBookSnapshot {
  const bids = d.bids.map(toBookLevel).filter((l) => l.size.gt(0));
  const asks = d.asks.map(toBookLevel).filter((l) => l.size.gt(0));
  bids.sort((a, b) => b.price.cmp(a.price));
  asks.sort((a, b) => a.price.cmp(b.price));
  const snap: core.OrderBookSnapshot = {
    symbol: symbols.symbolOf(d.contractId),
    bids: depth === undefined ? bids : bids.slice(0, depth),
    asks: depth === undefined ? asks : asks.slice(0, depth),
    timestamp: now,
  };
  if (d.endVersion !== undefined && Number.isSafeInteger(Number(d.endVersion))) snap.sequence = Number(d.endVersion);
  return snap;
}

export function toCandle(k: EdgexKline): core.Candle {
  return {
    time: Number(k.klineTime),
    open: new Decimal(k.open),
    high: new Decimal(k.high),
    low: new Decimal(k.low),
    close: new Decimal(k.close),
    volume: new Decimal(k.size),
  };
}

const TIF: Record<string, core.TimeInForce> = {
  GOOD_TIL_CANCEL: 'GTT',
  POST_ONLY: 'POST_ONLY',
  IMMEDIATE_OR_CANCEL: 'IOC',
  FILL_OR_KILL: 'IOC',
};

function orderStatus(o: EdgexOrder, filled: Decimal): core.OrderStatus {
  switch (o.status) {
    case 'PENDING':
    case 'UNTRIGGERED':
      return 'pending';
    case 'OPEN':
    case 'CANCELING':
      // CANCELING still rests until the venue confirms; report it as live so nobody double-places.
      return filled.gt(0) ? 'partially_filled' : 'open';
    case 'FILLED':
      return 'filled';
    case 'CANCELED':
      return o.cancelReason === 'EXPIRE_CANCELED' ? 'expired' : 'cancelled';
  }
}

export function toOrder(o: EdgexOrder, symbols: EdgexSymbols): core.Order {
  const filled = optDec(o.cumFillSize) ?? new Decimal(0);
  const value = optDec(o.cumFillValue);
  const price = new Decimal(o.price);
  const out: core.Order = {
    id: o.id,
    symbol: symbols.symbolOf(o.contractId),
    side: o.side === 'BUY' ? 'buy' : 'sell',
    type: o.type === 'MARKET' ? 'market' : 'limit',
    timeInForce: TIF[o.timeInForce] ?? 'GTT',
    size: new Decimal(o.size),
    filledSize: filled,
    status: orderStatus(o, filled),
    reduceOnly: o.reduceOnly,
    createdAt: Number(o.createdTime),
    updatedAt: Number(o.updatedTime),
  };
  if (o.clientOrderId) out.clientOrderId = o.clientOrderId;
  if (price.gt(0)) out.price = price;
  if (filled.gt(0) && value) out.averageFillPrice = value.div(filled);
  return out;
}

export function toFill(f: EdgexFill, symbols: EdgexSymbols): core.Fill {
  return {
    id: f.id,
    orderId: f.orderId,
    symbol: symbols.symbolOf(f.contractId),
    side: f.orderSide === 'BUY' ? 'buy' : 'sell',
    price: new Decimal(f.fillPrice),
    size: new Decimal(f.fillSize),
    fee: new Decimal(f.fillFee),
    liquidity: f.direction === 'MAKER' ? 'maker' : 'taker',
    timestamp: Number(f.matchTime),
  };
}

/**
 * A `SETTLE_FUNDING_FEE` position transaction. `deltaFundingFee` is read as the cash the account received
 * (negative = paid) [uncertain sign, edgex.md has no example; the simulator follows the same reading].
 */
export function toFundingPayment(t: EdgexPositionTransaction, symbols: EdgexSymbols): core.FundingPayment {
  // Trade rows write fundingTime "0"; the schema guarantees one of the two times.
  const time = t.fundingTime !== undefined && t.fundingTime !== '0' ? t.fundingTime : t.createdTime;
  const out: core.FundingPayment = {
    symbol: symbols.symbolOf(t.contractId),
    amount: optDec(t.deltaFundingFee) ?? new Decimal(0),
    timestamp: Number(time),
  };
  const rate = optDec(t.fundingRate);
  const size = optDec(t.fundingPositionSize) ?? optDec(t.beforeOpenSize);
  if (rate) out.rate = rate;
  if (size) out.positionSize = size;
  return out;
}

/**
 * Balance of the collateral coin. `collateral` is derived as equity − unrealised PnL rather than read from
 * `collateralList.amount`, which in StarkEx accounting is net of positions' open value.
 */
export function toBalance(a: EdgexAccountAsset, symbols: EdgexSymbols): core.Balance {
  const model = a.collateralAssetModelList[0];
  if (!model) throw new TransportError('edgeX getAccountAsset returned no collateral asset', { venue: 'edgex' });
  const upnl = a.positionAssetList.reduce((s, p) => s.add(p.unrealizePnl), new Decimal(0));
  const equity = new Decimal(model.totalEquity);
  const out: core.Balance = {
    currency: symbols.coin(model.coinId)?.coinName ?? 'USD',
    collateral: equity.sub(upnl),
    equity,
    availableMargin: new Decimal(model.availableAmount),
    unrealizedPnl: upnl,
  };
  const im = optDec(model.initialMarginRequirement);
  if (im) out.initialMarginUsed = im;
  return out;
}

/** Open positions: size from `positionList`, prices and PnL from `positionAssetList`. */
export function toPositions(a: EdgexAccountAsset, symbols: EdgexSymbols): core.Position[] {
  const assets = new Map(a.positionAssetList.map((p) => [p.contractId, p]));
  const out: core.Position[] = [];
  for (const p of a.positionList) {
    const size = new Decimal(p.openSize);
    if (size.isZero()) continue;
    const asset = assets.get(p.contractId);
    const value = new Decimal(asset?.positionValue ?? p.openValue);
    const entry = optDec(asset?.avgEntryPrice) ?? new Decimal(p.openValue).div(size).abs();
    const liq = optDec(asset?.liquidatePrice);
    const pos: core.Position = {
      symbol: symbols.symbolOf(p.contractId),
      size,
      entryPrice: entry,
      markPrice: value.div(size).abs(),
      unrealizedPnl: new Decimal(asset?.unrealizePnl ?? '0'),
      notional: value.abs(),
    };
    if (asset) pos.liquidationPrice = liq === undefined || liq.lte(0) ? null : liq;
    const lev = optDec(asset?.maxLeverage);
    if (lev?.gt(0)) pos.leverage = lev;
    out.push(pos);
  }
  return out;
}
