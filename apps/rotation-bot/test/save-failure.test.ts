import { type AtomicJsonStore, HaltedError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotState, createStateStore } from '../src/state.js';
import { closeHarnesses, harness, net } from './harness.js';

afterEach(closeHarnesses);

/** A state store whose disk fills up on demand: every save then fails with ENOSPC. */
function fillingDisk(path: string) {
  const real = createStateStore(path);
  const disk = { full: false, failedSaves: 0 };
  const store = {
    path: real.path,
    load: () => real.load(),
    loadRequired: () => real.loadRequired(),
    save: async (s: BotState) => {
      if (disk.full) {
        disk.failedSaves += 1;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      await real.save(s);
    },
  } as unknown as AtomicJsonStore<BotState>;
  return { store, disk };
}

describe('a state file that cannot be written', () => {
  it('still sends the due close (reduce-only), backs off, and halts with the reason after repeated failures', async () => {
    const h = await harness({ hold_duration_hours: 1, check_interval_seconds: 60 });
    const { store, disk } = fillingDisk(h.statePath);
    const bot = h.newBot(undefined, store);
    await bot.init();
    await h.runFor(10 * 60_000, bot);
    expect(bot.currentState.cycle?.phase).toBe('open');
    disk.full = true;
    await expect(h.runFor(3 * 3_600_000, bot)).rejects.toThrow(HaltedError);
    // The close went out although no save succeeded: nothing is left open.
    expect(net(await h.positions()).gross.isZero()).toBe(true);
    expect((await h.halt.read())?.reason).toMatch(/state file cannot be written/);
    // Halted after a handful of failed saves, not thousands in a tight loop.
    expect(disk.failedSaves).toBeGreaterThanOrEqual(5);
    expect(disk.failedSaves).toBeLessThan(60);
  });

  it('sends no opening order while the state cannot be saved', async () => {
    const h = await harness();
    const { store, disk } = fillingDisk(h.statePath);
    const bot = h.newBot(undefined, store);
    await bot.init();
    disk.full = true;
    await expect(h.runFor(2 * 3_600_000, bot)).rejects.toThrow(HaltedError);
    expect(net(await h.positions()).gross.isZero()).toBe(true);
    expect(bot.currentState.history.length).toBe(0);
  });
});
