import { describe, expect, it } from 'vitest';
import { closeRun, stopOnSignals, userArgs } from '../src/index.js';

describe('app lifecycle', () => {
  it('userArgs drops only a leading `--` (what `pnpm start -- --flag` forwards)', () => {
    expect(userArgs(['--', '--paper', '--', 'x'])).toEqual(['--paper', '--', 'x']);
    expect(userArgs(['--paper'])).toEqual(['--paper']);
  });

  it('stopOnSignals: the first SIGTERM aborts the run; dispose removes the handlers; closeRun releases in order', async () => {
    const before = process.listenerCount('SIGTERM');
    const stop = stopOnSignals();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(stop.signal.aborted).toBe(true);
    const order: string[] = [];
    await closeRun({
      signals: stop,
      alerter: {
        flush: async (ms) => order.push(`flush ${ms}`),
        close: () => order.push('alerter'),
      },
      ops: { close: async () => order.push('ops') },
      connection: { close: async () => order.push('connection') },
    });
    expect(order).toEqual(['flush 5000', 'alerter', 'ops', 'connection']);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
