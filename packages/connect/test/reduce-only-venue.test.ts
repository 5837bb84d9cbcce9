import { isDnError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { reduceOnlyVenue } from '../src/index.js';
import { recordingVenue } from './recording-venue.js';

describe('reduceOnlyVenue', () => {
  it('refuses every opening order before it is sent and passes reduce-only orders and reads through', async () => {
    const { venue, sent } = recordingVenue();
    const guarded = reduceOnlyVenue(venue, 'liquidation-monitor');
    const refused = await guarded
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '1' })
      .catch((e: unknown) => e);
    expect(isDnError(refused, 'INVALID_INPUT')).toBe(true);
    expect((refused as Error).message).toContain('liquidation-monitor never opens a position');
    expect(sent).toEqual([]);
    await guarded.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '1', reduceOnly: true });
    expect(sent).toHaveLength(1);
    expect(await guarded.getPositions()).toEqual([]);
  });
});
