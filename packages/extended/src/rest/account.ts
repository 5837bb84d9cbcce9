import { Decimal, VenueRejectedError } from '@dn/core';
import { z } from 'zod';
import { type ExtendedRestContext, privateGet, privateWrite } from '../http.js';
import {
  accountInfoSchema,
  balanceSchema,
  type ExtendedAccountInfo,
  type ExtendedBalance,
  type ExtendedFees,
  type ExtendedFundingPayment,
  type ExtendedLeverage,
  type ExtendedPosition,
  type ExtendedPositionHistory,
  type ExtendedTrade,
  feesSchema,
  fundingPaymentSchema,
  leverageSchema,
  listOrNullSchema,
  positionHistorySchema,
  positionSchema,
  tradeSchema,
} from '../wire.js';

/** One page of a cursor-paginated list (newest first); pass `cursor` back to get older items. */
export interface ExtendedPage<T> {
  items: T[];
  cursor: string | undefined;
}

export interface PageParameters {
  cursor?: string;
  limit?: number;
}

export type GetAccountInfoReturnType = ExtendedAccountInfo;

/** `GET /user/account/info`: account id, Stark public key (`l2Key`) and vault (`l2Vault`). */
export async function getAccountInfo(ctx: ExtendedRestContext): Promise<GetAccountInfoReturnType> {
  const r = await privateGet(ctx, 'getAccountInfo', '/user/account/info', accountInfoSchema);
  return r.data;
}

export type GetBalanceReturnType = ExtendedBalance;

/**
 * `GET /user/balance`. The venue answers 404 when the balance is zero (docs "Get balance"): that is returned as a
 * zero balance, not an error. A 404 that is not an Extended envelope (wrong base URL) still throws.
 */
export async function getBalance(ctx: ExtendedRestContext): Promise<GetBalanceReturnType> {
  try {
    const r = await privateGet(ctx, 'getBalance', '/user/balance', balanceSchema);
    return r.data;
  } catch (e) {
    if (isZeroBalanceAnswer(e)) return zeroBalance();
    throw e;
  }
}

function isZeroBalanceAnswer(e: unknown): boolean {
  if (!(e instanceof VenueRejectedError) || e.context.httpStatus !== 404) return false;
  // mapExtendedError only sets a venueCode from an Extended envelope.
  return e.context.venueCode !== undefined || /"status"\s*:/.test(e.context.venueMessage ?? '');
}

function zeroBalance(): ExtendedBalance {
  const zero = new Decimal(0);
  return {
    collateralName: 'USD',
    balance: zero,
    equity: zero,
    availableForTrade: zero,
    availableForWithdrawal: zero,
    unrealisedPnl: zero,
    initialMargin: zero,
    marginRatio: zero,
    exposure: zero,
    leverage: zero,
    updatedTime: undefined,
  };
}

export interface GetPositionsParameters {
  markets?: readonly string[];
  side?: 'LONG' | 'SHORT';
}

export type GetPositionsReturnType = ExtendedPosition[];

/**
 * `GET /user/positions`: open positions (size absolute, `side` LONG/SHORT). An explicit empty list is "flat"; a
 * missing or `null` list, or one row that cannot be read, is an error (the position is unknown, never zero).
 */
export async function getPositions(
  ctx: ExtendedRestContext,
  p: GetPositionsParameters = {},
): Promise<GetPositionsReturnType> {
  const r = await privateGet(ctx, 'getPositions', '/user/positions', z.array(positionSchema), {
    market: p.markets ?? [],
    side: p.side,
  });
  return r.data;
}

export interface GetPositionsHistoryParameters extends GetPositionsParameters, PageParameters {}
export type GetPositionsHistoryReturnType = ExtendedPage<ExtendedPositionHistory>;

/** `GET /user/positions/history`: closed and open positions with exit type and realised PnL. */
export async function getPositionsHistory(
  ctx: ExtendedRestContext,
  p: GetPositionsHistoryParameters = {},
): Promise<GetPositionsHistoryReturnType> {
  const r = await privateGet(
    ctx,
    'getPositionsHistory',
    '/user/positions/history',
    listOrNullSchema(positionHistorySchema),
    { market: p.markets ?? [], side: p.side, cursor: p.cursor, limit: p.limit },
  );
  return { items: r.data, cursor: r.cursor };
}

export interface GetTradesParameters extends PageParameters {
  markets?: readonly string[];
  type?: 'TRADE' | 'LIQUIDATION' | 'DELEVERAGE';
  side?: 'BUY' | 'SELL';
}

export type GetTradesReturnType = ExtendedPage<ExtendedTrade>;

/** `GET /user/trades`: the account's fills, newest first. */
export async function getTrades(ctx: ExtendedRestContext, p: GetTradesParameters = {}): Promise<GetTradesReturnType> {
  const r = await privateGet(ctx, 'getTrades', '/user/trades', listOrNullSchema(tradeSchema), {
    market: p.markets ?? [],
    type: p.type,
    side: p.side,
    cursor: p.cursor,
    limit: p.limit,
  });
  return { items: r.data, cursor: r.cursor };
}

export interface GetFundingPaymentsParameters extends PageParameters {
  markets?: readonly string[];
  side?: 'LONG' | 'SHORT';
  /** ms; required by the docs. */
  startTime: number;
  endTime?: number;
}

export type GetFundingPaymentsReturnType = ExtendedPage<ExtendedFundingPayment>;

/** `GET /user/funding/history`: hourly funding paid or received, newest first. */
export async function getFundingPayments(
  ctx: ExtendedRestContext,
  p: GetFundingPaymentsParameters,
): Promise<GetFundingPaymentsReturnType> {
  const r = await privateGet(
    ctx,
    'getFundingPayments',
    '/user/funding/history',
    listOrNullSchema(fundingPaymentSchema),
    {
      market: p.markets ?? [],
      side: p.side,
      startTime: p.startTime,
      endTime: p.endTime,
      cursor: p.cursor,
      limit: p.limit,
    },
  );
  return { items: r.data, cursor: r.cursor };
}

export interface GetFeesParameters {
  /** Venue market names; every market when absent. */
  markets?: readonly string[];
}
export type GetFeesReturnType = ExtendedFees[];

/** `GET /user/fees`: the account's maker/taker rates per market. */
export async function getFees(ctx: ExtendedRestContext, p: GetFeesParameters = {}): Promise<GetFeesReturnType> {
  const { markets } = p;
  const r = await privateGet(ctx, 'getFees', '/user/fees', listOrNullSchema(feesSchema), { market: markets ?? [] });
  return r.data;
}

export interface GetLeverageParameters {
  /** Venue market names; every market when absent. */
  markets?: readonly string[];
}
export type GetLeverageReturnType = ExtendedLeverage[];

/** `GET /user/leverage`: leverage per market. */
export async function getLeverage(
  ctx: ExtendedRestContext,
  p: GetLeverageParameters = {},
): Promise<GetLeverageReturnType> {
  const { markets } = p;
  const r = await privateGet(ctx, 'getLeverage', '/user/leverage', listOrNullSchema(leverageSchema), {
    market: markets ?? [],
  });
  return r.data;
}

export interface SetLeverageParameters {
  market: string;
  leverage: Decimal;
}
export type SetLeverageReturnType = ExtendedLeverage;

/**
 * `PATCH /user/leverage` with `{ market, leverage: "10" }`. The live venue answers `{"status":"OK","data":{}}`
 * (CCXT's captured response) and may answer with an empty body: both mean applied, and the value asked for is
 * returned. When `data` does carry `{market, leverage}`, that is returned.
 */
export async function setLeverage(ctx: ExtendedRestContext, p: SetLeverageParameters): Promise<SetLeverageReturnType> {
  const { market, leverage } = p;
  const answer = await privateWrite(ctx, {
    method: 'PATCH',
    path: '/user/leverage',
    body: { market, leverage: leverage.toFixed() },
    // Setting the same leverage twice has the same effect as once.
    idempotent: true,
    operation: 'setLeverage',
  });
  const echoed = leverageSchema.safeParse(answer);
  return echoed.success && echoed.data.market === market ? echoed.data : { market, leverage };
}
