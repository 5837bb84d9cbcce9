import { checkConnectorLayout } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';

describe('connector layout', () => {
  it('has the one connector shape and exports every public name from index.ts', () => {
    expect(checkConnectorLayout(new URL('..', import.meta.url).pathname, 'edgex')).toEqual([]);
  });
});
