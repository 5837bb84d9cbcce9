import {
  type Clock,
  Decimal,
  errorSummary,
  isDnError,
  isTerminalStatus,
  type Logger,
  type Order,
  type PerpVenue,
  type Side,
  type UnifiedSymbol,
  type VenueRejectedError,
} from '@dn/core';
import { type ExecutionEvent, emit } from './events.js';

/** A marketable limit IOC: `size` on `side`, priced at the best price moved by `band` across the book. */
export interface BandedOrder {
  venue: PerpVenue;
  symbol: UnifiedSymbol;
  side: Side;
  size: Decimal;
  /** Price band around the best price, as a fraction (0.005 = 0.5 %). */
  band: Decimal;
}

export interface IocRequest extends BandedOrder {
  reduceOnly: boolean;
  /** Derive it with `clientOrderId(pairId, label)` and persist it before calling: it is how a lost answer is found. */
  clientOrderId: string;
}

export type IocOutcome =
  /** The venue refused the order: nothing executed. */
  | { kind: 'rejected'; filled: Decimal; reason: string }
  /** Confirmed final: `filled` (possibly 0) read back from the venue. */
  | { kind: 'done'; filled: Decimal; averagePrice?: Decimal; orderId?: string }
  /** Could not learn the result within the deadline: the order may exist. Callers must not treat it as nothing. */
  | { kind: 'unknown'; filled: Decimal; reason: string };

/** How an IOC ended, for the metrics (a subset of @dn/ops' order outcomes). */
export type IocMetricOutcome = 'filled' | 'partial' | 'unfilled' | 'rejected' | 'unknown';

export interface IocDeps {
  clock: Clock;
  log: Logger;
  /** How long to keep querying an order whose outcome is unknown, ms of clock time. */
  confirmTimeoutMs: number;
  /** Every IOC once its outcome is settled: venue, outcome, real ms from send to outcome. Must not throw. */
  onOrder?: (venue: string, outcome: IocMetricOutcome, latencyMs: number) => void;
  /** Error code of a failed send (`VENUE_REJECTED`, `TIMEOUT`, …). Must not throw. */
  onError?: (code: string) => void;
  /** An `order` event per settled IOC. Must not throw. */
  onEvent?: (event: ExecutionEvent) => void;
}

/**
 * Sends a marketable limit IOC and reads the result back. Submission is never taken as a fill: the filled size
 * comes from the venue's order record, and an unknown send outcome is resolved by querying the client id — never by
 * sending again (a second order could double the leg).
 */
export async function placeIoc(req: IocRequest, deps: IocDeps): Promise<IocOutcome> {
  // Real time: latency is how fast the venue answers, which a sped-up simulated clock must not distort.
  const sentAt = performance.now();
  const outcome = await sendAndConfirm(req, deps);
  const latencyMs = performance.now() - sentAt;
  const metric = metricOutcome(outcome, req.size);
  deps.onOrder?.(req.venue.id, metric, latencyMs);
  emit(deps.onEvent, {
    type: 'order',
    venue: req.venue.id,
    symbol: req.symbol,
    side: req.side,
    size: req.size,
    reduceOnly: req.reduceOnly,
    clientOrderId: req.clientOrderId,
    outcome: metric,
    filled: outcome.filled,
    latencyMs,
  });
  return outcome;
}

function metricOutcome(o: IocOutcome, size: Decimal): IocMetricOutcome {
  if (o.kind !== 'done') return o.kind;
  if (o.filled.isZero()) return 'unfilled';
  return o.filled.gte(size) ? 'filled' : 'partial';
}

async function sendAndConfirm(req: IocRequest, deps: IocDeps): Promise<IocOutcome> {
  const { venue, symbol, side, size, reduceOnly, clientOrderId, band } = req;
  let orderId: string | undefined;
  try {
    const ack = await venue.placeOrder({
      symbol,
      side,
      type: 'market',
      size,
      timeInForce: 'IOC',
      reduceOnly,
      clientOrderId,
      slippage: band,
    });
    orderId = ack.orderId;
  } catch (e) {
    deps.onError?.(isDnError(e) ? e.code : 'UNKNOWN');
    if (isDnError(e, 'VENUE_REJECTED') && isDuplicate(e)) {
      // The venue already has an order with this client id (a retry of ours, or a previous process): it exists.
      deps.log.warn({ venue: venue.id, symbol, clientOrderId }, 'duplicate client id; confirming the existing order');
    } else if (isDnError(e, 'VENUE_REJECTED') || isDnError(e, 'INVALID_INPUT')) {
      return { kind: 'rejected', filled: new Decimal(0), reason: e.shortMessage };
    }
    // Timeout, dropped connection, 5xx after sending, rate limit on a retry: the order may exist. Query.
    deps.log.warn({ venue: venue.id, symbol, clientOrderId, err: errorSummary(e) }, 'order outcome unknown; querying');
  }
  return confirmOrder(req, orderId, deps);
}

/**
 * Reads an order back until it is final or `deps.confirmTimeoutMs` passes, by venue order id when known, else by
 * client id (the lost-answer lookup). An order still working after three reads is cancelled: an IOC must not rest.
 * An order the venue answers every query about as unknown was not placed (`done`, 0 filled).
 */
export async function confirmOrder(
  req: Pick<IocRequest, 'venue' | 'symbol' | 'clientOrderId'>,
  orderId: string | undefined,
  deps: Pick<IocDeps, 'clock' | 'confirmTimeoutMs'>,
): Promise<IocOutcome> {
  const deadline = deps.clock.now() + deps.confirmTimeoutMs;
  let last: Order | null = null;
  let lastError = '';
  let cancelSent = false;
  for (let attempt = 0; ; attempt++) {
    try {
      // One key only: some venues refuse a query naming both.
      last = await req.venue.getOrder(
        orderId ? { symbol: req.symbol, orderId } : { symbol: req.symbol, clientOrderId: req.clientOrderId },
      );
      if (last && isTerminalStatus(last.status)) {
        return { kind: 'done', filled: last.filledSize, averagePrice: last.averageFillPrice, orderId: last.id };
      }
      if (last && !cancelSent && attempt >= 2) {
        // An IOC should never rest; if the venue still shows it open, cancel so the remainder cannot fill later.
        cancelSent = true;
        await req.venue.cancelOrder({ symbol: req.symbol, orderId: last.id }).catch(() => undefined);
      }
    } catch (e) {
      lastError = errorSummary(e);
    }
    if (deps.clock.now() >= deadline) break;
    await deps.clock.sleep(Math.min(250 * 2 ** Math.min(attempt, 4), 2_000));
  }
  if (last === null && lastError === '') {
    // The venue answered every query and never heard of the order: it was not placed.
    return { kind: 'done', filled: new Decimal(0) };
  }
  return {
    kind: 'unknown',
    filled: last?.filledSize ?? new Decimal(0),
    reason: last ? `order still ${last.status}` : `queries failed: ${lastError}`,
  };
}

/** A rejection saying the client order id is already taken: the order it names exists. */
function isDuplicate(e: VenueRejectedError): boolean {
  return /duplicate/i.test(`${e.context.venueMessage ?? ''} ${e.shortMessage}`);
}
