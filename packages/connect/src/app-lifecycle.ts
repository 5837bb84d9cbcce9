/*
 * The two ends of a long-running app's run that every app wrote alike: the command line as the user typed it, and
 * stopping on Ctrl-C / SIGTERM then releasing what the run opened, in order.
 */

/** The user's arguments: `pnpm start -- --flag` forwards the `--` separator itself, which commander would take literally. */
export function userArgs(argv: readonly string[]): string[] {
  return argv.filter((a, i) => !(i === 0 && a === '--'));
}

export interface StopSignals {
  /** Aborted by the first SIGINT or SIGTERM: the run winds down (saves state, leaves the loop). */
  signal: AbortSignal;
  /** Removes the handlers (call once the run is over). */
  dispose(): void;
}

/** First SIGINT/SIGTERM asks the run to stop; a second one exits at once with 130 (the user insists). */
export function stopOnSignals(): StopSignals {
  const stop = new AbortController();
  const onSignal = () => (stop.signal.aborted ? process.exit(130) : stop.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: stop.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** What a run opened, released by `closeRun` in this order. */
export interface RunResources {
  signals: StopSignals;
  /** Pending alerts get up to 5 s to go out before the alerter closes. */
  alerter: { flush(timeoutMs: number): Promise<unknown>; close(): void };
  ops?: { close(): Promise<unknown> } | null | undefined;
  connection: { close(): Promise<unknown> };
}

/** Signal handlers off, alerts flushed (bounded), status server and venue connections closed. */
export async function closeRun(r: RunResources): Promise<void> {
  r.signals.dispose();
  await r.alerter.flush(5_000);
  r.alerter.close();
  await r.ops?.close();
  await r.connection.close();
}
