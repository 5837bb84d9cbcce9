import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { tsxLoader } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import { type ChrtRunner, setMainThreadRealtime } from '../src/realtime.js';

describe('realtime_priority', () => {
  it('asks chrt for SCHED_FIFO with reset-on-fork on the main thread alone (its id is the process id)', async () => {
    const calls: string[][] = [];
    const out = await setMainThreadRealtime(
      12,
      async (args) => {
        calls.push(args);
      },
      'linux',
    );
    expect(out).toEqual({ applied: true, priority: 12 });
    // No --all-tasks: the signing thread and V8's helpers keep their own policy.
    expect(calls).toEqual([['--reset-on-fork', '--fifo', '--pid', '12', String(process.pid)]]);
  });

  it('does nothing off Linux, and says so', async () => {
    let called = false;
    const out = await setMainThreadRealtime(
      10,
      async () => {
        called = true;
      },
      'darwin',
    );
    expect(called).toBe(false);
    expect(out).toEqual({ applied: false, reason: 'real-time scheduling is set on Linux only (darwin)' });
  });

  it('explains a refusal: no chrt, or not permitted (with what would permit it)', async () => {
    const missing: ChrtRunner = async () => {
      throw Object.assign(new Error('spawn chrt ENOENT'), { code: 'ENOENT' });
    };
    expect(await setMainThreadRealtime(10, missing, 'linux')).toEqual({
      applied: false,
      reason: 'chrt (util-linux) is not installed',
    });
    const refused: ChrtRunner = async () => {
      throw Object.assign(new Error('Command failed'), {
        code: 1,
        stderr: "chrt: failed to set pid 42's policy: Operation not permitted",
      });
    };
    const out = await setMainThreadRealtime(10, refused, 'linux');
    expect(out.applied).toBe(false);
    expect(!out.applied && out.reason).toMatch(/^not permitted \(chrt: failed .*CAP_SYS_NICE.*RLIMIT_RTPRIO/);
  });

  it.runIf(process.platform === 'linux')(
    'in a real process: the main thread is SCHED_FIFO when permitted, and a thread started after it is not',
    async () => {
      // A child process, so that this test's own threads are never made real-time. It reports its main thread's and
      // a later worker thread's policy and real-time priority from /proc (fields 41 and 40 of a task's stat).
      const module = pathToFileURL(new URL('../src/realtime.ts', import.meta.url).pathname).href;
      const script = `
        import { readdirSync, readFileSync } from 'node:fs';
        import { Worker } from 'node:worker_threads';
        import { setMainThreadRealtime } from ${JSON.stringify(module)};
        const sched = (tid) => {
          const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
          const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
          return { rtPriority: Number(f[37]), policy: Number(f[38]) };
        };
        const before = new Set(readdirSync('/proc/self/task'));
        const outcome = await setMainThreadRealtime(7);
        const w = new Worker('setTimeout(() => {}, 10000)', { eval: true });
        await new Promise((r) => w.once('online', r));
        const later = readdirSync('/proc/self/task').filter((t) => !before.has(t)).map(sched);
        console.log(JSON.stringify({ outcome, main: sched(process.pid), later }));
        await w.terminate();
      `;
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--import', tsxLoader(import.meta.dirname), '--input-type=module', '-e', script],
          { timeout: 20_000 },
          (error, out) => (error ? reject(error) : resolve(out)),
        );
      });
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        outcome: Awaited<ReturnType<typeof setMainThreadRealtime>>;
        main: { rtPriority: number; policy: number };
        later: { rtPriority: number; policy: number }[];
      };
      expect(r.later.length).toBeGreaterThan(0);
      // SCHED_OTHER is 0 and SCHED_FIFO 1.
      for (const t of r.later) expect(t).toEqual({ rtPriority: 0, policy: 0 });
      if (r.outcome.applied) expect(r.main).toEqual({ rtPriority: 7, policy: 1 });
      else {
        // An unprivileged machine: refused with a reason, and nothing changed.
        expect(r.outcome.reason).not.toBe('');
        expect(r.main).toEqual({ rtPriority: 0, policy: 0 });
      }
    },
  );
});
