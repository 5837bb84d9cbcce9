/**
 * Deterministic randomness. Market data uses counter-based draws (a hash of seed and coordinates), so a value
 * depends only on where it sits on the time grid, never on how often or in which order it was asked for.
 * Stateful draws (fault injection) use sfc32, whose 4-word state goes into snapshots.
 */

/** 32-bit avalanche mix (murmur3 finaliser). */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to five 32-bit coordinates. Coordinates beyond 2^32 are folded (high and low words). */
export function hash32(seed: number, a: number, b = 0, c = 0, d = 0): number {
  let h = fmix((seed ^ 0x9e3779b9) >>> 0);
  for (const x of [a, b, c, d]) {
    const lo = x >>> 0;
    const hi = Math.floor(x / 4294967296) >>> 0;
    h = fmix((h ^ lo) + 0x7f4a7c15);
    h = fmix((h ^ hi) + 0x165667b1);
  }
  return h;
}

/** Uniform in (0, 1), never 0 so that log() is safe. */
export function uniformAt(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return (hash32(seed, a, b, c, d) + 0.5) / 4294967296;
}

/** Standard normal via Box–Muller on two independent hashed uniforms. */
export function normalAt(seed: number, a: number, b = 0, c = 0, d = 0): number {
  const u1 = uniformAt(seed, a, b, c, d * 2);
  const u2 = uniformAt(seed, a, b, c, d * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Derives a 32-bit seed from a label, so venues and symbols get independent streams. */
export function seedFor(seed: number, label: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < label.length; i++) h = fmix((h ^ label.charCodeAt(i)) + i + 1);
  return h;
}

/**
 * Smooth deterministic noise in roughly [-1.5, 1.5] (normal knots, cosine-interpolated): used for slow wobbles
 * such as a venue's basis, where a random walk would drift without bound.
 */
export function smoothNoise(seed: number, t: number, knotMs: number, channel = 0): number {
  const k = Math.floor(t / knotMs);
  const f = (t - k * knotMs) / knotMs;
  const a = normalAt(seed, k, channel, 7);
  const b = normalAt(seed, k + 1, channel, 7);
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

/** sfc32: small, fast, good-quality PRNG with a serialisable state. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedOrState: number | readonly [number, number, number, number]) {
    if (typeof seedOrState === 'number') {
      this.a = 0x9e3779b9;
      this.b = 0x243f6a88;
      this.c = 0xb7e15162;
      this.d = seedOrState >>> 0;
      for (let i = 0; i < 15; i++) this.nextUint32();
    } else {
      [this.a, this.b, this.c, this.d] = seedOrState;
    }
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  state(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }
}
