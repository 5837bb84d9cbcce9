import * as wire from '../wire.js';
import { getJson, LIGHTER_WEIGHT, type LighterRestContext } from './context.js';

/** `GET /api/v1/account?by=index`: collateral, balances and positions of one account. */
export function getAccount(ctx: LighterRestContext, accountIndex: bigint) {
  return getJson(ctx, '/api/v1/account', wire.accountResponse, { by: 'index', value: accountIndex });
}

/** `GET /api/v1/apikeys`: registered API public keys (255 = every key of the account). */
export function getApiKeys(ctx: LighterRestContext, accountIndex: bigint, apiKeyIndex = 255) {
  return getJson(
    ctx,
    '/api/v1/apikeys',
    wire.apiKeysResponse,
    { account_index: accountIndex, api_key_index: apiKeyIndex },
    { weight: LIGHTER_WEIGHT.apikeys },
  );
}

/** `GET /api/v1/nextNonce`: the nonce the next tx of this (account, API key) must carry. */
export async function getNextNonce(ctx: LighterRestContext, accountIndex: bigint, apiKeyIndex: number) {
  const r = await getJson(
    ctx,
    '/api/v1/nextNonce',
    wire.nextNonceResponse,
    { account_index: accountIndex, api_key_index: apiKeyIndex },
    { weight: LIGHTER_WEIGHT.nonce },
  );
  return r.nonce;
}
