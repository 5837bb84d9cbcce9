import { isDnError, SigningError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import {
  buildOrder,
  createExtendedAccount,
  ELEMENT_UPPER_BOUND,
  EXTENDED_MAINNET_DOMAIN,
  getStarkPublicKey,
  orderBodyMessageHash,
  orderMessageHash,
  signStarkHash,
  verifyOrderBody,
  verifyStarkSignature,
} from '../src/index.js';
// FAKE test keys (random or from the public SDK fixtures). Never fund them.
import { TEST_KEY as KEY, BTC_ORDER_MARKET as market, TEST_PUBLIC as PUB } from './support/btc-market.js';
import { Prng } from './support/prng.js';

describe('sign → verify round trips', () => {
  it('random hashes and keys verify; tampered hash, r, s or key do not', () => {
    const rng = new Prng(7n);
    for (let i = 0; i < 20; i++) {
      const key = `0x${(1n + rng.bits(250)).toString(16)}`;
      const pub = getStarkPublicKey(key);
      const hash = rng.below(ELEMENT_UPPER_BOUND);
      const sig = signStarkHash(hash, key);
      expect(verifyStarkSignature(hash, sig, pub)).toBe(true);
      expect(verifyStarkSignature(hash + 1n, sig, pub)).toBe(false);
      expect(verifyStarkSignature(hash, { r: BigInt(sig.r) ^ 1n, s: sig.s }, pub)).toBe(false);
      expect(verifyStarkSignature(hash, { r: sig.r, s: BigInt(sig.s) ^ 1n }, pub)).toBe(false);
      expect(verifyStarkSignature(hash, sig, PUB)).toBe(false);
    }
  });

  it('verification never throws on garbage: it answers false', () => {
    expect(verifyStarkSignature('0x1', { r: '0x0', s: '0x1' }, PUB)).toBe(false);
    expect(verifyStarkSignature('nope', { r: '0x1', s: '0x1' }, PUB)).toBe(false);
    expect(verifyStarkSignature(ELEMENT_UPPER_BOUND, { r: '0x1', s: '0x1' }, PUB)).toBe(false);
    expect(verifyStarkSignature('0x1', { r: '0x1', s: '0x1' }, '0x0')).toBe(false);
  });

  it('signing is deterministic and accepts bigint, decimal and hex hashes alike', () => {
    const a = signStarkHash('0x12345', KEY);
    expect(signStarkHash(0x12345n, KEY)).toEqual(a);
    expect(signStarkHash('74565', KEY)).toEqual(a);
  });
});

describe('signing input errors', () => {
  it.each([
    ['not hex', 'zz'],
    ['too long', `0x${'1'.repeat(65)}`],
    ['zero', '0x0'],
    ['curve order', '0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f'],
    ['empty', ''],
  ])('malformed private key (%s) → SigningError without the key', (_label, key) => {
    const err = catchError(() => signStarkHash('0x1', key));
    expect(err).toBeInstanceOf(SigningError);
    expect(isDnError(err, 'SIGNING')).toBe(true);
    if (key.length > 2) expect(String((err as Error).message)).not.toContain(key.slice(2));
  });

  it('a real-looking key never appears in an error about the hash', () => {
    const err = catchError(() => signStarkHash(ELEMENT_UPPER_BOUND, KEY));
    expect(err).toBeInstanceOf(SigningError);
    expect(JSON.stringify((err as SigningError).context) + (err as Error).message).not.toContain(KEY.slice(2, 20));
  });

  it('order fields out of their Cairo types are refused', () => {
    const base = {
      positionId: 1,
      baseAssetId: '0x2',
      baseAmount: 3,
      quoteAssetId: '0x4',
      quoteAmount: -5,
      feeAssetId: '0x4',
      feeAmount: 7,
      expiration: 8,
      salt: 9,
    };
    expect(() => orderMessageHash({ ...base, positionId: 2n ** 32n }, EXTENDED_MAINNET_DOMAIN, PUB)).toThrow(
      SigningError,
    );
    expect(() => orderMessageHash({ ...base, baseAmount: 2n ** 63n }, EXTENDED_MAINNET_DOMAIN, PUB)).toThrow(
      SigningError,
    );
    expect(() => orderMessageHash({ ...base, feeAmount: -1 }, EXTENDED_MAINNET_DOMAIN, PUB)).toThrow(SigningError);
    expect(() => orderMessageHash({ ...base, salt: 2n ** 64n }, EXTENDED_MAINNET_DOMAIN, PUB)).toThrow(SigningError);
    expect(() => orderMessageHash({ ...base, baseAmount: 1.5 }, EXTENDED_MAINNET_DOMAIN, PUB)).toThrow(SigningError);
    expect(() => orderMessageHash(base, { ...EXTENDED_MAINNET_DOMAIN, chainId: 'é' }, PUB)).toThrow(SigningError);
  });

  it('negative i64 amounts hash as P − |x|: −x and P − x give the same hash', () => {
    const o = {
      positionId: 1,
      baseAssetId: '0x2',
      baseAmount: -3n,
      quoteAssetId: '0x4',
      quoteAmount: 5n,
      feeAssetId: '0x4',
      feeAmount: 7,
      expiration: 8,
      salt: 9,
    };
    const h = orderMessageHash(o, EXTENDED_MAINNET_DOMAIN, PUB);
    expect(h).not.toBe(orderMessageHash({ ...o, baseAmount: 3n }, EXTENDED_MAINNET_DOMAIN, PUB));
    expect(orderMessageHash({ ...o, baseAmount: '-3' }, EXTENDED_MAINNET_DOMAIN, PUB)).toBe(h);
  });
});

describe('order bodies: build → verify', () => {
  const account = createExtendedAccount({ vault: 10002, privateKey: KEY });
  const order = {
    market,
    account,
    domain: EXTENDED_MAINNET_DOMAIN,
    side: 'BUY' as const,
    qty: '0.01',
    price: '65001',
    fee: '0.00025',
    builderFee: '0.0001',
    builderId: 7,
    expiryEpochMillis: 1_760_000_000_123,
    nonce: 42,
    tpSlType: 'ORDER' as const,
    takeProfit: {
      triggerPrice: '70000',
      triggerPriceType: 'MARK' as const,
      price: '69990',
      priceType: 'LIMIT' as const,
    },
    stopLoss: {
      triggerPrice: '60000',
      triggerPriceType: 'LAST' as const,
      price: '59000',
      priceType: 'MARKET' as const,
    },
  };

  it('createExtendedAccount derives the same public key as getStarkPublicKey', () => {
    expect(account.publicKey).toBe(PUB);
    expect(getStarkPublicKey(KEY)).toBe(PUB);
  });

  it('a built body verifies, and its hash matches orderBodyMessageHash', () => {
    const { body, orderHash } = buildOrder(order);
    const result = verifyOrderBody(body, market, EXTENDED_MAINNET_DOMAIN);
    expect(result.valid).toBe(true);
    expect(result.checks.map((c) => c.part)).toEqual(['order', 'takeProfit', 'stopLoss']);
    expect(orderBodyMessageHash(body, market, EXTENDED_MAINNET_DOMAIN)).toBe(orderHash);
    // JSON round trip (what the simulator receives) changes nothing.
    expect(verifyOrderBody(JSON.parse(JSON.stringify(body)), market, EXTENDED_MAINNET_DOMAIN).valid).toBe(true);
  });

  it.each([
    ['qty', { qty: '0.02' }],
    ['price', { price: '65000' }],
    ['fee', { fee: '0.0003' }],
    ['builderFee', { builderFee: '0' }],
    ['nonce', { nonce: '43' }],
    ['expiry (other second)', { expiryEpochMillis: 1_760_000_001_123 }],
    ['side', { side: 'SELL' }],
  ])('tampering with %s invalidates the parent signature', (_field, patch) => {
    const { body } = buildOrder(order);
    const result = verifyOrderBody({ ...body, ...patch } as typeof body, market, EXTENDED_MAINNET_DOMAIN);
    expect(result.valid).toBe(false);
    expect(result.checks.find((c) => c.part === 'order')?.valid).toBe(false);
  });

  it('expiry moved within the same second keeps the signature valid (seconds are signed)', () => {
    const { body } = buildOrder(order);
    expect(
      verifyOrderBody({ ...body, expiryEpochMillis: 1_760_000_000_999 }, market, EXTENDED_MAINNET_DOMAIN).valid,
    ).toBe(true);
  });

  it('a different domain or vault does not verify', () => {
    const { body } = buildOrder(order);
    expect(verifyOrderBody(body, market, { ...EXTENDED_MAINNET_DOMAIN, chainId: 'SN_SEPOLIA' }).valid).toBe(false);
    const settlement = { ...body.settlement!, collateralPosition: '10003' };
    expect(verifyOrderBody({ ...body, settlement }, market, EXTENDED_MAINNET_DOMAIN).checks[0]?.valid).toBe(false);
  });

  it('tampering with a child price invalidates only that child', () => {
    const { body } = buildOrder(order);
    const result = verifyOrderBody(
      { ...body, stopLoss: { ...body.stopLoss!, price: '59001' } },
      market,
      EXTENDED_MAINNET_DOMAIN,
    );
    expect(result.checks.map((c) => [c.part, c.valid])).toEqual([
      ['order', true],
      ['takeProfit', true],
      ['stopLoss', false],
    ]);
  });

  it('malformed bodies throw InvalidInputError instead of verifying', () => {
    const { body } = buildOrder(order);
    expect(() => verifyOrderBody({ ...body, qty: 'abc' }, market, EXTENDED_MAINNET_DOMAIN)).toThrow(/qty/);
    expect(() => verifyOrderBody({ ...body, settlement: undefined }, market, EXTENDED_MAINNET_DOMAIN)).toThrow(
      /settlement/,
    );
    expect(() => orderBodyMessageHash({ ...body, nonce: '-1' }, market, EXTENDED_MAINNET_DOMAIN)).toThrow();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
