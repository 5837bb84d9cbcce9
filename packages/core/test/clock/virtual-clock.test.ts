import { describe, expect, it } from 'vitest';
import { candleIntervalMs, InvalidInputError, RealClock, VirtualClock } from '../../src/index.js';

describe('VirtualClock (stepped)', () => {
  it('fires timers in virtual-time order and lets async chains continue', async () => {
    const clock = new VirtualClock({ startMs: 1_000, mode: 'stepped' });
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100);
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1_000);
        seen.push(`loop${i}@${clock.now()}`);
      }
    })();
    await clock.advance(3_000);
    await loop;
    expect(seen).toEqual(['a@1100', 'b@1200', 'loop0@2000', 'loop1@3000', 'loop2@4000']);
    expect(clock.now()).toBe(4_000);
  });

  it('does not fire cleared timers and supports abortable sleep', async () => {
    const clock = new VirtualClock({ startMs: 0, mode: 'stepped' });
    let fired = false;
    const h = clock.setTimeout(() => {
      fired = true;
    }, 10);
    clock.clearTimeout(h);
    const ac = new AbortController();
    const p = clock.sleep(100, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    await clock.advance(1_000);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('VirtualClock.runUntilSettled', () => {
  it('steps time only while the work waits on the clock, letting real I/O finish first', async () => {
    const clock = new VirtualClock({ startMs: 0, mode: 'stepped' });
    const work = (async () => {
      await clock.sleep(60_000);
      // Real I/O in the middle: virtual time must not run ahead while it is pending.
      const before = clock.now();
      await new Promise((r) => setTimeout(r, 20));
      const during = clock.now() - before;
      await clock.sleep(60_000);
      return during;
    })();
    expect(await clock.runUntilSettled(work)).toBe(0);
    expect(clock.now()).toBe(120_000);
  });

  it('gives up after the real-time limit', async () => {
    const clock = new VirtualClock({ startMs: 0, mode: 'stepped' });
    await expect(clock.runUntilSettled(new Promise(() => undefined), { realTimeoutMs: 50 })).rejects.toThrow(
      /still running/,
    );
  });
});

describe('candleIntervalMs', () => {
  it('maps unified intervals and refuses others', () => {
    expect(candleIntervalMs('4h')).toBe(14_400_000);
    expect(() => candleIntervalMs('7m' as '1m', 'x')).toThrow(InvalidInputError);
  });
});

describe('VirtualClock (speed)', () => {
  it('runs N× faster than wall time', async () => {
    const clock = new VirtualClock({ startMs: 0, mode: { speed: 1_000 } });
    const t0 = Date.now();
    await clock.sleep(50_000); // 50 s virtual = 50 ms real
    const real = Date.now() - t0;
    expect(real).toBeGreaterThanOrEqual(40);
    expect(real).toBeLessThan(2_000);
    expect(clock.now()).toBeGreaterThanOrEqual(49_000);
    await expect(clock.advance(1)).rejects.toThrow(/stepped/);
  });
});

describe('RealClock', () => {
  it('sleeps in real time', async () => {
    const c = new RealClock();
    const t0 = Date.now();
    await c.sleep(20);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
