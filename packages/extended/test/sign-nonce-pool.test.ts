import { ec } from 'starknet';
import { describe, expect, it } from 'vitest';
import {
  buildOrder,
  createExtendedAccount,
  EXTENDED_MAINNET_DOMAIN,
  getStarkPublicKey,
  StarkNoncePool,
  signStarkHash,
  verifyOrderBody,
  verifyStarkSignature,
} from '../src/index.js';
import { officialSign, officialWasm } from './support/official-wasm.js';
import { Prng } from './support/prng.js';
import { loadVector, type PythonSdkOrderFile, pythonSdkFixtures } from './vectors.js';

// FAKE key from the public Python SDK fixtures. Never fund it.
const PRIVATE_KEY = '0x7a7ff6fd3cab02ccdcd4a572563f5976f8976899b03a39773795a3c486d4986';
const D = BigInt(PRIVATE_KEY);
const hex = (n: bigint) => `0x${n.toString(16)}`;

describe('StarkNoncePool (opt-in precomputed nonces)', () => {
  it('signatures verify with starknet.js and ours, over hashes the official WASM computes; never deterministic', () => {
    const wasm = officialWasm();
    const pool = new StarkNoncePool({ size: 40 });
    pool.fill();
    const fullPub = ec.starkCurve.getPublicKey(PRIVATE_KEY, false);
    const pub = getStarkPublicKey(PRIVATE_KEY);
    const rng = new Prng(0x9001n);
    for (let i = 0; i < 30; i++) {
      // The official signer's order message hash: what an order signature covers.
      const h = BigInt(
        wasm.get_order_msg(
          String(rng.below(2n ** 32n)),
          '0x4254432d3600000000000000000000',
          String(rng.below(10n ** 9n)),
          '0x1',
          `-${rng.below(10n ** 12n)}`,
          '0x1',
          String(rng.below(10n ** 6n)),
          String(1_700_000_000n + rng.below(10n ** 8n)),
          String(rng.below(2n ** 31n)),
          pub,
          'Perpetuals',
          'v0',
          'SN_MAIN',
          '1',
        ),
      );
      const sig = pool.sign(h, D)!;
      expect(sig).toBeDefined();
      expect(sig.r < 2n ** 251n && sig.s < 2n ** 251n && sig.s > 0n).toBe(true);
      expect(ec.starkCurve.verify(new ec.starkCurve.Signature(sig.r, sig.s), hex(h), fullPub)).toBe(true);
      expect(verifyStarkSignature(h, sig, pub)).toBe(true);
      // Not the deterministic (official, RFC 6979) signature, which the default path reproduces.
      const official = officialSign(PRIVATE_KEY, hex(h));
      expect(hex(sig.r)).not.toBe(official.r);
      expect(signStarkHash(h, PRIVATE_KEY)).toEqual(official);
    }
  });

  it('never hands out a nonce twice: each signature takes one out, an empty pool returns undefined', () => {
    const pool = new StarkNoncePool({ size: 50 });
    pool.fill();
    expect(pool.available).toBe(50);
    const rs = new Set<bigint>();
    let n = 0;
    for (;;) {
      const before = pool.available;
      const sig = pool.sign(BigInt(n + 1) * 0x1234567n, D);
      if (!sig) break;
      n++;
      rs.add(sig.r);
      expect(pool.available).toBeLessThan(before);
    }
    expect(n).toBeGreaterThan(40);
    expect(rs.size).toBe(n);
    expect(pool.issued).toBe(n + pool.dropped);
    expect(pool.available).toBe(0);
    expect(pool.sign(7n, D)).toBeUndefined();
  });

  it('the same hash signed twice gets two different nonces (no reuse across equal messages)', () => {
    const pool = new StarkNoncePool({ size: 4 });
    pool.fill();
    const a = pool.sign(0xabcdefn, D)!;
    const b = pool.sign(0xabcdefn, D)!;
    expect(a.r).not.toBe(b.r);
    expect(verifyStarkSignature(0xabcdefn, a, getStarkPublicKey(PRIVATE_KEY))).toBe(true);
    expect(verifyStarkSignature(0xabcdefn, b, getStarkPublicKey(PRIVATE_KEY))).toBe(true);
  });

  it('a broken random source (repeating bytes) is refused instead of reusing k', () => {
    const pool = new StarkNoncePool({ size: 3, randomBytes: (out) => out.fill(0x42) });
    expect(() => pool.fill()).toThrow(/random source is broken/);
    // What was made before the repeat is dropped too.
    expect(pool.available).toBe(0);
  });

  it('keepFull refills in the background, one nonce per turn, and stops', async () => {
    const pool = new StarkNoncePool({ size: 5 });
    const stop = pool.keepFull();
    for (let i = 0; i < 100 && pool.available < 5; i++) await new Promise((r) => setImmediate(r));
    expect(pool.available).toBe(5);
    pool.sign(1n, D);
    for (let i = 0; i < 100 && pool.available < 5; i++) await new Promise((r) => setImmediate(r));
    expect(pool.available).toBe(5);
    stop();
    pool.sign(2n, D);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(pool.available).toBe(4);
  });

  it('buildOrder with a pool: the body verifies (as the simulator checks it), same hash and id as without', () => {
    const account = createExtendedAccount({ vault: 10002, privateKey: PRIVATE_KEY });
    const { market } = pythonSdkFixtures(loadVector<PythonSdkOrderFile>('python-sdk-limit-order-objects.json'));
    const base = {
      market,
      account,
      domain: EXTENDED_MAINNET_DOMAIN,
      side: 'BUY' as const,
      qty: '0.001',
      price: '43445.1',
      fee: '0.0005',
      expiryEpochMillis: 1_706_836_137_000,
      nonce: 1473459052,
    };
    const pool = new StarkNoncePool({ size: 2 });
    pool.fill();
    const det = buildOrder(base as Parameters<typeof buildOrder>[0]);
    const fast = buildOrder({ ...base, nonces: pool } as Parameters<typeof buildOrder>[0]);
    expect(fast.orderHash).toBe(det.orderHash);
    expect(fast.body.id).toBe(det.body.id);
    expect(fast.body.settlement!.signature).not.toEqual(det.body.settlement!.signature);
    expect(pool.available).toBe(1);
    const h = BigInt(fast.orderHash);
    const sig = fast.body.settlement!.signature;
    expect(verifyStarkSignature(h, sig, account.publicKey)).toBe(true);
    expect(
      ec.starkCurve.verify(
        new ec.starkCurve.Signature(BigInt(sig.r), BigInt(sig.s)),
        fast.orderHash,
        ec.starkCurve.getPublicKey(PRIVATE_KEY, false),
      ),
    ).toBe(true);
    expect(verifyOrderBody(fast.body, market, EXTENDED_MAINNET_DOMAIN).valid).toBe(true);
    // Pool empty: the deterministic signature again.
    pool.sign(1n, D);
    const again = buildOrder({ ...base, nonces: pool } as Parameters<typeof buildOrder>[0]);
    expect(again.body.settlement!.signature).toEqual(det.body.settlement!.signature);
  });
});
