import { type LockOwner, listInstanceLocks, pidAlive } from '@dn/core';

export interface WaitResult {
  /** Instances running when the wait began that have exited. */
  stopped: LockOwner[];
  /** Instances still running when the wait ended. */
  running: LockOwner[];
}

/**
 * Waits, at most `timeoutMs` of real time, for every app holding an instance lock in `dirs` (e.g. `modeDirs(home)`)
 * to exit. An instance counts as gone when its process no longer runs.
 */
export async function waitForInstances(
  dirs: readonly string[],
  options: { timeoutMs: number; pollMs?: number; onSeen?: (owners: LockOwner[]) => void },
): Promise<WaitResult> {
  const initial = (await listInstanceLocks(dirs))
    .filter((l) => l.alive && l.owner && l.owner.pid !== process.pid)
    .map((l) => l.owner as LockOwner);
  options.onSeen?.(initial);
  const deadline = Date.now() + options.timeoutMs;
  let running = initial;
  while (running.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
    running = running.filter((o) => pidAlive(o.pid));
  }
  return { stopped: initial.filter((o) => !running.includes(o)), running };
}
