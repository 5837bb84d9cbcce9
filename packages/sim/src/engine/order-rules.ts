import {
  type Decimal,
  isDnError,
  type Market,
  normalizeOrder,
  type OrderRules,
  type PlaceOrderParameters,
} from '@dn/core';
import { EDGEX_ORDER_RULES } from '@dn/edgex';
import { EXTENDED_ORDER_RULES } from '@dn/extended';
import { LIGHTER_ORDER_RULES } from '@dn/lighter';
import { PACIFICA_ORDER_RULES } from '@dn/pacifica';
import { type SimRejectContext, SimRejectError } from './errors.js';

/**
 * The rules each connector states for its venue, so paper mode accepts and refuses what the venue does. An unknown
 * (test) venue lets a reduce-only close through whatever its size, as most venues do.
 */
export function orderRulesOf(venue: string): OrderRules {
  switch (venue) {
    case 'extended':
      return EXTENDED_ORDER_RULES;
    case 'pacifica':
      return PACIFICA_ORDER_RULES;
    case 'edgex':
      return EDGEX_ORDER_RULES;
    case 'lighter':
      return LIGHTER_ORDER_RULES;
    default:
      return { venue, reduceOnlyMinimums: 'waived' };
  }
}

/**
 * The core order rules applied by the engine to an order already on the lot and tick (the engine refuses, never
 * rounds, what a client sends): minimum size and notional with the venue's reduce-only rule, and a market order's
 * limit from the best price and band (`marketablePrice`). Returns the limit the order rests or matches at.
 * @throws SimRejectError INVALID_SIZE / INVALID_PRICE / INVALID_PARAMS naming the field.
 */
export function applyOrderRules(
  params: PlaceOrderParameters,
  size: Decimal,
  best: Decimal,
  slippage: Decimal,
  market: Market,
  rules: OrderRules,
  ctx: SimRejectContext,
): Decimal {
  try {
    return normalizeOrder({ ...params, size, slippage }, market, rules, { best, defaultSlippage: slippage }).price;
  } catch (e) {
    if (!isDnError(e, 'INVALID_INPUT')) throw e;
    const field = e.context.field;
    const code = field === 'size' ? 'INVALID_SIZE' : field === 'price' ? 'INVALID_PRICE' : 'INVALID_PARAMS';
    throw new SimRejectError(code, e.shortMessage, {
      ...ctx,
      ...(field !== undefined ? { field } : {}),
      ...(e.context.value !== undefined ? { value: String(e.context.value) } : {}),
      ...(e.context.expected !== undefined ? { expected: e.context.expected } : {}),
    });
  }
}
