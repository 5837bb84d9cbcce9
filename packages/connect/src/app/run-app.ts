import { parseDuration } from './duration.js';
import { EXIT_USAGE, startErrorExitCode, UsageError } from './exit.js';
import type { CommonFlags } from './flags.js';
import { type AppContext, type AppDefinition, startApp } from './start-app.js';

export interface RunAppOptions<C, P> {
  /** Checks of flag values before anything starts: a `UsageError` (or any error) here creates no lock, log or file. */
  prepare?: () => P | Promise<P>;
  /** The app's work once started; its number is the exit code. The context is closed after it, whatever happens. */
  run: (app: AppContext<C>, prepared: P) => Promise<number>;
}

/**
 * The one way a long-running app goes from parsed flags to an exit code: `prepare`, `startApp`, `run`, close. An error
 * before `run` returns (a refused start, a bad config, a venue that cannot be connected) is one line
 * `<app>: <message>` and the start-error exit code (2, or 3 when halted); `run` maps its own failures after that.
 */
export async function runApp<C, P = undefined>(
  def: AppDefinition<C>,
  flags: CommonFlags,
  say: (text: string) => void,
  options: RunAppOptions<C, P>,
): Promise<number> {
  try {
    const prepared = (await options.prepare?.()) as P;
    const started = await startApp(def, flags, { print: say });
    if (started.kind === 'done') return started.code;
    try {
      return await options.run(started.app, prepared);
    } finally {
      started.app.close();
    }
  } catch (e) {
    say(`${def.name}: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? EXIT_USAGE : startErrorExitCode(e);
  }
}

/** `--speed` (a number > 0) and `--run-for` (a duration, ms) of an app with the clock flags. */
export function clockFlags(flags: Pick<CommonFlags, 'speed' | 'runFor'>): { speed: number; runForMs?: number } {
  const speed = Number(flags.speed ?? '1');
  if (!(speed > 0)) throw new UsageError(`--speed must be a positive number (got ${flags.speed})`);
  return flags.runFor ? { speed, runForMs: parseDuration(flags.runFor, '--run-for') } : { speed };
}
