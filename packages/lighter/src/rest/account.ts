import { LIGHTER_WEIGHT } from '../config.js';
import { getJson } from '../http-json.js';
import {
  accountResponseSchema,
  apiKeysResponseSchema,
  type LighterAccountResponse,
  type LighterApiKeysResponse,
  nextNonceResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';

export interface GetAccountParameters {
  accountIndex: bigint;
}
export type GetAccountReturnType = LighterAccountResponse;

/** `GET /api/v1/account?by=index`: collateral, balances and positions of one account. */
export function getAccount(ctx: LighterRestContext, params: GetAccountParameters): Promise<GetAccountReturnType> {
  return getJson(ctx, '/api/v1/account', accountResponseSchema, { by: 'index', value: params.accountIndex });
}

export interface GetApiKeysParameters {
  accountIndex: bigint;
  /** One key; 255 (default) = every key of the account. */
  apiKeyIndex?: number;
}
export type GetApiKeysReturnType = LighterApiKeysResponse;

/** `GET /api/v1/apikeys`: registered API public keys (255 = every key of the account). */
export function getApiKeys(ctx: LighterRestContext, params: GetApiKeysParameters): Promise<GetApiKeysReturnType> {
  return getJson(
    ctx,
    '/api/v1/apikeys',
    apiKeysResponseSchema,
    { account_index: params.accountIndex, api_key_index: params.apiKeyIndex ?? 255 },
    { weight: LIGHTER_WEIGHT.apikeys },
  );
}

export interface GetNextNonceParameters {
  accountIndex: bigint;
  apiKeyIndex: number;
}
/** The nonce the next tx of this (account, API key) must carry. */
export type GetNextNonceReturnType = bigint;

/** `GET /api/v1/nextNonce`: the nonce the next tx of this (account, API key) must carry. */
export async function getNextNonce(
  ctx: LighterRestContext,
  params: GetNextNonceParameters,
): Promise<GetNextNonceReturnType> {
  const r = await getJson(
    ctx,
    '/api/v1/nextNonce',
    nextNonceResponseSchema,
    { account_index: params.accountIndex, api_key_index: params.apiKeyIndex },
    { weight: LIGHTER_WEIGHT.nonce },
  );
  return r.nonce;
}
