import { poseidonHashMany as scurePoseidonHashMany } from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME } from '../src/index.js';
import { EMPTY_STATE, poseidonAbsorb, poseidonFinish, poseidonHashMany } from '../src/signing/poseidon.js';
import { Prng } from './support/prng.js';

describe('specialised Poseidon permutation', () => {
  it('equals @scure/starknet poseidonHashMany for 0..13 elements, random and extreme values', () => {
    const rng = new Prng(42n);
    for (let n = 0; n <= 13; n++) {
      const random = Array.from({ length: n }, () => rng.below(FIELD_PRIME));
      const extreme = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? FIELD_PRIME - 1n : 0n));
      expect(poseidonHashMany(random)).toBe(scurePoseidonHashMany(random));
      expect(poseidonHashMany(extreme)).toBe(scurePoseidonHashMany(extreme));
    }
  });

  it('resuming from a cached absorbed prefix gives the same hash', () => {
    const values = [1n, 2n, 3n, 4n, 5n];
    expect(poseidonFinish(poseidonAbsorb(EMPTY_STATE, values.slice(0, 2)), values.slice(2))).toBe(
      poseidonHashMany(values),
    );
    expect(poseidonFinish(poseidonAbsorb(EMPTY_STATE, values.slice(0, 4)), values.slice(4))).toBe(
      poseidonHashMany(values),
    );
  });

  it('refuses an odd-length absorb (it would silently skip padding)', () => {
    expect(() => poseidonAbsorb(EMPTY_STATE, [1n])).toThrow(RangeError);
  });
});
