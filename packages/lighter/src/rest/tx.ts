import { InvalidInputError, UnknownOutcomeError } from '@dn/core';
import type { z } from 'zod';
import { LIGHTER_MAX_BATCH_TXS, LIGHTER_WEIGHT } from '../config.js';
import {
  type LighterSendTxBatchResponse,
  type LighterSendTxResponse,
  sendTxBatchResponseSchema,
  sendTxResponseSchema,
} from '../wire.js';
import type { LighterRestContext } from './context.js';
import { multipartForm } from './multipart.js';

/**
 * POSTs a `multipart/form-data` tx form. Never retried after it may have reached the venue (a timeout is an
 * UnknownOutcomeError); a 2xx with code 200 whose body has no readable tx hash means the tx was most likely accepted,
 * so it is an UnknownOutcomeError too, never a failure.
 */
async function postTxForm<S extends z.ZodType>(
  ctx: LighterRestContext,
  path: string,
  fields: Record<string, string>,
  schema: S,
  operation: string,
  clientOrderId?: string,
): Promise<z.output<S>> {
  const form = multipartForm(fields);
  const data = await ctx.http.request({
    method: 'POST',
    path,
    body: form.body,
    headers: { 'Content-Type': form.contentType },
    weight: LIGHTER_WEIGHT.tx,
    operation,
    ...(clientOrderId !== undefined ? { clientOrderId } : {}),
  });
  try {
    return schema.parse(data);
  } catch (e) {
    throw new UnknownOutcomeError(
      `Lighter ${path} answered success with an unreadable body`,
      { venue: 'lighter', operation: `POST ${path}`, ...(clientOrderId !== undefined ? { clientOrderId } : {}) },
      { cause: e },
    );
  }
}

export interface SendTxParameters {
  txType: number;
  /** The signed tx JSON (`signTx`). */
  txInfo: string;
  priceProtection?: boolean;
  /** Carried into errors so an unknown outcome names the order. */
  clientOrderId?: string;
}
export type SendTxReturnType = LighterSendTxResponse;

/**
 * `POST /api/v1/sendTx` as `multipart/form-data` (as CCXT and nautilus_trader send it) with fields `tx_type`,
 * `tx_info` (the signed JSON string) and, only when given, `price_protection`.
 * Never retried after it may have reached the venue (a timeout is an UnknownOutcomeError).
 */
export async function sendTx(ctx: LighterRestContext, p: SendTxParameters): Promise<SendTxReturnType> {
  const fields = {
    tx_type: String(p.txType),
    tx_info: p.txInfo,
    ...(p.priceProtection !== undefined ? { price_protection: String(p.priceProtection) } : {}),
  };
  return postTxForm(ctx, '/api/v1/sendTx', fields, sendTxResponseSchema, 'sendTx', p.clientOrderId);
}

export type SendTxBatchParameters = readonly { txType: number; txInfo: string }[];
export type SendTxBatchReturnType = LighterSendTxBatchResponse;

/**
 * `POST /api/v1/sendTxBatch`: `tx_types` = JSON array of ints, `tx_infos` = JSON array of tx_info STRINGS.
 * @throws InvalidInputError for an empty batch, mismatched lengths or more than LIGHTER_MAX_BATCH_TXS.
 */
export async function sendTxBatch(ctx: LighterRestContext, txs: SendTxBatchParameters): Promise<SendTxBatchReturnType> {
  if (txs.length === 0 || txs.length > LIGHTER_MAX_BATCH_TXS) {
    throw new InvalidInputError(`A Lighter batch holds 1 … ${LIGHTER_MAX_BATCH_TXS} txs`, {
      field: 'txs',
      value: txs.length,
      venue: 'lighter',
    });
  }
  const fields = {
    tx_types: JSON.stringify(txs.map((t) => t.txType)),
    tx_infos: JSON.stringify(txs.map((t) => t.txInfo)),
  };
  return postTxForm(ctx, '/api/v1/sendTxBatch', fields, sendTxBatchResponseSchema, 'sendTxBatch');
}
