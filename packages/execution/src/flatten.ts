import {
  backoffDelay,
  Decimal,
  errorSummary,
  floorToStep,
  isMultipleOf,
  type Market,
  type Side,
  type UnifiedSymbol,
} from '@dn/core';
import { type CloseOrderOutcome, sendCloseOrder } from './close-order.js';
import { logFlattenEvent } from './flatten-log.js';
import {
  DEFAULT_FLATTEN_OPTIONS,
  type FlattenDeps,
  type FlattenEvent,
  type FlattenOptions,
  type FlattenResult,
  type HaltStatus,
  type OrderAttemptResult,
  type PositionResult,
  type VenueResult,
} from './flatten-types.js';
import { withRetry } from './retry.js';
import {
  type FlattenTarget,
  inScope,
  type OrderSnapshot,
  orderSnapshot,
  surveyVenue,
  type VenueSurvey,
} from './survey.js';
import type { HaltWriter } from './types.js';

/** Sweeps per venue: a position or order that appears while flattening (a bot's order filling) gets another one. */
const MAX_SWEEPS = 3;
/** Fill timestamps come from the venue's clock; look back a little so skew cannot hide our fills. */
const FILL_LOOKBACK_MS = 60_000;

interface Ctx {
  deps: FlattenDeps;
  options: FlattenOptions;
  symbols: ReadonlySet<UnifiedSymbol> | undefined;
  startedAt: number;
  emit: (e: FlattenEvent) => void;
}

/**
 * Flattens every venue in parallel: writes the halt sentinel first, then per venue cancels every open order,
 * closes every position with reduce-only marketable limit IOC orders (size = current |position|, band widening,
 * position re-read after each attempt, backoff between attempts) and verifies the end state by reading it back.
 * A venue that fails is reported; it never stops the others. Never throws for venue failures.
 */
export async function flatten(
  targets: readonly FlattenTarget[],
  deps: FlattenDeps,
  options: FlattenOptions = DEFAULT_FLATTEN_OPTIONS,
): Promise<FlattenResult> {
  if (!(Number.isSafeInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
    throw new RangeError(`maxAttempts must be a positive integer (got ${options.maxAttempts})`);
  }
  if (!options.initialBand.gt(0) || options.maxBand.lt(options.initialBand) || !options.maxBand.lt(1)) {
    throw new RangeError('price bands must satisfy 0 < initialBand <= maxBand < 1');
  }
  const emit = (e: FlattenEvent): void => {
    logFlattenEvent(deps.log, e);
    deps.onEvent?.(e);
  };
  const ctx: Ctx = {
    deps,
    options,
    symbols: options.symbols ? new Set(options.symbols) : undefined,
    startedAt: deps.clock.now(),
    emit,
  };
  const halt = options.dryRun
    ? { state: 'skipped-dry-run' as const }
    : (deps.haltStatus ?? (await writeHalt(deps.halt, targets, deps.haltBy)));
  emit({ type: 'halt', status: halt });
  const venues = await Promise.all(targets.map((t) => flattenVenue(t, ctx)));
  const flat =
    venues.length > 0 &&
    venues.every(
      (v) => v.reachable && v.openOrders.length === 0 && v.positions.every((p) => p.after?.isZero() === true),
    );
  return { flat, dryRun: options.dryRun, halt, venues, startedAt: ctx.startedAt, finishedAt: deps.clock.now() };
}

/** Writes the sentinel unless one is there (it may hold a bot's reason, which the operator needs). Never throws. */
export async function writeHalt(
  halt: HaltWriter | undefined,
  targets: readonly Pick<FlattenTarget, 'name'>[],
  by = 'dn-execution',
): Promise<HaltStatus> {
  if (!halt) return { state: 'disabled' };
  try {
    const existing = await halt.read();
    if (existing) return { state: 'already-present', path: halt.path, reason: existing.reason };
    await halt.write({
      reason: `${by}: flattening every position`,
      by,
      details: { venues: targets.map((t) => t.name) },
    });
    return { state: 'written', path: halt.path };
  } catch (e) {
    // Flattening matters more than the sentinel: go on, and say so loudly.
    return { state: 'failed', path: halt.path, error: errorSummary(e) };
  }
}

async function flattenVenue(target: FlattenTarget, ctx: Ctx): Promise<VenueResult> {
  const { options } = ctx;
  const survey = await surveyVenue(target, { symbols: ctx.symbols, clock: ctx.deps.clock, retry: options.retry });
  if (!survey.ok) {
    ctx.emit({ type: 'venue-unreachable', venue: target.name, error: survey.error });
    return {
      venue: target.name,
      reachable: false,
      error: survey.error,
      positions: [],
      openOrders: [],
      ordersCancelled: 0,
    };
  }
  if (options.dryRun) {
    return {
      venue: target.name,
      reachable: true,
      positions: survey.positions.map((p) => positionResult(untouched(target.name, p))),
      openOrders: survey.openOrders,
      ordersCancelled: 0,
    };
  }
  return executeVenue(target, survey, ctx);
}

async function executeVenue(
  target: FlattenTarget,
  survey: Extract<VenueSurvey, { ok: true }>,
  ctx: Ctx,
): Promise<VenueResult> {
  const results = new Map<UnifiedSymbol, Entry>();
  const attempted = new Set<UnifiedSymbol>();
  let orders = survey.openOrders;
  let positions = survey.positions.map((p) => ({ symbol: p.symbol, size: p.size }));
  let cancelled = 0;
  let error: string | undefined;

  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    // Orders first: a resting order could fill while we close and reopen what we just closed.
    if (orders.length > 0) {
      const remaining = await cancelOrders(target, orders, ctx);
      cancelled += orders.length - remaining.length;
    }
    const todo = positions.filter((p) => !attempted.has(p.symbol));
    for (const p of todo) {
      attempted.add(p.symbol);
      let entry = results.get(p.symbol);
      if (!entry) {
        entry = untouched(target.name, p);
        results.set(p.symbol, entry);
      }
      await closePosition(target, survey.markets.get(p.symbol), entry, ctx);
    }
    // Verify by reading back; anything new (a position or order that appeared meanwhile) gets another sweep.
    try {
      const [pos, open] = await Promise.all([readPositions(target, ctx), readOpenOrders(target, ctx)]);
      positions = pos;
      orders = open;
      error = undefined;
    } catch (e) {
      error = `final state unreadable: ${errorSummary(e)}`;
      for (const r of results.values()) r.after = undefined;
      break;
    }
    for (const r of results.values()) r.after = positions.find((p) => p.symbol === r.symbol)?.size ?? new Decimal(0);
    for (const p of positions) {
      if (!results.has(p.symbol)) {
        // Appeared during the run (e.g. a resting order filled before it was cancelled).
        results.set(p.symbol, untouched(target.name, p));
      }
    }
    const newWork = orders.length > 0 || positions.some((p) => !attempted.has(p.symbol));
    if (!newWork) break;
  }

  await collectFills(target, [...results.values()], ctx);
  const out: PositionResult[] = [...results.values()].map((entry) => {
    const r = positionResult(entry);
    return { ...r, closed: r.after === undefined ? r.closed : Decimal.max(0, r.before.abs().minus(r.after.abs())) };
  });
  const result: VenueResult = {
    venue: target.name,
    reachable: error === undefined,
    positions: out,
    openOrders: orders,
    ordersCancelled: cancelled,
  };
  if (error !== undefined) result.error = error;
  return result;
}

/** A position's result while flattening, with the ids of our orders on it (to collect their fills). */
type Entry = PositionResult & { orderIds: Set<string>; clientIds: Set<string> };

/** The result of a position nothing has been sent for yet. */
function untouched(venue: string, p: { symbol: UnifiedSymbol; size: Decimal }): Entry {
  return {
    venue,
    symbol: p.symbol,
    before: p.size,
    after: p.size,
    closed: new Decimal(0),
    attempts: 0,
    fills: 0,
    fees: new Decimal(0),
    orderIds: new Set(),
    clientIds: new Set(),
  };
}

/** The reported part of an entry (without our order ids). */
function positionResult({ orderIds: _o, clientIds: _c, ...r }: Entry): PositionResult {
  return r;
}

async function readPositions(target: FlattenTarget, ctx: Ctx): Promise<{ symbol: UnifiedSymbol; size: Decimal }[]> {
  const all = await withRetry(() => target.venue.getPositions(), ctx.deps.clock, ctx.options.retry);
  return all
    .filter((p) => !p.size.isZero() && inScope(p.symbol, ctx.symbols))
    .map((p) => ({ symbol: p.symbol, size: p.size }));
}

async function readOpenOrders(target: FlattenTarget, ctx: Ctx): Promise<OrderSnapshot[]> {
  const all = await withRetry(() => target.venue.getOpenOrders(), ctx.deps.clock, ctx.options.retry);
  return all.filter((o) => inScope(o.symbol, ctx.symbols)).map(orderSnapshot);
}

/**
 * Cancel-all first (one request per venue, or per symbol when filtered), then order by order for anything that
 * survived; each round is verified by reading open orders back. Returns what is still open.
 */
async function cancelOrders(target: FlattenTarget, orders: OrderSnapshot[], ctx: Ctx): Promise<OrderSnapshot[]> {
  const { clock } = ctx.deps;
  const { retry } = ctx.options;
  let open = orders;
  for (let round = 1; round <= ctx.options.maxAttempts; round++) {
    const before = open.length;
    if (round === 1) {
      const scopes: (UnifiedSymbol | undefined)[] = ctx.symbols ? [...new Set(open.map((o) => o.symbol))] : [undefined];
      for (const symbol of scopes) {
        await withRetry(() => target.venue.cancelAllOrders(symbol), clock, retry).catch((e: unknown) => {
          ctx.deps.log.warn({ venue: target.name, symbol, err: errorSummary(e) }, 'cancel-all failed');
        });
      }
    } else {
      for (const o of open) {
        await withRetry(() => target.venue.cancelOrder({ symbol: o.symbol, orderId: o.id }), clock, retry).catch(
          (e: unknown) => {
            // Already gone (filled or cancelled meanwhile) is answered as a rejection: the read-back decides.
            ctx.deps.log.warn({ venue: target.name, orderId: o.id, err: errorSummary(e) }, 'cancel failed');
          },
        );
      }
    }
    try {
      open = await readOpenOrders(target, ctx);
    } catch (e) {
      ctx.deps.log.warn({ venue: target.name, err: errorSummary(e) }, 'open orders unreadable after cancel');
    }
    ctx.emit({ type: 'cancel', venue: target.name, round, before, remaining: open.length });
    if (open.length === 0) return open;
    await clock.sleep(backoff(round, ctx));
  }
  return open;
}

/**
 * Closes one position: read it, send a reduce-only IOC for exactly |position| on the opposite side, read it again.
 * The position read is the only truth about what executed, so partial fills, rejections and unknown outcomes all
 * lead to the same step: read, and send for what is left.
 */
async function closePosition(target: FlattenTarget, market: Market | undefined, entry: Entry, ctx: Ctx): Promise<void> {
  const { clock } = ctx.deps;
  const { options } = ctx;
  let sent = 0;
  let readFailures = 0;
  for (;;) {
    let current: Decimal;
    try {
      current = await readPosition(target, entry.symbol, ctx);
    } catch (e) {
      entry.after = undefined;
      entry.error = `position unreadable: ${errorSummary(e)}`;
      readFailures += 1;
      if (readFailures > options.maxAttempts) break;
      await clock.sleep(backoff(readFailures, ctx));
      continue;
    }
    entry.after = current;
    if (sent > 0) ctx.emit({ type: 'position', venue: target.name, symbol: entry.symbol, size: current });
    if (current.isZero()) {
      delete entry.error;
      return;
    }
    if (sent >= options.maxAttempts) break;
    const size = closeSize(current.abs(), market);
    if (size.isZero()) {
      entry.error = `position ${current.toString()} is below the lot size ${market?.lotSize.toString()}: close it by hand`;
      break;
    }
    sent += 1;
    entry.attempts = sent;
    const band = Decimal.min(options.maxBand, options.initialBand.mul(2 ** (sent - 1)));
    const side: Side = current.gt(0) ? 'sell' : 'buy';
    const outcome = await sendCloseOrder(
      { venue: target.venue, symbol: entry.symbol, side, size, band },
      { clock, retry: options.retry, confirmReads: options.confirmReads, confirmIntervalMs: options.confirmIntervalMs },
    );
    entry.clientIds.add(outcome.clientOrderId);
    if (outcome.kind === 'sent' && outcome.orderId !== undefined) entry.orderIds.add(outcome.orderId);
    const result = attemptResult(outcome, size);
    const event: FlattenEvent = {
      type: 'order',
      venue: target.name,
      symbol: entry.symbol,
      attempt: sent,
      side,
      size,
      band,
      result,
    };
    if (outcome.kind !== 'sent') {
      event.reason = outcome.reason;
      entry.error = outcome.reason;
    }
    ctx.emit(event);
    if (result !== 'filled') await clock.sleep(backoff(sent, ctx));
  }
  ctx.emit({
    type: 'gave-up',
    venue: target.name,
    symbol: entry.symbol,
    remaining: entry.after,
    reason: entry.error ?? `still open after ${sent} attempt(s)`,
  });
  entry.error ??= `still open after ${sent} attempt(s)`;
}

async function readPosition(target: FlattenTarget, symbol: UnifiedSymbol, ctx: Ctx): Promise<Decimal> {
  const all = await withRetry(() => target.venue.getPositions(), ctx.deps.clock, ctx.options.retry);
  return all.find((p) => p.symbol === symbol)?.size ?? new Decimal(0);
}

/** |position|, floored to the lot size only when the venue reports a position that is not a multiple of it. */
function closeSize(abs: Decimal, market: Market | undefined): Decimal {
  if (!market || market.lotSize.lte(0) || isMultipleOf(abs, market.lotSize)) return abs;
  return floorToStep(abs, market.lotSize);
}

function attemptResult(outcome: CloseOrderOutcome, size: Decimal): OrderAttemptResult {
  if (outcome.kind === 'rejected') return 'rejected';
  if (outcome.kind === 'unknown' || !outcome.order) return 'unknown';
  const filled = outcome.order.filledSize;
  if (filled.gte(size)) return 'filled';
  return filled.gt(0) ? 'partial' : 'unfilled';
}

function backoff(attempt: number, ctx: Ctx): number {
  return backoffDelay(
    attempt,
    { baseDelayMs: ctx.options.backoffBaseMs, maxDelayMs: ctx.options.backoffMaxMs },
    ctx.deps.random,
  );
}

/** Fills and fees of our own close orders, matched by order id or client id. Unknown when unreadable. */
async function collectFills(target: FlattenTarget, entries: Entry[], ctx: Ctx): Promise<void> {
  for (const entry of entries) {
    if (entry.attempts === 0) continue;
    try {
      const fills = await withRetry(
        () => target.venue.getFills({ symbol: entry.symbol, since: ctx.startedAt - FILL_LOOKBACK_MS, limit: 1_000 }),
        ctx.deps.clock,
        ctx.options.retry,
      );
      const ours = fills.filter(
        (f) => entry.orderIds.has(f.orderId) || (f.clientOrderId !== undefined && entry.clientIds.has(f.clientOrderId)),
      );
      entry.fills = ours.length;
      entry.fees = ours.reduce((sum, f) => sum.plus(f.fee), new Decimal(0));
    } catch {
      entry.fills = undefined;
      entry.fees = undefined;
    }
  }
}
