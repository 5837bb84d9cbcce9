/** Results of signed write actions (REST and WS). */
import { zInt } from '@dn/core';
import { z } from 'zod';
import { zCloid, zId, zNullableId } from './fields.js';

// ───────────── write results ─────────────

export const orderIdResultSchema = z.object({ order_id: zId }).transform((r) => ({ orderId: r.order_id }));
export const cancelAllResultSchema = z
  .object({ cancelled_count: zInt })
  .transform((r) => ({ cancelledCount: r.cancelled_count }));

export const batchResultSchema = z
  .object({
    results: z.array(
      z
        .object({
          success: z.boolean(),
          order_id: zNullableId.optional(),
          client_order_id: zCloid.optional(),
          symbol: z.string().nullish(),
          error: z.string().nullish(),
        })
        .transform((r) => ({
          success: r.success,
          orderId: r.order_id ?? null,
          clientOrderId: r.client_order_id ?? null,
          symbol: r.symbol ?? null,
          error: r.error ?? null,
        })),
    ),
  })
  .transform((r) => r.results);
export type PacificaBatchResult = z.output<typeof batchResultSchema>;
