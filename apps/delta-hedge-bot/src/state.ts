import { AtomicJsonStore } from '@dn/core';
import { z } from 'zod';

export const STATE_SCHEMA_VERSION = 1;

const decimalString = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'decimal string');

const hedgeSchema = z.object({
  ratio: z.number(),
  correlation: z.number(),
  rSquared: z.number(),
  samples: z.number().int(),
  fromMs: z.number(),
  toMs: z.number(),
  gaps: z.number().int(),
  computedAt: z.number(),
});

/** Average-cost book of one market, as the venue keeps it: what realised PnL is computed against. */
const bookSchema = z.object({ size: decimalString, entry: decimalString });

const accountingSchema = z.object({
  /** Fills and funding payments are read from these times on (inclusive); ids already counted at that time. */
  fillsSince: z.number(),
  fillIdsAtCursor: z.array(z.string()),
  fundingSince: z.number(),
  fundingKeysAtCursor: z.array(z.string()),
  books: z.record(z.string(), bookSchema),
  rebalances: z.number().int(),
  volumeUsd: decimalString,
  feesUsd: decimalString,
  fundingUsd: decimalString,
  realizedPnlUsd: decimalString,
  maxNetDeltaUsd: decimalString,
});

export const stateSchema = z.object({
  venue: z.string(),
  long: z.string(),
  short: z.string(),
  /** Last good hedge ratio and the summary of its inputs; null before the first estimate. */
  hedge: hedgeSchema.nullable(),
  /** Signed sizes last confirmed on the venue. */
  positions: z.object({ long: decimalString, short: decimalString, at: z.number() }),
  /** A rebalance order sent whose outcome is not settled yet: looked up by client id before anything else. */
  pending: z
    .object({
      leg: z.enum(['long', 'short']),
      symbol: z.string(),
      side: z.enum(['buy', 'sell']),
      size: decimalString,
      clientOrderId: z.string(),
      sentAt: z.number(),
    })
    .nullable(),
  nextOrderSeq: z.number().int(),
  lastRebalanceAt: z.number().nullable(),
  /** Stop-loss: both legs closed at this time for this reason; the bot does not trade again on this state. */
  stopped: z.object({ at: z.number(), reason: z.string() }).nullable(),
  startedAt: z.number(),
  accounting: accountingSchema,
});

export type HedgeState = z.infer<typeof stateSchema>;
export type Accounting = z.infer<typeof accountingSchema>;

export function emptyState(p: { venue: string; long: string; short: string; now: number }): HedgeState {
  return {
    venue: p.venue,
    long: p.long,
    short: p.short,
    hedge: null,
    positions: { long: '0', short: '0', at: p.now },
    pending: null,
    nextOrderSeq: 1,
    lastRebalanceAt: null,
    stopped: null,
    startedAt: p.now,
    accounting: {
      fillsSince: p.now,
      fillIdsAtCursor: [],
      fundingSince: p.now,
      fundingKeysAtCursor: [],
      books: {},
      rebalances: 0,
      volumeUsd: '0',
      feesUsd: '0',
      fundingUsd: '0',
      realizedPnlUsd: '0',
      maxNetDeltaUsd: '0',
    },
  };
}

export function createStateStore(path: string): AtomicJsonStore<HedgeState> {
  return new AtomicJsonStore<HedgeState>({
    path,
    schemaVersion: STATE_SCHEMA_VERSION,
    validate: (d) => stateSchema.parse(d),
  });
}
