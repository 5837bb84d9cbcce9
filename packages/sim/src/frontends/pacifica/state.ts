import type { Clock, Decimal } from '@dn/core';
import type { SimEngine, SimOrder } from '../../engine/index.js';
import { orderAmounts, orderStatus, orderType } from './wire.js';

/** What the front-end keeps beyond the engine: agent bindings, margin modes, order events, `li`. */
export class PacificaSimState {
  /** Bound agent wallet public key → account public key. */
  readonly agents = new Map<string, string>();
  /** account → symbol → isolated. Isolated margin is recorded, not simulated (the engine is cross only). */
  readonly marginModes = new Map<string, Map<string, boolean>>();
  /** order id → events, newest first (`/orders/history_by_id`). */
  private readonly orderEvents = new Map<string, object[]>();
  private historyId = 0;
  /** Exchange-wide monotonic counter sent as `li` / `last_order_id`. */
  li = 0;

  constructor(
    readonly engine: SimEngine,
    readonly clock: Clock,
  ) {}

  /** Records an engine order event; returns the Pacifica event type (`oe`). */
  recordOrder(order: SimOrder): string {
    this.li += 1;
    const event = orderEventType(order, this.orderEvents.has(order.id));
    const list = this.orderEvents.get(order.id) ?? [];
    this.historyId += 1;
    list.unshift({
      history_id: this.historyId,
      ...orderAmounts(order),
      event_type: event,
      order_type: orderType(order),
      order_status: orderStatus(order),
      stop_price: null,
      stop_parent_order_id: null,
      reduce_only: order.reduceOnly,
      created_at: order.updatedAt,
    });
    this.orderEvents.set(order.id, list.slice(0, 100));
    return event;
  }

  eventsOf(orderId: string): object[] | undefined {
    return this.orderEvents.get(orderId);
  }

  isolated(account: string, symbol: string): boolean {
    return this.marginModes.get(account)?.get(symbol) ?? false;
  }

  hasOpenPosition(account: string, symbol: string): boolean {
    return this.engine.positions(account).some((p) => p.symbol === symbol && !p.size.isZero());
  }

  /** Cumulative funding of the open position of `symbol` (payments since it was last flat, approx.). */
  fundingOf(account: string, symbol: string, since: number): Decimal | undefined {
    let sum: Decimal | undefined;
    for (const p of this.engine.fundingPayments(account, { symbol, since })) sum = sum ? sum.add(p.amount) : p.amount;
    return sum;
  }
}

function orderEventType(o: SimOrder, known: boolean): string {
  if (o.status === 'cancelled' || o.status === 'expired') {
    if (o.cancelReason === 'self_trade') return 'self_trade_prevented';
    if (o.cancelReason === 'expired') return 'expired';
    if (o.cancelReason === 'liquidation') return 'force_cancel';
    if (o.filledSize.gt(0) && !known) return o.type === 'market' ? 'fulfill_market' : 'fulfill_limit';
    return 'cancel';
  }
  if (o.filledSize.gt(0)) return o.type === 'market' ? 'fulfill_market' : 'fulfill_limit';
  return 'make';
}
