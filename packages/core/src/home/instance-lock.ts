import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { StateError } from '../errors/index.js';

export interface LockOwner {
  pid: number;
  app: string;
  mode?: string;
  state: string;
  host: string;
  startedAt: string;
}

export interface InstanceLock {
  path: string;
  owner: LockOwner;
  /** The previous owner, when its lock was stale (its process is gone) and was taken over. */
  takenOverFrom?: LockOwner;
  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): void;
}

export interface LockedEntry {
  path: string;
  owner?: LockOwner;
  alive: boolean;
}

/**
 * One process per state file: the lock is created with O_EXCL and holds the owner's pid. A lock whose process no
 * longer runs (kill -9, power loss) is stale and is taken over; a live one refuses with its pid.
 * @throws StateError naming the running pid when another live process holds the lock.
 */
export async function acquireInstanceLock(
  lockPath: string,
  who: { app: string; mode?: string; state: string },
): Promise<InstanceLock> {
  const file = path.resolve(lockPath);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), ...who };
  let takenOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (tryCreate(file, owner)) return handle(file, owner, takenOverFrom);
    const current = await readOwnerSettled(file);
    if (current === 'gone') continue;
    if (current && isAlive(current, file)) {
      throw new StateError(
        `Another ${current.app} instance (pid ${current.pid}) is running on this state`,
        { path: file, reason: `locked by pid ${current.pid} since ${current.startedAt}` },
        { details: `Stop pid ${current.pid} first; one state file, one process.` },
      );
    }
    // Stale: moved aside atomically, so of two processes taking it over at once only one wins the rename.
    const aside = `${file}.stale.${process.pid}`;
    try {
      await fsp.rename(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = await readOwner(aside);
    if (current && typeof moved === 'object' && moved.pid !== current.pid) {
      // We moved a lock someone created in between: put it back and let the next round decide.
      await fsp.rename(aside, file).catch(() => undefined);
      continue;
    }
    await fsp.rm(aside, { force: true });
    takenOverFrom = current ?? undefined;
  }
  throw new StateError('Could not take the instance lock', { path: file, reason: 'lock contention' });
}

/** The locks in `dirs` (not recursive), with whether their process still runs. */
export async function listInstanceLocks(dirs: readonly string[]): Promise<LockedEntry[]> {
  const out: LockedEntry[] = [];
  for (const dir of dirs) {
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.lock')).sort()) {
      const p = path.join(dir, name);
      const owner = await readOwner(p);
      if (owner === 'gone') continue;
      out.push(
        owner === 'unreadable' ? { path: p, alive: false } : { path: p, owner, alive: isAlive(owner, path.resolve(p)) },
      );
    }
  }
  return out;
}

/** True when `pid` is a running process on this host (`EPERM` = it runs under another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds (resolved paths). */
const heldHere = new Set<string>();

/**
 * A lock from another host cannot be checked: it counts as held. A lock naming this very process that this process
 * does not hold is from an earlier incarnation that got the same pid again (a restarted container is pid 1 again),
 * so it is stale.
 */
function isAlive(owner: LockOwner, file: string): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return heldHere.has(file);
  return pidAlive(owner.pid);
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StateError('Cannot create the instance lock', { path: file, reason: (e as Error).message });
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(owner, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function handle(file: string, owner: LockOwner, takenOverFrom: LockOwner | undefined): InstanceLock {
  let released = false;
  heldHere.add(file);
  return {
    path: file,
    owner,
    ...(takenOverFrom ? { takenOverFrom } : {}),
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      try {
        const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
        if (current.pid === owner.pid && current.startedAt === owner.startedAt) fs.rmSync(file, { force: true });
      } catch {
        // already gone or replaced: not ours to remove
      }
    },
  };
}

async function readOwner(file: string): Promise<LockOwner | 'unreadable' | 'gone'> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o?.pid === 'number' ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** A lock read while its creator is between create and write looks empty: look again briefly before judging it. */
async function readOwnerSettled(file: string): Promise<LockOwner | undefined | 'gone'> {
  for (let i = 0; i < 5; i++) {
    const o = await readOwner(file);
    if (o !== 'unreadable') return o;
    await new Promise((r) => setTimeout(r, 40));
  }
  return undefined;
}
