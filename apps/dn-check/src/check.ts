import type { Subscription } from '@dn/core';
import { describeFailure } from './describe-error.js';
import { DeadlineError, QuietStreamError } from './errors.js';

/** One row of the report: one REST call or one stream subscription. */
export interface Check {
  /** What is called, in the venue's terms (`GET /info/markets`, `WS orderbooks/{market}`). */
  endpoint: string;
  kind: 'rest' | 'ws';
  scope: 'public' | 'private';
  /** Needs the probe symbol, which only a successful markets row provides. */
  needsSymbol: boolean;
  /**
   * Streams only: a quiet channel is not a failure (public trades on a calm market). The row then says the
   * subscription was accepted and nothing arrived in time.
   */
  mayBeQuiet?: boolean;
  /** Returns a short note for the report (`312 markets`, `best bid 97 012.5`). */
  run(signal: AbortSignal): Promise<string>;
}

export type CheckStatus = 'ok' | 'failed' | 'quiet' | 'skipped';

export interface CheckResult {
  venue: string;
  endpoint: string;
  kind: 'rest' | 'ws';
  scope: 'public' | 'private';
  status: CheckStatus;
  /** Wall time of the call; for a stream, until the first valid frame. */
  latencyMs?: number;
  /** `ok`: what came back; otherwise what differed or why it failed. */
  detail: string;
}

/** Rejects after `ms` with a message naming the deadline; the signal tells the loser to stop. */
export async function withDeadline<T>(ms: number, what: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineError(ms));
    }, ms);
  });
  try {
    return await Promise.race([what(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Subscribes, waits for the first frame the client accepted (its own parser decided), unsubscribes. The client
 * drops frames it cannot parse, so a stream whose every frame differs from the parser shows as "no valid frame".
 */
export async function firstFrame<T>(
  subscribe: (onData: (data: T) => void) => Promise<Subscription>,
  describe: (data: T) => string,
  timeoutMs: number,
): Promise<string> {
  let resolveFrame: (data: T) => void = () => undefined;
  const frame = new Promise<T>((resolve) => {
    resolveFrame = resolve;
  });
  const sub = await subscribe((d) => resolveFrame(d));
  let timer: NodeJS.Timeout | undefined;
  try {
    const quiet = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QuietStreamError(timeoutMs)), timeoutMs);
    });
    return describe(await Promise.race([frame, quiet]));
  } finally {
    clearTimeout(timer);
    await sub.unsubscribe().catch(() => undefined);
  }
}

/** A row plus, when it failed, the error itself (the runner tells "unreachable" from "answered wrongly"). */
export interface CheckOutcome {
  result: CheckResult;
  error?: unknown;
}

/** Runs one check bounded by `timeoutMs` and turns its outcome into a row. Never throws. */
export async function runCheck(venue: string, check: Check, timeoutMs: number): Promise<CheckOutcome> {
  const row = { venue, endpoint: check.endpoint, kind: check.kind, scope: check.scope };
  const started = performance.now();
  try {
    // A stream gets the deadline for connecting plus the deadline for its first frame.
    const detail = await withDeadline(check.kind === 'ws' ? 2 * timeoutMs : timeoutMs, (s) => check.run(s));
    return { result: { ...row, status: 'ok', latencyMs: elapsed(started), detail } };
  } catch (e) {
    if (e instanceof QuietStreamError && check.mayBeQuiet) {
      return { result: { ...row, status: 'quiet', detail: e.message } };
    }
    return { result: { ...row, status: 'failed', latencyMs: elapsed(started), detail: describeFailure(e) }, error: e };
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
