import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';

describe('waitFor', () => {
  it('polls until a value comes, a rejection counting as not yet', async () => {
    let calls = 0;
    const v = await waitFor(
      async () => {
        calls++;
        if (calls === 1) throw new Error('not there yet');
        return calls >= 3 ? 'ready' : undefined;
      },
      'the value',
      5_000,
      5,
    );
    expect(v).toBe('ready');
    expect(calls).toBe(3);
  });

  it('gives up after the timeout, naming what it waited for', async () => {
    await expect(waitFor(async () => undefined, 'the connection file', 30, 5)).rejects.toThrow(
      'timed out waiting for the connection file',
    );
  });
});
