import { randomUUID } from 'node:crypto';
import { type Clock, errorSummary, isDnError, isTerminalStatus, type Order } from '@dn/core';
import type { BandedOrder } from './ioc.js';
import { type RetryPolicy, withRetry } from './retry.js';

/** Reduce-only; `size` is never more than the position's absolute size when it was last read. */
export type CloseOrderRequest = BandedOrder;

export interface CloseOrderDeps {
  clock: Clock;
  retry: RetryPolicy;
  /** Reads of the order's state after sending, before giving up on learning it. */
  confirmReads: number;
  confirmIntervalMs: number;
}

export type CloseOrderOutcome =
  /** The venue said no: nothing executed. */
  | { kind: 'rejected'; clientOrderId: string; reason: string }
  /** Accepted; `order` is the venue's record when it could be read back (a fill is only ever learned from it). */
  | { kind: 'sent'; clientOrderId: string; orderId?: string; order?: Order }
  /** Sent, outcome unknown (timeout, dropped connection): the caller re-reads the position, the only truth. */
  | { kind: 'unknown'; clientOrderId: string; reason: string };

/**
 * One reduce-only marketable limit IOC. The client id is a UUID (accepted by every venue's id rules) reused across
 * transient retries, so a venue that deduplicates cannot double it. Afterwards the order is read back; one that
 * the venue still shows working is cancelled, so no remainder of an emergency order rests on a book.
 */
export async function sendCloseOrder(req: CloseOrderRequest, deps: CloseOrderDeps): Promise<CloseOrderOutcome> {
  const clientOrderId = randomUUID();
  let orderId: string | undefined;
  try {
    const ack = await withRetry(
      () =>
        req.venue.placeOrder({
          symbol: req.symbol,
          side: req.side,
          type: 'market',
          size: req.size,
          timeInForce: 'IOC',
          reduceOnly: true,
          clientOrderId,
          slippage: req.band,
        }),
      deps.clock,
      deps.retry,
    );
    orderId = ack.orderId;
  } catch (e) {
    if (isDnError(e, 'VENUE_REJECTED') || isDnError(e, 'INVALID_INPUT')) {
      return { kind: 'rejected', clientOrderId, reason: errorSummary(e) };
    }
    if (isDnError(e, 'TRANSPORT') || isDnError(e, 'RATE_LIMITED')) {
      // By the PerpVenue contract these had no effect: the order does not exist.
      return { kind: 'rejected', clientOrderId, reason: errorSummary(e) };
    }
    const order = await settle(req, clientOrderId, undefined, deps);
    if (order) return { kind: 'sent', clientOrderId, orderId: order.id, order };
    return { kind: 'unknown', clientOrderId, reason: errorSummary(e) };
  }
  const order = await settle(req, clientOrderId, orderId, deps);
  return { kind: 'sent', clientOrderId, orderId: order?.id ?? orderId, order };
}

/** Reads the order until it is terminal; cancels it if it is still working after the last read. */
async function settle(
  req: CloseOrderRequest,
  clientOrderId: string,
  orderId: string | undefined,
  deps: CloseOrderDeps,
): Promise<Order | undefined> {
  let last: Order | undefined;
  const query = orderId !== undefined ? { symbol: req.symbol, orderId } : { symbol: req.symbol, clientOrderId };
  for (let i = 0; i < deps.confirmReads; i++) {
    if (i > 0) await deps.clock.sleep(deps.confirmIntervalMs);
    try {
      last = (await req.venue.getOrder(query)) ?? undefined;
    } catch {
      continue;
    }
    if (last && isTerminalStatus(last.status)) return last;
  }
  if (last && !isTerminalStatus(last.status)) {
    await withRetry(
      () => req.venue.cancelOrder({ symbol: req.symbol, orderId: last?.id }),
      deps.clock,
      deps.retry,
    ).catch(() => undefined);
  }
  return last;
}
