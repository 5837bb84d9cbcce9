import { execFile } from 'node:child_process';

/** What became of config `realtime_priority`. */
export type RealtimeOutcome = { applied: true; priority: number } | { applied: false; reason: string };

/** Runs `chrt` with these arguments; rejects with the process error (`code` ENOENT, or the exit status and stderr). */
export type ChrtRunner = (args: string[]) => Promise<void>;

const runChrt: ChrtRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile('chrt', args, { timeout: 5_000 }, (error, _stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr).trim() }));
      else resolve();
    });
  });

/**
 * Config `realtime_priority` (opt-in, Linux): puts the main thread, the one that answers book updates, under
 * SCHED_FIFO at `priority`. On a busy or small machine a woken normal thread can wait milliseconds for a core; a
 * real-time one takes it at once. Only this thread changes (`chrt` on its id, which is the process id), and with
 * `SCHED_RESET_ON_FORK`, so threads started later (the signing thread, libuv's pool) stay normal.
 *
 * Needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO of at least `priority`. When refused the maker runs as before and
 * the outcome says why: a latency preference is not worth refusing to quote over.
 */
export async function setMainThreadRealtime(
  priority: number,
  run: ChrtRunner = runChrt,
  platform: NodeJS.Platform = process.platform,
): Promise<RealtimeOutcome> {
  if (platform !== 'linux')
    return { applied: false, reason: `real-time scheduling is set on Linux only (${platform})` };
  try {
    await run(['--reset-on-fork', '--fifo', '--pid', String(priority), String(process.pid)]);
    return { applied: true, priority };
  } catch (e) {
    return { applied: false, reason: refusal(e) };
  }
}

function refusal(e: unknown): string {
  const err = e as { code?: unknown; stderr?: unknown; message?: unknown };
  if (err.code === 'ENOENT') return 'chrt (util-linux) is not installed';
  const said = typeof err.stderr === 'string' && err.stderr !== '' ? err.stderr : String(err.message ?? e);
  if (/not permitted/i.test(said))
    return `not permitted (${said}): run as root, give node CAP_SYS_NICE, or raise RLIMIT_RTPRIO (ulimit -r)`;
  return said;
}
