import { randomFillSync } from 'node:crypto';
import { SigningError } from '@dn/core';
import { invert } from '@noble/curves/abstract/modular.js';
import { Point } from '@scure/starknet';
import { CURVE_ORDER, ELEMENT_UPPER_BOUND } from './constants.js';

/** r of the last this-many nonces made are remembered: a repeat means the random source is broken. */
const RECENT_R = 100_000;

/** One precomputed nonce: k, k⁻¹ mod n and r = (k·G).x. Private to the pool; handed out once. */
interface Nonce {
  kInv: bigint;
  r: bigint;
}

export interface StarkNoncePoolOptions {
  /** Nonces kept ready (default 64). Each costs one curve multiplication to make. */
  size?: number;
  /**
   * 32 random bytes per call. Default: the OS CSPRNG (`crypto.randomFillSync`). Tests may pass a deterministic
   * source; production must not.
   */
  randomBytes?: (out: Uint8Array) => void;
}

/**
 * OPT-IN, NOT RFC 6979: Stark ECDSA nonces drawn ahead of time, so that signing an order costs a multiplication mod
 * n instead of a curve multiplication (the bulk of an order's signing time).
 *
 * Security argument. ECDSA is secure with any k that is uniform in [1, n), secret, and never used twice; RFC 6979
 * only removes the dependence on a good random source. Here:
 * - k comes from the OS CSPRNG, 252-bit candidates by rejection sampling (no modular reduction, so no bias: a
 *   biased k, even by a few bits, leaks the key to lattice attacks);
 * - a nonce is removed from the pool before its signature is computed and never put back (one whose s is 0 or
 *   ≥ 2^251 is dropped), and the pool is never persisted, serialised or copied: reuse would need two copies of this
 *   process's memory (a fork or a VM snapshot taken after `fill`), which is why this path is off by default and must
 *   not be used where process memory is cloned;
 * - only k⁻¹ and r are kept; they are as secret as the private key and live beside it in the same process.
 * Signatures verify like any other but are not deterministic: the same order signed twice gives two different
 * signatures, and they do not match the official signer's vectors (the default path does). With the pool empty,
 * signing falls back to the deterministic path.
 */
export class StarkNoncePool {
  private readonly nonces: Nonce[] = [];
  private readonly size: number;
  private readonly random: (out: Uint8Array) => void;
  private readonly recentR = new Set<bigint>();
  private refill: ReturnType<typeof setImmediate> | undefined;
  /** Nonces handed out (each exactly once). */
  issued = 0;
  /** Nonces dropped because s came out 0 or ≥ 2^251. */
  dropped = 0;
  /** Why the background refill stopped, if it did (a repeated nonce). */
  failure: Error | undefined;

  constructor(options: StarkNoncePoolOptions = {}) {
    this.size = options.size ?? 64;
    if (!Number.isSafeInteger(this.size) || this.size < 1) throw new RangeError('StarkNoncePool size must be ≥ 1');
    this.random = options.randomBytes ?? ((out) => randomFillSync(out));
  }

  get available(): number {
    return this.nonces.length;
  }

  /** Makes nonces until `count` more are ready or the pool is full (synchronous: one curve multiplication each). */
  fill(count = this.size - this.nonces.length): void {
    for (let i = 0; i < count && this.nonces.length < this.size; i++) this.nonces.push(this.make());
  }

  /**
   * Keeps the pool full in the background, one nonce per event-loop turn (setImmediate), so that no single turn
   * blocks for more than one multiplication. Returns the function that stops it.
   */
  keepFull(): () => void {
    const step = () => {
      this.refill = undefined;
      if (this.nonces.length >= this.size) return;
      try {
        this.nonces.push(this.make());
      } catch (e) {
        // A broken random source: stop making nonces; signing falls back to the deterministic path.
        this.failure = e as Error;
        this.wake = undefined;
        return;
      }
      this.refill = setImmediate(step);
    };
    this.wake = () => {
      if (this.refill === undefined && this.nonces.length < this.size) this.refill = setImmediate(step);
    };
    this.wake();
    return () => {
      this.wake = undefined;
      if (this.refill !== undefined) clearImmediate(this.refill);
      this.refill = undefined;
    };
  }

  /**
   * Signs `z` (< 2^251) with key `d` using the next nonce, which is gone from the pool afterwards.
   * @returns undefined when the pool is empty (the caller signs deterministically instead).
   */
  sign(z: bigint, d: bigint): { r: bigint; s: bigint } | undefined {
    for (;;) {
      const nonce = this.nonces.shift();
      if (nonce === undefined) {
        this.wake?.();
        return undefined;
      }
      this.issued++;
      const s = (nonce.kInv * ((z + nonce.r * d) % CURVE_ORDER)) % CURVE_ORDER;
      if (s !== 0n && s < ELEMENT_UPPER_BOUND) {
        this.wake?.();
        return { r: nonce.r, s };
      }
      this.dropped++;
    }
  }

  /** Forgets every nonce (e.g. before a process could be cloned). */
  clear(): void {
    this.nonces.length = 0;
  }

  private wake: (() => void) | undefined;

  private make(): Nonce {
    const buf = new Uint8Array(32);
    for (;;) {
      this.random(buf);
      let k = 0n;
      for (const b of buf) k = (k << 8n) | BigInt(b);
      k >>= 4n;
      if (k === 0n || k >= CURVE_ORDER) continue;
      const r = Point.BASE.multiply(k).toAffine().x;
      if (r === 0n || r >= ELEMENT_UPPER_BOUND) continue;
      buf.fill(0);
      // A repeated r means a repeated k (or n − k): a broken random source. Refuse rather than leak the key.
      if (this.recentR.has(r)) {
        this.nonces.length = 0;
        throw new SigningError('Precomputed nonce repeated: the random source is broken', {
          scheme: 'stark-ecdsa',
          reason: 'nonce reuse',
        });
      }
      if (this.recentR.size >= RECENT_R) this.recentR.clear();
      this.recentR.add(r);
      return { kInv: invert(k, CURVE_ORDER), r };
    }
  }
}
