import type { AtomicJsonStore } from '@dn/core';
import type { BotState } from './state.js';

/**
 * Saves one at a time, in call order: two writes racing to rename could leave the older state on disk. Each save
 * serialises the state as it is when its turn comes, so the file only moves forward. Counts consecutive failures:
 * the bot halts when the disk keeps refusing.
 */
export class StateSaver {
  private chain: Promise<void> = Promise.resolve();
  private failed = 0;

  constructor(private readonly store: AtomicJsonStore<BotState>) {}

  get consecutiveFailures(): number {
    return this.failed;
  }

  save(current: () => BotState): Promise<void> {
    const next = this.chain.then(() => this.store.save(current()));
    this.chain = next.catch(() => undefined);
    return next.then(
      () => {
        this.failed = 0;
      },
      (e: unknown) => {
        this.failed += 1;
        throw e;
      },
    );
  }
}
