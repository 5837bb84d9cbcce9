import type { CycleState } from '../src/state.js';

/** An open ETH pair, long 0.5 on Lighter and short 0.5 on edgeX, opened at `openedAt`. */
export function heldEthCycle(id: string, openedAt: number, over: Partial<CycleState> = {}): CycleState {
  return {
    id,
    symbol: 'ETH',
    phase: 'open',
    step: 'open',
    first: { venue: 'lighter', side: 'buy', clientOrderIds: [], size: '0.5' },
    second: { venue: 'edgex', side: 'sell', clientOrderIds: [], size: '-0.5' },
    targetSize: '0.5',
    startedAt: openedAt,
    openedAt,
    ...over,
  };
}
