import { z } from 'zod';
import { accountOf, type EdgexPageParameters, getPrivatePage } from '../params.js';
import {
  accountAssetSchema,
  accountSchema,
  type EdgexAccount,
  type EdgexAccountAsset,
  type EdgexPage,
  type EdgexPositionTransaction,
  positionTransactionSchema,
} from '../wire.js';
import type { EdgexHttp } from './http.js';

export type GetAccountAssetReturnType = EdgexAccountAsset;

/** `GET /api/{v}/private/account/getAccountAsset`: collateral, equity, available margin, positions with PnL. */
export function getAccountAsset(http: EdgexHttp): Promise<GetAccountAssetReturnType> {
  return http.get(http.privatePath('account/getAccountAsset'), { accountId: accountOf(http) }, accountAssetSchema);
}

export type GetAccountByIdReturnType = EdgexAccount;

/** `GET /api/{v}/private/account/getAccountById`: `l2Key`, fee and leverage settings. */
export function getAccountById(http: EdgexHttp): Promise<GetAccountByIdReturnType> {
  return http.get(http.privatePath('account/getAccountById'), { accountId: accountOf(http) }, accountSchema);
}

/** `size`: at most 100. */
export interface GetPositionTransactionPageParameters extends EdgexPageParameters {
  /** `SETTLE_FUNDING_FEE` = funding payments; `BUY_POSITION`, `SELL_POSITION`, … */
  filterTypeList?: readonly string[];
}

export type GetPositionTransactionPageReturnType = EdgexPage<EdgexPositionTransaction>;

/** `GET /api/{v}/private/account/getPositionTransactionPage`: position ledger, newest first. */
export function getPositionTransactionPage(
  http: EdgexHttp,
  params: GetPositionTransactionPageParameters = {},
): Promise<GetPositionTransactionPageReturnType> {
  const filters = { filterTypeList: params.filterTypeList };
  return getPrivatePage(http, 'account/getPositionTransactionPage', params, filters, positionTransactionSchema);
}

export type UpdateLeverageSettingParameters = { contractId: string; leverage: string };

/** `POST /api/{v}/private/account/updateLeverageSetting` (`contractId` "0" = the account default). */
export async function updateLeverageSetting(http: EdgexHttp, params: UpdateLeverageSettingParameters): Promise<void> {
  await http.post(
    http.privatePath('account/updateLeverageSetting'),
    { accountId: accountOf(http), contractId: params.contractId, leverage: params.leverage },
    z.unknown(),
    // Setting the same leverage twice has the same effect as once.
    { operation: 'updateLeverageSetting', idempotent: true },
  );
}
