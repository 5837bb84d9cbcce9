import {
  Decimal,
  type DecimalInput,
  isMultipleOf,
  type PlaceOrderParameters,
  type TimeInForce,
  toDecimal,
} from '@dn/core';
import { type AccountState, cash, ZERO } from './account.js';
import type { EngineCore, MarketState } from './engine-core.js';
import { SimRejectError } from './errors.js';
import { leverageOf, summary } from './margin.js';
import { applyOrderRules, orderRulesOf } from './order-rules.js';
import { touch, wouldCross } from './prices.js';

/** An order that passed every check: what `placeOrder` books and matches. */
export interface ValidOrder {
  mkt: MarketState;
  /** Context of a rejection after validation (an injected fault). */
  ctx: { accountId: string; symbol: string; clientOrderId: string | undefined };
  isMarket: boolean;
  tif: TimeInForce;
  /** Clipped to the position when reduce-only. */
  size: Decimal;
  /** The limit price, or a market order's slippage-bounded limit. */
  limit: Decimal;
  reduceOnly: boolean;
}

/**
 * The venue's checks of a new order, in the venue's order: the first that fails is the rejection.
 * @throws SimRejectError with a stable code.
 */
export function validateOrder(
  core: EngineCore,
  acct: AccountState,
  accountId: string,
  params: PlaceOrderParameters,
): ValidOrder {
  const cid = params.clientOrderId;
  const mkt = core.requireMarket(params.symbol, accountId);
  const m = mkt.market;
  const ctx = { accountId, symbol: m.symbol, clientOrderId: cid };
  if (!m.active) throw new SimRejectError('MARKET_INACTIVE', `${m.symbol} is not trading`, ctx);
  if (params.side !== 'buy' && params.side !== 'sell') {
    throw new SimRejectError('INVALID_PARAMS', 'side must be buy or sell', { ...ctx, field: 'side' });
  }
  if (params.type !== 'market' && params.type !== 'limit') {
    throw new SimRejectError('INVALID_PARAMS', 'type must be market or limit', { ...ctx, field: 'type' });
  }
  const isMarket = params.type === 'market';
  const tif = params.timeInForce ?? (isMarket ? 'IOC' : 'GTT');
  if (isMarket && tif !== 'IOC') {
    throw new SimRejectError('INVALID_PARAMS', 'market orders are IOC', { ...ctx, field: 'timeInForce' });
  }
  if (tif !== 'GTT' && tif !== 'IOC' && tif !== 'POST_ONLY') {
    throw new SimRejectError('INVALID_PARAMS', 'unknown time in force', { ...ctx, field: 'timeInForce' });
  }
  let size = steppedParam(params.size, 'size', 'INVALID_SIZE', m.lotSize, ctx);
  // The price is only checked here; applyOrderRules reads it from params.
  if (params.price !== undefined) {
    steppedParam(params.price, 'price', 'INVALID_PRICE', m.tickSize, ctx);
  } else if (!isMarket) {
    throw new SimRejectError('INVALID_PRICE', 'limit orders need a price', { ...ctx, field: 'price' });
  }
  const now = core.cursor;
  if (params.expiresAt !== undefined) {
    if (tif !== 'GTT' && tif !== 'POST_ONLY') {
      throw new SimRejectError('INVALID_EXPIRY', 'only resting orders expire', { ...ctx, field: 'expiresAt' });
    }
    if (!Number.isSafeInteger(params.expiresAt) || params.expiresAt <= now) {
      throw new SimRejectError('INVALID_EXPIRY', 'expiresAt must be a future time in ms', {
        ...ctx,
        field: 'expiresAt',
        value: String(params.expiresAt),
      });
    }
  }
  let slippage = m.marketOrderSlippage;
  if (params.slippage !== undefined) {
    slippage = decimalParam(params.slippage, 'slippage', 'INVALID_PARAMS', ctx);
    if (!slippage.gt(0) || !slippage.lt(1)) {
      throw new SimRejectError('INVALID_PARAMS', 'slippage must be in (0, 1)', { ...ctx, field: 'slippage' });
    }
  }
  const reduceOnly = params.reduceOnly === true;
  const pos = acct.positions.get(m.symbol)?.size ?? ZERO;
  const closing = (params.side === 'buy' && pos.lt(0)) || (params.side === 'sell' && pos.gt(0));
  if (reduceOnly) {
    if (!closing) {
      throw new SimRejectError(
        'REDUCE_ONLY_NOTHING_TO_REDUCE',
        `no ${params.side === 'buy' ? 'short' : 'long'} to reduce`,
        ctx,
      );
    }
    if (size.gt(pos.abs())) size = pos.abs();
  }
  const { bestBid, bestAsk } = touch(core.world, mkt, now);
  // The venue's own rules (core normalizeOrder): minimums with its reduce-only rule, the market order's limit.
  const limit = applyOrderRules(
    params,
    size,
    params.side === 'buy' ? bestAsk : bestBid,
    slippage,
    m,
    orderRulesOf(core.venue),
    ctx,
  );
  if (tif === 'POST_ONLY' && wouldCross(core.world, mkt, params.side, limit, now)) {
    throw new SimRejectError('POST_ONLY_WOULD_CROSS', 'post-only order would take liquidity', {
      ...ctx,
      value: limit.toString(),
    });
  }
  if (!reduceOnly) {
    const lev = leverageOf(core, acct, m);
    const increase = closing ? Decimal.max(size.sub(pos.abs()), ZERO) : size;
    const feeRate = Decimal.max(tif === 'POST_ONLY' ? m.makerFee : m.takerFee, ZERO);
    const required = increase.mul(limit).div(lev).add(size.mul(limit).mul(feeRate));
    const available = summary(core, acct).availableMargin;
    if (required.gt(available)) {
      throw new SimRejectError(
        'INSUFFICIENT_MARGIN',
        `order needs ${cash(required, Decimal.ROUND_UP).toString()} USD of margin, ${cash(available).toString()} available`,
        ctx,
      );
    }
  }
  return { mkt, ctx, isMarket, tif, size, limit, reduceOnly };
}

function decimalParam(
  v: DecimalInput,
  field: string,
  code: 'INVALID_SIZE' | 'INVALID_PRICE' | 'INVALID_PARAMS',
  ctx: object,
): Decimal {
  try {
    return toDecimal(v, field);
  } catch {
    throw new SimRejectError(code, `${field} is not a decimal number`, { ...ctx, field, value: String(v) });
  }
}

/** A size or price: a decimal, positive and a whole multiple of the market's lot or tick. */
function steppedParam(
  v: DecimalInput,
  field: 'size' | 'price',
  code: 'INVALID_SIZE' | 'INVALID_PRICE',
  step: Decimal,
  ctx: object,
): Decimal {
  const d = decimalParam(v, field, code, ctx);
  if (!d.gt(0) || !isMultipleOf(d, step)) {
    throw new SimRejectError(code, `${field} must be a positive multiple of ${step.toString()}`, {
      ...ctx,
      field,
      value: d.toString(),
      expected: `multiple of ${step.toString()}`,
    });
  }
  return d;
}
