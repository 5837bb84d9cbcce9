import { checkConnectorLayout } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';

describe('package layout', () => {
  it('has the one connector shape: listed modules, explicit public exports, no oversized file', () => {
    expect(checkConnectorLayout(new URL('..', import.meta.url).pathname, 'lighter')).toEqual([]);
  });
});
