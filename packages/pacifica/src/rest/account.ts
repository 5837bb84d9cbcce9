import { z } from 'zod';
import {
  type AccountParameters,
  accountOf,
  getAccountData,
  getPage,
  historyQuery,
  type PacificaRestContext,
  type Page,
  postOperation,
} from '../http.js';
import { buildUpdateLeverage, buildUpdateMarginMode } from '../payloads/account.js';
import { symbol as checkSymbol } from '../payloads/validate.js';
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

export type GetAccountParameters = AccountParameters;
export type GetAccountReturnType = PacificaAccount;

/** `GET /account`: balance, equity, available margin, fee level of the account. */
export function getAccount(ctx: PacificaRestContext, params: GetAccountParameters = {}): Promise<GetAccountReturnType> {
  return getAccountData(ctx, '/account', params, accountSchema);
}

export type GetAccountSettingsParameters = AccountParameters;
export type GetAccountSettingsReturnType = PacificaMarginSetting[];

/** `GET /account/settings`: markets whose margin mode or leverage differ from the defaults. */
export function getAccountSettings(
  ctx: PacificaRestContext,
  params: GetAccountSettingsParameters = {},
): Promise<GetAccountSettingsReturnType> {
  return getAccountData(ctx, '/account/settings', params, accountSettingsSchema);
}

export type GetPositionsParameters = AccountParameters;
export type GetPositionsReturnType = PacificaPosition[];

/** `GET /positions`: open positions (no mark price or uPnL: combine with `/info/prices`). */
export function getPositions(
  ctx: PacificaRestContext,
  params: GetPositionsParameters = {},
): Promise<GetPositionsReturnType> {
  return getAccountData(ctx, '/positions', params, z.array(positionSchema));
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
  await postOperation(ctx, buildUpdateLeverage(params), undefined);
}

export type UpdateMarginModeParameters = { symbol: string; isolated: boolean };

/** `update_margin_mode`. Refused while a position is open in the market. */
export async function updateMarginMode(ctx: PacificaRestContext, params: UpdateMarginModeParameters): Promise<void> {
  await postOperation(ctx, buildUpdateMarginMode(params), undefined);
}
