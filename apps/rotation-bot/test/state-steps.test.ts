import { describe, expect, it } from 'vitest';
import { botStateSchema, emptyState } from '../src/state.js';

const cycle = (step: string) => ({
  id: 'rb1',
  symbol: 'BTC',
  phase: 'opening',
  step,
  first: { venue: 'lighter', side: 'buy', clientOrderIds: [], size: '0.01' },
  second: { venue: 'extended', side: 'sell', clientOrderIds: [], size: '0' },
  targetSize: '0.01',
  startedAt: 1,
});

describe('saved cycle step', () => {
  it('is one of the known steps, with the attempt of a retried step apart', () => {
    const s = botStateSchema.parse({ ...emptyState(), cycle: { ...cycle('hedge_sent'), stepAttempt: 2 } });
    expect(s.cycle?.step).toBe('hedge_sent');
    expect(s.cycle?.stepAttempt).toBe(2);
  });

  it('reads a state file of the earlier form, the attempt in the step name', () => {
    for (const [old, step, attempt] of [
      ['hedge_sent_3', 'hedge_sent', 3],
      ['hedge_confirmed_1', 'hedge_confirmed', 1],
      ['close_attempt_12', 'close_attempt', 12],
    ] as const) {
      const s = botStateSchema.parse({ ...emptyState(), cycle: cycle(old) });
      expect([s.cycle?.step, s.cycle?.stepAttempt]).toEqual([step, attempt]);
    }
  });

  it('refuses a step it does not know instead of guessing where the cycle stood', () => {
    expect(() => botStateSchema.parse({ ...emptyState(), cycle: cycle('hedged') })).toThrow(/step/);
  });
});
