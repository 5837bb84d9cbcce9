import {
  type Clock,
  Decimal,
  errorSummary,
  floorToStep,
  type HaltSentinel,
  type Logger,
  type Market,
  type PerpVenue,
  type Side,
} from '@dn/core';
import { clientOrderId } from './client-id.js';
import type { VenueName } from './config.js';
import { executeIoc, positionSize } from './ioc.js';
import type { CycleState, LegState } from './state.js';

export interface LegVenue {
  name: VenueName;
  venue: PerpVenue;
  market: Market;
}

export interface TwoLegDeps {
  clock: Clock;
  log: Logger;
  halt: HaltSentinel;
  /** Persists the cycle after every step, before the next order leaves the process. */
  persist: (cycle: CycleState) => Promise<void>;
  /** Price band as a fraction (0.005 = 0.5 %); widened on retries. */
  band: Decimal;
  singleLegTimeoutMs: number;
  /** Called with the wall-clock time a single leg stood unhedged (ms) whenever a naked window closes. */
  onNakedWindow?: (ms: number) => void;
  /** Called when a hedge order leaves the process: real ms since the first leg's fill was confirmed. */
  onHedgeLatency?: (ms: number) => void;
}

export class HaltError extends Error {
  override name = 'HaltError';
}

/** A hedge that fails this often within the single-leg timeout is not going to fill: unwind instead. */
const MAX_HEDGE_ATTEMPTS = 6;

const opposite = (s: Side): Side => (s === 'buy' ? 'sell' : 'buy');
const signed = (side: Side, size: Decimal): Decimal => (side === 'buy' ? size : size.neg());

/**
 * Opens a hedged pair leg by leg: the pilot leg first as a marketable limit IOC, its fill confirmed on the venue, then
 * the hedge sized from the actual fill. If the hedge cannot be completed within the single-leg timeout, the
 * unhedged excess of the pilot is unwound reduce-only; if even that fails the halt sentinel is written.
 */
export async function openPair(
  cycle: CycleState,
  legs: { first: LegVenue; second: LegVenue },
  deps: TwoLegDeps,
): Promise<'open' | 'aborted'> {
  const { first, second } = legs;
  const target = new Decimal(cycle.targetSize);
  const firstBefore = await positionSize(first.venue, cycle.symbol);
  const secondBefore = await positionSize(second.venue, cycle.symbol);
  if (!firstBefore.isZero() || !secondBefore.isZero()) {
    throw new HaltError(
      `refusing to open ${cycle.symbol}: existing position ${first.name}=${firstBefore} ${second.name}=${secondBefore}`,
    );
  }

  // 1. Pilot leg. The client id is persisted before the order leaves, so a crash here is reconcilable.
  const pilotId = clientOrderId(cycle.id, 'p');
  cycle.first.clientOrderIds.push(pilotId);
  cycle.step = 'pilot_sent';
  await deps.persist(cycle);
  const pilot = await executeIoc(
    {
      venue: first.venue,
      symbol: cycle.symbol,
      side: cycle.first.side,
      size: target,
      reduceOnly: false,
      clientOrderId: pilotId,
      band: deps.band,
    },
    iocDeps(deps),
  );
  // The position is the truth: it covers fills the order query could not confirm.
  const pilotFilled = (await positionSize(first.venue, cycle.symbol)).abs();
  if (pilot.kind !== 'unknown' && !pilot.filled.eq(pilotFilled)) {
    deps.log.warn(
      { venue: first.name, orderFilled: pilot.filled.toString(), position: pilotFilled.toString() },
      'order fill and position disagree; using the position',
    );
  }
  // Leg timing is wall-clock: it measures how fast the bot reacts, which a sped-up simulated clock must not distort.
  const nakedSince = performance.now();
  cycle.first.size = signed(cycle.first.side, pilotFilled).toString();
  if (pilot.kind === 'done' && pilot.averagePrice) cycle.first.entryPrice = pilot.averagePrice.toString();
  cycle.step = 'pilot_confirmed';
  if (pilotFilled.isZero()) {
    await deps.persist(cycle);
    deps.log.info(
      { venue: first.name, symbol: cycle.symbol, outcome: pilot.kind },
      'pilot leg did not fill; cycle aborted',
    );
    return 'aborted';
  }

  // 2. Hedge, sized from the actual pilot fill, floored to the hedge venue's lot.
  const hedgeTarget = floorToStep(pilotFilled, second.market.lotSize);
  let hedged = new Decimal(0);
  let attempt = 0;
  const deadline = nakedSince + deps.singleLegTimeoutMs;
  // The first hedge always goes out; the deadline only stops retries.
  while (
    hedgeTarget.gte(second.market.minSize) &&
    hedged.lt(hedgeTarget) &&
    attempt < MAX_HEDGE_ATTEMPTS &&
    (attempt === 0 || performance.now() <= deadline)
  ) {
    if (attempt > 0) await deps.clock.sleep(Math.min(250 * attempt, 1_000));
    attempt += 1;
    const id = clientOrderId(cycle.id, `h${attempt}`);
    cycle.second.clientOrderIds.push(id);
    cycle.step = `hedge_sent_${attempt}`;
    // Saved while the hedge is in flight, not before: every ms a leg stands alone is risk, and a restart does not
    // need the hedge's client id (reconciliation trusts the venues' positions).
    const saving = deps.persist(cycle);
    deps.onHedgeLatency?.(performance.now() - nakedSince);
    const remaining = hedgeTarget.minus(hedged);
    const res = await executeIoc(
      {
        venue: second.venue,
        symbol: cycle.symbol,
        side: cycle.second.side,
        size: remaining,
        reduceOnly: false,
        clientOrderId: id,
        band: widen(deps.band, attempt),
      },
      iocDeps(deps),
    );
    await saving;
    hedged = (await positionSize(second.venue, cycle.symbol)).abs();
    cycle.second.size = signed(cycle.second.side, hedged).toString();
    if (res.kind === 'done' && res.averagePrice) cycle.second.entryPrice = res.averagePrice.toString();
    cycle.step = `hedge_confirmed_${attempt}`;
    await deps.persist(cycle);
    if (res.kind === 'rejected') deps.log.warn({ venue: second.name, reason: res.reason }, 'hedge rejected');
  }

  // 3. Whatever of the pilot is not hedged is unwound (reduce-only: it can only shrink the pilot).
  const excess = pilotFilled.minus(hedged);
  if (excess.gt(0)) {
    deps.log.warn(
      { symbol: cycle.symbol, pilot: pilotFilled.toString(), hedged: hedged.toString() },
      'hedge incomplete; unwinding the excess',
    );
    cycle.step = 'unwinding_pilot_excess';
    await deps.persist(cycle);
    const left = await reduceTo(first, cycle, cycle.first, hedged, deps);
    if (!left.abs().eq(hedged)) {
      await haltFor(deps, `unwind of ${first.name} ${cycle.symbol} failed: position ${left}, hedge ${hedged}`, cycle);
    }
  }
  deps.onNakedWindow?.(performance.now() - nakedSince);
  if (hedged.isZero()) return 'aborted';
  cycle.phase = 'open';
  cycle.step = 'open';
  cycle.openedSize = hedged.toString();
  cycle.openedAt = deps.clock.now();
  await deps.persist(cycle);
  return 'open';
}

/**
 * Closes both legs reduce-only, re-reading positions after every attempt until both are flat.
 * Legs are sent together so neither stands alone longer than one round trip. Writes the halt sentinel when a leg
 * cannot be closed within the timeout.
 */
export async function closePair(
  cycle: CycleState,
  legs: { first: LegVenue; second: LegVenue },
  deps: TwoLegDeps & { maxAttempts?: number },
): Promise<void> {
  cycle.phase = 'closing';
  cycle.step = 'closing';
  await deps.persist(cycle);
  const maxAttempts = deps.maxAttempts ?? 6;
  const pairs: Array<[LegVenue, LegState]> = [
    [legs.first, cycle.first],
    [legs.second, cycle.second],
  ];
  let firstFlatAt: number | undefined;
  // One more read than attempts: the last attempt's result is checked before anything is declared failed.
  for (let attempt = 1; ; attempt++) {
    const sizes = await Promise.all(pairs.map(([l]) => positionSize(l.venue, cycle.symbol)));
    if (sizes.every((s) => s.isZero())) {
      cycle.first.size = '0';
      cycle.second.size = '0';
      cycle.step = 'closed';
      await deps.persist(cycle);
      if (firstFlatAt !== undefined) deps.onNakedWindow?.(performance.now() - firstFlatAt);
      return;
    }
    if (firstFlatAt === undefined && sizes.some((s) => s.isZero())) firstFlatAt = performance.now();
    if (attempt > maxAttempts) {
      await haltFor(
        deps,
        `could not close ${cycle.symbol}: ${legs.first.name}=${sizes[0]} ${legs.second.name}=${sizes[1]}`,
        cycle,
      );
    }
    await Promise.all(
      pairs.map(async ([leg, state], i) => {
        const size = sizes[i] as Decimal;
        if (size.isZero()) return;
        // Numbered by the leg's order count, which survives restarts: a resumed close never reuses an id.
        const id = clientOrderId(cycle.id, `c${state.clientOrderIds.length + 1}${i === 0 ? 'a' : 'b'}`);
        state.clientOrderIds.push(id);
        await deps.persist(cycle);
        const res = await executeIoc(
          {
            venue: leg.venue,
            symbol: cycle.symbol,
            side: size.gt(0) ? 'sell' : 'buy',
            size: size.abs(),
            reduceOnly: true,
            clientOrderId: id,
            band: widen(deps.band, attempt),
          },
          iocDeps(deps),
        );
        if (res.kind !== 'done')
          deps.log.warn(
            { venue: leg.name, outcome: res.kind, reason: 'reason' in res ? res.reason : undefined },
            'close attempt not confirmed',
          );
      }),
    );
    cycle.step = `close_attempt_${attempt}`;
    await deps.persist(cycle);
    await deps.clock.sleep(Math.min(500 * attempt, 5_000));
  }
}

/** Reduces one leg toward `keepAbs` (absolute size) with reduce-only IOCs; returns the final signed position. */
export async function reduceTo(
  leg: LegVenue,
  cycle: CycleState,
  state: LegState,
  keepAbs: Decimal,
  deps: TwoLegDeps,
): Promise<Decimal> {
  let pos = await positionSize(leg.venue, cycle.symbol);
  for (let attempt = 1; attempt <= 5 && pos.abs().gt(keepAbs); attempt++) {
    const id = clientOrderId(cycle.id, `u${state.clientOrderIds.length + 1}`);
    state.clientOrderIds.push(id);
    await deps.persist(cycle);
    const excess = pos.abs().minus(keepAbs);
    await executeIoc(
      {
        venue: leg.venue,
        symbol: cycle.symbol,
        side: opposite(pos.gt(0) ? 'buy' : 'sell'),
        size: excess,
        reduceOnly: true,
        clientOrderId: id,
        band: widen(deps.band, attempt + 1),
      },
      iocDeps(deps),
    ).catch((e: unknown) => deps.log.error({ err: errorSummary(e) }, 'unwind attempt failed'));
    pos = await positionSize(leg.venue, cycle.symbol);
    state.size = pos.toString();
    await deps.persist(cycle);
  }
  return pos;
}

async function haltFor(deps: TwoLegDeps, reason: string, cycle: CycleState): Promise<never> {
  deps.log.fatal({ reason, cycle: cycle.id }, 'writing halt sentinel');
  await deps.halt.write({ reason, by: 'rotation-bot', details: { cycle: cycle.id, symbol: cycle.symbol } });
  throw new HaltError(reason);
}

function iocDeps(deps: TwoLegDeps) {
  return { clock: deps.clock, log: deps.log, confirmTimeoutMs: Math.max(2_000, deps.singleLegTimeoutMs / 2) };
}

/** Each retry widens the band a little (×1.5 per attempt, at most ×4) so a moving book is still crossed. */
function widen(band: Decimal, attempt: number): Decimal {
  return band.mul(Decimal.min(new Decimal(1.5).pow(attempt - 1), 4));
}
