/** splitmix64: tiny seeded PRNG so property-test failures are reproducible from the seed. */
export class Prng {
  private state: bigint;

  constructor(seed: bigint) {
    this.state = seed & 0xffffffffffffffffn;
  }

  next64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  }

  /** Uniform-ish integer with exactly `bits` random bits (top bits cleared). */
  bits(bits: number): bigint {
    let n = 0n;
    for (let have = 0; have < bits; have += 64) n = (n << 64n) | this.next64();
    return n & ((1n << BigInt(bits)) - 1n);
  }

  /** Integer in [0, max). Modulo bias is irrelevant for test inputs. */
  below(max: bigint): bigint {
    return this.bits(max.toString(2).length + 64) % max;
  }

  int(max: number): number {
    return Number(this.below(BigInt(max)));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
