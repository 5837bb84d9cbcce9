import type { DecimalInput } from '@dn/core';
import { clientOrderId, oneOf, positiveDecimalString } from './validate.js';

export const TRIGGER_PRICE_TYPES = ['mark_price', 'last_trade_price', 'mid_price'] as const;
export type PacificaTriggerPriceType = (typeof TRIGGER_PRICE_TYPES)[number];

export interface TriggerParams {
  /** Price that triggers the order. */
  stopPrice: DecimalInput;
  /** Limit price once triggered; omit for a market order at trigger. */
  limitPrice?: DecimalInput;
  /** Size; omit on TP/SL to close the whole position. */
  amount?: DecimalInput;
  clientOrderId?: string;
  /**
   * Price the trigger watches. Defaults to `mark_price`: when omitted the venue watches the mid,
   * which is 0 on an empty book and would void a stop loss (pacifica-mcp live finding).
   */
  triggerPriceType?: PacificaTriggerPriceType;
}

export interface TriggerPayload {
  stop_price: string;
  limit_price?: string;
  amount?: string;
  client_order_id?: string;
  trigger_price_type: PacificaTriggerPriceType;
}

export function triggerPayload(params: TriggerParams, field: string): TriggerPayload {
  const stopPrice = positiveDecimalString(params.stopPrice, `${field}.stopPrice`);
  const triggerPriceType = oneOf(
    params.triggerPriceType ?? 'mark_price',
    `${field}.triggerPriceType`,
    TRIGGER_PRICE_TYPES,
  );
  return {
    stop_price: stopPrice,
    ...(params.limitPrice !== undefined && {
      limit_price: positiveDecimalString(params.limitPrice, `${field}.limitPrice`),
    }),
    ...(params.amount !== undefined && { amount: positiveDecimalString(params.amount, `${field}.amount`) }),
    ...(params.clientOrderId !== undefined && {
      client_order_id: clientOrderId(params.clientOrderId, `${field}.clientOrderId`),
    }),
    trigger_price_type: triggerPriceType,
  };
}
