import { type Alerter, Decimal, type HaltSentinel, type Logger, type Position } from '@dn/core';
import { haltOnMismatch, type LegRiskDeps, type LegVenue, reconcilePair } from '@dn/execution';
import type { VenueName } from './config.js';
import type { VenueHandle } from './scanner.js';
import type { BotState, CycleState } from './state.js';

export interface ReconcileDeps {
  venues: VenueHandle[];
  log: Logger;
  halt: HaltSentinel;
  alerter?: Alerter;
  twoLeg: LegRiskDeps<CycleState>;
  legsFor: (cycle: CycleState) => { first: LegVenue<VenueName>; second: LegVenue<VenueName> };
  now: () => number;
}

/**
 * Brings saved state in line with the venues, which are the truth. The bot's own cycle is reconciled by
 * `reconcilePair` (@dn/execution: leftover orders cancelled, a close finished, an unhedged excess reduced, a cycle
 * whose legs are both gone ended); with no saved cycle, a hedged pair found on the venues is adopted. Anything else —
 * positions on symbols the bot does not own, a pair that is not opposite — writes the halt sentinel: software must
 * not guess.
 */
export async function reconcile(state: BotState, deps: ReconcileDeps): Promise<BotState> {
  const positions = new Map<VenueName, Position[]>();
  await Promise.all(
    deps.venues.map(async ({ name, venue }) => {
      positions.set(
        name,
        (await venue.getPositions()).filter((p) => !p.size.isZero()),
      );
    }),
  );
  const cycle = state.cycle;
  const owned = cycle?.symbol;
  const foreign = [...positions.entries()].flatMap(([venue, ps]) =>
    ps.filter((p) => p.symbol !== owned).map((p) => ({ venue, p })),
  );
  const mismatch = { ...deps, haltBy: 'rotation-bot' };

  if (!cycle) {
    if (foreign.length === 0) return state;
    const adopted = adoptable(foreign, deps.now());
    if (adopted) {
      deps.log.warn(
        { symbol: adopted.symbol, long: adopted.first.venue, short: adopted.second.venue },
        'adopting a hedged pair found on the venues',
      );
      return { ...state, cycle: { ...adopted, startedAt: deps.now(), openedAt: deps.now() } };
    }
    return haltOnMismatch(
      mismatch,
      `unexplained positions: ${foreign.map((f) => `${f.venue} ${f.p.symbol} ${f.p.size}`).join(', ')}`,
    );
  }
  if (foreign.length > 0) {
    return haltOnMismatch(
      mismatch,
      `positions outside the bot's cycle: ${foreign.map((f) => `${f.venue} ${f.p.symbol} ${f.p.size}`).join(', ')}`,
    );
  }

  const sizeOf = (v: VenueName) => positions.get(v)?.find((p) => p.symbol === cycle.symbol)?.size ?? new Decimal(0);
  const reconciled = await reconcilePair(
    cycle,
    deps.legsFor(cycle),
    { ...deps.twoLeg, halt: deps.halt, alerter: deps.alerter, haltBy: 'rotation-bot' },
    { positions: { first: sizeOf(cycle.first.venue), second: sizeOf(cycle.second.venue) } },
  );
  return { ...state, cycle: reconciled };
}

/** Two opposite, equal positions of one symbol on two venues form a pair the bot can manage. */
function adoptable(
  found: Array<{ venue: VenueName; p: Position }>,
  now: number,
): Omit<CycleState, 'startedAt'> | undefined {
  if (found.length !== 2) return undefined;
  const [a, b] = found as [{ venue: VenueName; p: Position }, { venue: VenueName; p: Position }];
  if (a.p.symbol !== b.p.symbol || a.venue === b.venue) return undefined;
  if (!a.p.size.plus(b.p.size).isZero()) return undefined;
  return {
    // Unique: client ids derive from the cycle id, and a later adoption must not collide with this one's orders.
    id: `adopted-${a.p.symbol}-${now.toString(36)}`,
    symbol: a.p.symbol,
    phase: 'open',
    step: 'adopted',
    first: {
      venue: a.venue,
      side: a.p.size.gt(0) ? 'buy' : 'sell',
      clientOrderIds: [],
      size: a.p.size.toString(),
      entryPrice: a.p.entryPrice.toString(),
    },
    second: {
      venue: b.venue,
      side: b.p.size.gt(0) ? 'buy' : 'sell',
      clientOrderIds: [],
      size: b.p.size.toString(),
      entryPrice: b.p.entryPrice.toString(),
    },
    targetSize: a.p.size.abs().toString(),
    openedSize: a.p.size.abs().toString(),
    adopted: true,
  };
}
