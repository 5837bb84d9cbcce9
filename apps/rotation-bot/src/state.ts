import * as fs from 'node:fs/promises';
import { VENUE_NAMES } from '@dn/connect';
import { AtomicJsonStore } from '@dn/core';
import { PAIR_STEPS } from '@dn/execution';
import { z } from 'zod';

export const STATE_SCHEMA_VERSION = 1;

const decimalString = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'decimal string');
const side = z.enum(['buy', 'sell']);

const legSchema = z.object({
  venue: z.enum(VENUE_NAMES),
  /** Side of the opening order: buy = long leg, sell = short leg. */
  side,
  /** Every client order id the bot sent for this leg (opening, hedge top-ups, unwinds, closes), in order. */
  clientOrderIds: z.array(z.string()),
  /** Signed size confirmed on the venue after opening. */
  size: decimalString,
  entryPrice: decimalString.optional(),
});

/** What a cycle was expected to earn over its hold, priced at entry (USD; fees positive = paid). */
const expectedSchema = z.object({
  fundingUsd: decimalString,
  feesUsd: decimalString,
  pricePnlUsd: decimalString,
  netUsd: decimalString,
});

/** Steps saved before they were a fixed list carried the attempt in the name (`hedge_sent_2`). */
const LEGACY_STEP = /^(hedge_sent|hedge_confirmed|close_attempt)_(\d+)$/;

function migrateLegacyStep(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const step = (raw as { step?: unknown }).step;
  const m = typeof step === 'string' ? LEGACY_STEP.exec(step) : null;
  return m ? { ...raw, step: m[1], stepAttempt: Number(m[2]) } : raw;
}

const cycleSchema = z.preprocess(
  migrateLegacyStep,
  z.object({
    id: z.string(),
    symbol: z.string(),
    phase: z.enum(['opening', 'open', 'closing']),
    /** Last step reached inside the phase, for crash diagnostics. */
    step: z.enum(PAIR_STEPS),
    /** Attempt number of a hedge or close step. */
    stepAttempt: z.number().int().positive().optional(),
    first: legSchema,
    second: legSchema,
    targetSize: decimalString,
    /** Hedged size per leg once open (absolute). */
    openedSize: decimalString.optional(),
    openedAt: z.number().optional(),
    startedAt: z.number(),
    closeReason: z.string().optional(),
    /** Why an open was aborted (hedge refused, pilot unfilled), for the log and the cooldown. */
    abortReason: z.string().optional(),
    expectedNetAprPct: decimalString.optional(),
    /** Widest price band (percent) a hedge retry may use: the expected funding edge over the hold (B10). */
    bandCapPct: decimalString.optional(),
    adopted: z.boolean().optional(),
    /** Consecutive checks whose funding APR was below the flip threshold. */
    flipReadings: z.number().int().optional(),
    /** Leverage set on both venues at open. */
    leverage: decimalString.optional(),
    expected: expectedSchema.optional(),
  }),
);

const completedSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  longVenue: z.enum(VENUE_NAMES),
  shortVenue: z.enum(VENUE_NAMES),
  size: decimalString,
  openedAt: z.number().optional(),
  closedAt: z.number(),
  reason: z.string(),
  volumeUsd: decimalString,
  feesUsd: decimalString,
  fundingUsd: decimalString,
  pricePnlUsd: decimalString,
  netUsd: decimalString,
  /** Expected at entry, beside the realised figures above (absent for aborted and adopted cycles). */
  expected: expectedSchema.optional(),
});

const statsSchema = z.object({
  cycles: z.number().int(),
  volumeUsd: decimalString,
  feesUsd: decimalString,
  fundingUsd: decimalString,
  pricePnlUsd: decimalString,
  netUsd: decimalString,
  maxNakedExposureMs: z.number(),
  /** Sum of the expected net of the completed cycles that had an expectation, and their realised net. */
  expectedNetUsd: decimalString.optional(),
  realisedNetOfExpectedUsd: decimalString.optional(),
  /** Aborted opens, stop-loss and funding-flip exits (counts). */
  aborted: z.number().int().optional(),
  stopLosses: z.number().int().optional(),
  flipExits: z.number().int().optional(),
});

export const botStateSchema = z.object({
  cycle: cycleSchema.nullable(),
  /** No new cycle before this time (ms). */
  waitUntil: z.number().optional(),
  nextCycleSeq: z.number().int(),
  /** Pairs resting after aborted opens, by `symbol:venueA+venueB`. */
  cooldowns: z
    .record(z.string(), z.object({ until: z.number(), aborts: z.number().int(), reason: z.string() }))
    .optional(),
  history: z.array(completedSchema),
  stats: statsSchema,
});

export type BotState = z.infer<typeof botStateSchema>;
export type CycleState = z.infer<typeof cycleSchema>;
export type LegState = z.infer<typeof legSchema>;
export type CompletedCycle = z.infer<typeof completedSchema>;
export type CycleStats = z.infer<typeof statsSchema>;

export function emptyState(): BotState {
  return {
    cycle: null,
    nextCycleSeq: 1,
    history: [],
    stats: {
      cycles: 0,
      volumeUsd: '0',
      feesUsd: '0',
      fundingUsd: '0',
      pricePnlUsd: '0',
      netUsd: '0',
      maxNakedExposureMs: 0,
    },
  };
}

export function createStateStore(path: string): AtomicJsonStore<BotState> {
  return new AtomicJsonStore<BotState>({
    path,
    schemaVersion: STATE_SCHEMA_VERSION,
    validate: (d) => botStateSchema.parse(d),
  });
}

/** Appends each completed cycle as one JSON line next to the state file (`<state>.history.jsonl`). */
export function createHistoryLog(statePath: string): { path: string; append(cycle: CompletedCycle): Promise<void> } {
  const path = `${statePath}.history.jsonl`;
  return {
    path,
    async append(cycle) {
      await fs.appendFile(path, `${JSON.stringify(cycle)}\n`, { mode: 0o600 });
    },
  };
}
