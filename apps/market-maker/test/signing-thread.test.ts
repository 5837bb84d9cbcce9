import { Decimal, SigningError } from '@dn/core';
import { type BuildOrderParameters, buildOrder, EXTENDED_SEPOLIA_DOMAIN, verifyOrderBody } from '@dn/extended';
import { afterEach, describe, expect, it } from 'vitest';
import { type SigningThread, startSigningThread } from '../src/signing-thread.js';

// The public Python SDK's test key: FAKE, never funded.
const TEST_KEY = '0x7a7ff6fd3cab02ccdcd4a572563f5976f8976899b03a39773795a3c486d4986';
const params = (i: number): BuildOrderParameters => ({
  market: {
    name: 'ETH-USD',
    tradingConfig: {
      minOrderSize: new Decimal('0.01'),
      minOrderSizeChange: new Decimal('0.001'),
      minPriceChange: new Decimal('0.1'),
      maxPositionValue: new Decimal('1000000'),
    },
    l2Config: {
      collateralId: '0x1',
      collateralResolution: 1000000,
      syntheticId: '0x4554482d3600000000000000000000',
      syntheticResolution: 1000,
    },
  },
  account: { vault: 10002, privateKey: TEST_KEY },
  domain: EXTENDED_SEPOLIA_DOMAIN,
  side: i % 2 === 0 ? 'BUY' : 'SELL',
  qty: new Decimal('0.05'),
  price: new Decimal('3000.1').plus(i),
  fee: new Decimal('0.0005'),
  postOnly: true,
  expiryEpochMillis: 1_765_000_000_000 + i,
  nonce: 1000 + i,
  externalId: `mm-${i}`,
});

let thread: SigningThread | undefined;
afterEach(async () => {
  await thread?.close();
  thread = undefined;
});

describe('signing thread (presign_thread)', () => {
  it('answers every request with the body buildOrder gives on this thread, byte for byte (RFC 6979)', async () => {
    thread = startSigningThread();
    const asked = Array.from({ length: 6 }, (_, i) => params(i));
    // Sent at once: answers are matched to their requests, whatever the order of arrival.
    const got = await Promise.all(asked.map((p) => thread!.build(p)));
    for (const [i, r] of got.entries()) {
      const local = buildOrder(asked[i]!);
      expect(JSON.stringify(r.body)).toBe(JSON.stringify(local.body));
      expect(r.externalId).toBe(`mm-${i}`);
      expect(r.settlementExpiration).toBe(local.settlementExpiration);
    }
    expect(thread.pending).toBe(0);
  });

  it('with precomputed_nonces the thread signs from a pool of its own: other signatures, each one valid', async () => {
    thread = startSigningThread({ precomputedNonces: true });
    const p = params(4);
    const [a, b] = await Promise.all([thread.build(p), thread.build(p)]);
    const local = buildOrder(p);
    for (const r of [a, b]) {
      expect({ ...r.body, settlement: undefined }).toEqual({ ...local.body, settlement: undefined });
      expect(r.body.settlement?.signature).not.toEqual(local.body.settlement?.signature);
      expect(verifyOrderBody(r.body, p.market, EXTENDED_SEPOLIA_DOMAIN).valid).toBe(true);
    }
    // A fresh nonce per order: the same order signed twice gives two signatures.
    expect(a.body.settlement?.signature.r).not.toBe(b.body.settlement?.signature.r);
  });

  it('a refusal comes back as SigningError with the message only; the thread keeps serving', async () => {
    thread = startSigningThread();
    const e = await thread.build({ ...params(0), price: '3000.15' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SigningError);
    expect(String((e as Error).message)).toMatch(/price/i);
    expect(JSON.stringify(e)).not.toContain(TEST_KEY.slice(2, 20));
    await expect(thread.build(params(1))).resolves.toMatchObject({ externalId: 'mm-1' });
  });

  it('once closed, pending and later requests are refused (a presign then fails; placeOrder signs itself)', async () => {
    const stopped: Error[] = [];
    thread = startSigningThread({ precomputedNonces: false, onStopped: (e) => stopped.push(e) });
    const inflight = thread.build(params(2));
    await thread.close();
    await expect(inflight).rejects.toBeInstanceOf(SigningError);
    await expect(thread.build(params(3))).rejects.toBeInstanceOf(SigningError);
    // A close is not a failure: nothing to report.
    expect(stopped).toEqual([]);
    thread = undefined;
  });
});
