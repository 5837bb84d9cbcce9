import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireInstanceLock,
  checkStateIdentity,
  HALT_FILE_NAME,
  homeLayout,
  listInstanceLocks,
  resolveHome,
  StateError,
} from '../../src/index.js';

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/** A fresh folder, removed after the test. */
async function tmp(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-home-'));
  made.push(dir);
  return dir;
}

/** A lock of app `bot`, state `s`, as process `pid` on this host wrote it. */
const writeLock = (file: string, pid: number, startedAt: string) =>
  fs.writeFile(file, JSON.stringify({ pid, app: 'bot', state: 's', host: os.hostname(), startedAt }));

describe('resolveHome', () => {
  it('--home, then DN_HOME, then the folder the command was run in (INIT_CWD under pnpm)', () => {
    expect(resolveHome({ flag: 'h', env: { DN_HOME: '/x', INIT_CWD: '/user' }, cwd: '/pkg' })).toBe('/user/h');
    expect(resolveHome({ env: { DN_HOME: 'rel', INIT_CWD: '/user' }, cwd: '/pkg' })).toBe('/user/rel');
    expect(resolveHome({ env: { INIT_CWD: '/user' }, cwd: '/pkg' })).toBe('/user');
    expect(resolveHome({ env: {}, cwd: '/pkg' })).toBe('/pkg');
  });
});

describe('homeLayout', () => {
  it('keeps each mode in its own folder with one home sentinel', () => {
    const live = homeLayout('/h', 'live');
    const paper = homeLayout('/h', 'paper');
    const sim = homeLayout('/h', 'sim');
    expect(live.halt).toBe(`/h/${HALT_FILE_NAME}`);
    expect(sim.halt).toBe(live.halt);
    expect(paper.obeyedHalts).toEqual([live.halt, `/h/paper/${HALT_FILE_NAME}`]);
    expect(live.stateFile('rotation-bot')).toBe('/h/rotation-bot.state.json');
    expect(paper.stateFile('rotation-bot')).toBe('/h/paper/rotation-bot.state.json');
    expect(sim.logFile('emergency-exit')).toBe('/h/sim/logs/emergency-exit.log');
  });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid as number;
  await new Promise((r) => child.on('exit', r));
  return pid;
}

describe('instance lock', () => {
  it('refuses a second holder naming the running pid, and is released', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'bot.state.json.lock');
    const lock = await acquireInstanceLock(file, { app: 'bot', state: 'bot.state.json' });
    // Written by another live process (this test's parent stands in for it).
    await fs.writeFile(file, JSON.stringify({ ...lock.owner, pid: process.ppid }));
    const err = await acquireInstanceLock(file, { app: 'bot', state: 's' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toContain(`pid ${process.ppid}`);
    const locks = await listInstanceLocks([dir]);
    expect(locks).toEqual([expect.objectContaining({ path: file, alive: true })]);
    // Not ours any more: release leaves it.
    lock.release();
    await expect(fs.stat(file)).resolves.toBeTruthy();
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'bot.lock');
    const pid = await deadPid();
    await writeLock(file, pid, 'earlier');
    expect((await listInstanceLocks([dir]))[0]?.alive).toBe(false);
    const lock = await acquireInstanceLock(file, { app: 'bot', state: 's' });
    expect(lock.takenOverFrom?.pid).toBe(pid);
    expect(JSON.parse(await fs.readFile(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('takes over a lock naming this pid that this process does not hold (a restarted container reuses its pid)', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'bot.lock');
    await writeLock(file, process.pid, 'before restart');
    expect((await listInstanceLocks([dir]))[0]?.alive).toBe(false);
    const lock = await acquireInstanceLock(file, { app: 'bot', state: 's' });
    expect(lock.takenOverFrom?.startedAt).toBe('before restart');
    expect((await listInstanceLocks([dir]))[0]?.alive).toBe(true);
    await expect(acquireInstanceLock(file, { app: 'bot', state: 's' })).rejects.toThrow(/is running on this state/);
    lock.release();
  });

  it('of two concurrent takers exactly one wins', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'bot.lock');
    const results = await Promise.allSettled([
      acquireInstanceLock(file, { app: 'a', state: 's' }),
      acquireInstanceLock(file, { app: 'b', state: 's' }),
    ]);
    // Same pid for both here, so the second sees a live holder.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('state identity', () => {
  it('refuses another mode and other accounts, accepts new venues', async () => {
    const dir = await tmp();
    const state = path.join(dir, 's.json');
    const id = `${state}.identity.json`;
    await checkStateIdentity(id, state, { mode: 'paper', accounts: { extended: 'paper-1', pacifica: 'paper-2' } });
    await expect(checkStateIdentity(id, state, { mode: 'live', accounts: {} })).rejects.toThrow(
      /belongs to paper mode; refusing to use it in live mode/,
    );
    await expect(
      checkStateIdentity(id, state, { mode: 'paper', accounts: { extended: 'other', pacifica: 'paper-2' } }),
    ).rejects.toThrow(/other accounts \(extended: paper-1\)/);
    const ok = await checkStateIdentity(id, state, { mode: 'paper', accounts: { lighter: '7' } });
    expect(Object.keys(ok.identity.venues).sort()).toEqual(['extended', 'lighter', 'pacifica']);
    expect(((await fs.stat(id)).mode & 0o777).toString(8)).toBe('600');
  });

  it('adopts a state file that has no stamp yet', async () => {
    const dir = await tmp();
    const state = path.join(dir, 's.json');
    await fs.writeFile(state, '{}');
    const r = await checkStateIdentity(`${state}.identity.json`, state, { mode: 'live', accounts: { x: '1' } });
    expect(r.adopted).toBe(true);
  });
});
