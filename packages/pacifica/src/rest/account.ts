import { z } from 'zod';
import {
  accountOf,
  getData,
  getPage,
  historyQuery,
  type PacificaRestContext,
  type Page,
  postAction,
  UnsignedAction,
} from '../http.js';
import { buildUpdateLeverage, buildUpdateMarginMode } from '../payloads/account.js';
import { symbol as checkSymbol } from '../payloads/validate.js';
import { PACIFICA_REST_PATHS } from '../signing/operation-types.js';
import {
  accountSchema,
  accountSettingsSchema,
  fundingPaymentSchema,
  type PacificaAccount,
  type PacificaFundingPayment,
  type PacificaMarginSetting,
  type PacificaPosition,
  type PacificaTrade,
  positionSchema,
  tradeHistorySchema,
} from '../wire/index.js';

export type GetAccountParameters = { account?: string };
export type GetAccountReturnType = PacificaAccount;

/** `GET /account`: balance, equity, available margin, fee level of the account. */
export function getAccount(ctx: PacificaRestContext, params: GetAccountParameters = {}): Promise<GetAccountReturnType> {
  return getData(ctx, '/account', { account: accountOf(ctx, params.account) }, accountSchema);
}

export type GetAccountSettingsParameters = { account?: string };
export type GetAccountSettingsReturnType = PacificaMarginSetting[];

/** `GET /account/settings`: markets whose margin mode or leverage differ from the defaults. */
export function getAccountSettings(
  ctx: PacificaRestContext,
  params: GetAccountSettingsParameters = {},
): Promise<GetAccountSettingsReturnType> {
  return getData(ctx, '/account/settings', { account: accountOf(ctx, params.account) }, accountSettingsSchema);
}

export type GetPositionsParameters = { account?: string };
export type GetPositionsReturnType = PacificaPosition[];

/** `GET /positions`: open positions (no mark price or uPnL: combine with `/info/prices`). */
export function getPositions(
  ctx: PacificaRestContext,
  params: GetPositionsParameters = {},
): Promise<GetPositionsReturnType> {
  return getData(ctx, '/positions', { account: accountOf(ctx, params.account) }, z.array(positionSchema));
}

export interface HistoryPageParameters {
  account?: string;
  limit?: number;
  cursor?: string;
}

export type GetTradeHistoryParameters = HistoryPageParameters & {
  symbol?: string;
  startTime?: number;
  endTime?: number;
};
export type GetTradeHistoryReturnType = Page<PacificaTrade>;

/** `GET /trades/history`: the account's fills, newest first. */
export function getTradeHistory(
  ctx: PacificaRestContext,
  params: GetTradeHistoryParameters = {},
): Promise<GetTradeHistoryReturnType> {
  return getPage(
    ctx,
    '/trades/history',
    {
      account: accountOf(ctx, params.account),
      symbol: params.symbol === undefined ? undefined : checkSymbol(params.symbol),
      start_time: params.startTime,
      end_time: params.endTime,
      limit: params.limit,
      cursor: params.cursor,
    },
    tradeHistorySchema,
  );
}

export type GetFundingHistoryParameters = HistoryPageParameters;
export type GetFundingHistoryReturnType = Page<PacificaFundingPayment>;

/** `GET /funding/history`: the account's hourly funding payments, newest first. */
export function getFundingHistory(
  ctx: PacificaRestContext,
  params: GetFundingHistoryParameters = {},
): Promise<GetFundingHistoryReturnType> {
  return getPage(ctx, '/funding/history', historyQuery(ctx, params), fundingPaymentSchema);
}

export type UpdateLeverageParameters = { symbol: string; leverage: number };

/** `update_leverage`. With a position open the venue only lets leverage go up. */
export async function updateLeverage(ctx: PacificaRestContext, params: UpdateLeverageParameters): Promise<void> {
  await postAction(
    ctx,
    PACIFICA_REST_PATHS.update_leverage,
    new UnsignedAction(buildUpdateLeverage(params)),
    undefined,
    {
      operation: 'update_leverage',
    },
  );
}

export type UpdateMarginModeParameters = { symbol: string; isolated: boolean };

/** `update_margin_mode`. Refused while a position is open in the market. */
export async function updateMarginMode(ctx: PacificaRestContext, params: UpdateMarginModeParameters): Promise<void> {
  await postAction(
    ctx,
    PACIFICA_REST_PATHS.update_margin_mode,
    new UnsignedAction(buildUpdateMarginMode(params)),
    undefined,
    { operation: 'update_margin_mode' },
  );
}
