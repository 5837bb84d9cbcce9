import type { PerpVenue } from '@dn/core';
import { BookOptionsRecorder } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import { afterEachOrder, guardOpenings, reduceOnlyVenue } from '../src/index.js';

const WRAPPERS: Array<[string, (v: PerpVenue) => PerpVenue]> = [
  ['afterEachOrder', (v) => afterEachOrder(v, () => undefined)],
  ['guardOpenings', (v) => guardOpenings(v, () => undefined)],
  ['reduceOnlyVenue', (v) => reduceOnlyVenue(v, 'test')],
  [
    'stacked',
    (v) =>
      reduceOnlyVenue(
        guardOpenings(
          afterEachOrder(v, () => undefined),
          () => undefined,
        ),
        'test',
      ),
  ],
];

describe.each(WRAPPERS)('%s', (_name, wrap) => {
  it('hands subscribeOrderBook’s depth to the inner venue (a dropped option would mean its default depth)', async () => {
    const inner = new BookOptionsRecorder();
    const v = wrap(inner as unknown as PerpVenue);
    await v.subscribeOrderBook('BTC', () => undefined, { depth: 1 });
    await v.subscribeOrderBook('ETH', () => undefined);
    expect(inner.seen).toEqual([{ depth: 1 }, undefined]);
  });
});
