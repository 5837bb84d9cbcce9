import type { PerpVenue } from '@dn/core';
import { BookOptionsRecorder } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import { type Call, crashSwitch, faulty, instrument } from '../src/testing/index.js';

const calls: Call[] = [];
const PROBES: Array<[string, (v: PerpVenue) => PerpVenue]> = [
  ['instrument', (v) => instrument('a', v, calls)],
  ['faulty', (v) => faulty(v, { placeOrder: async () => undefined })],
  ['crashSwitch().venue', (v) => crashSwitch(undefined).venue(v)],
];

describe.each(PROBES)('%s', (_name, wrap) => {
  it('hands subscribeOrderBook’s depth to the inner venue', async () => {
    const inner = new BookOptionsRecorder();
    await wrap(inner as unknown as PerpVenue).subscribeOrderBook('BTC', () => undefined, { depth: 2 });
    expect(inner.seen).toEqual([{ depth: 2 }]);
  });
});
