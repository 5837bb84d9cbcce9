import type { Command, OptionValues } from 'commander';
import { EXIT_USAGE } from './app/exit.js';

/*
 * The two ends of a long-running app's run that every app wrote alike: the command line as the user typed it, and
 * stopping on Ctrl-C / SIGTERM then releasing what the run opened, in order.
 */

/** The user's arguments: `pnpm start -- --flag` forwards the `--` separator itself, which commander would take literally. */
export function userArgs(argv: readonly string[]): string[] {
  return argv.filter((a, i) => !(i === 0 && a === '--'));
}

/** Parses the user's arguments (`userArgs`) with `cmd` and returns its options. */
export function parseFlags<F extends OptionValues>(cmd: Command, argv: readonly string[]): F {
  cmd.parse(userArgs(argv), { from: 'user' });
  return cmd.opts<F>();
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

/** The terminal as a line printer for a CLI's output: `out` to stdout, `err` to stderr, one line per call. */
export const consoleLines: { out(text: string): void; err(text: string): void } = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};

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

/**
 * Ends the process with the run's exit code: by letting the event loop drain (log files flushed), and after `graceMs`
 * at the latest, so a socket a venue left half-open cannot keep a finished app alive. A run that throws prints one line
 * and exits 2 when the error is a usage error (commander's carry `exitCode`), else 1.
 */
export function exitWhenDone(app: string, run: Promise<number>, graceMs = 2_000): void {
  const exit = (code: number) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), graceMs).unref();
  };
  run.then(exit, (e: unknown) => {
    process.stderr.write(`${app}: ${(e as Error)?.message ?? String(e)}\n`);
    exit(e && typeof e === 'object' && 'exitCode' in e ? EXIT_USAGE : 1);
  });
}
