/**
 * Behaviour of the signer beyond the official vectors: random-nonce round trips, tampering,
 * validation, and the field arithmetic against a plain BigInt model.
 * The key below is the public FAKE test-vector key.
 */
import { DnError, InvalidInputError, SigningError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import {
  type CancelAllOrdersFields,
  type CreateOrderFields,
  createAuthToken,
  generateLighterPrivateKey,
  hashToQuintic,
  lighterPublicKey,
  type ModifyOrderFields,
  ORDER_TYPE,
  schnorrSign,
  schnorrVerify,
  signTx,
  TIME_IN_FORCE,
  TX_TYPE,
  txHash,
} from '../src/index.js';
import { decode, encode, generator, mulGenerator, pointMul } from '../src/signing/ecgfp5.js';
import { mulPair, out, P, subPair } from '../src/signing/goldilocks.js';
import { fp5, fp5FromBigints, fp5Inv, fp5Mul, fp5Sqrt, fp5Square, fp5ToBigints } from '../src/signing/quintic.js';
import { N } from '../src/signing/scalar.js';

const FAKE_KEY = '0x6c696768746572207465737420766563746f72206b65793a2046414b452c204e4f2046554e445321';
const FAKE_PUB = '0x740de8557ad95600edb39c28b7b35c7505a5b0c84603c5dc6ca1c3d52bd1ffdaa04be063c4355447';
const CHAIN = 304;

const order = (over: Partial<CreateOrderFields> = {}): CreateOrderFields => ({
  AccountIndex: 1,
  ApiKeyIndex: 3,
  MarketIndex: 1,
  ClientOrderIndex: 123456,
  BaseAmount: 1000,
  Price: 4500000,
  IsAsk: 1,
  Type: ORDER_TYPE.LIMIT,
  TimeInForce: TIME_IN_FORCE.GOOD_TILL_TIME,
  ReduceOnly: 0,
  TriggerPrice: 0,
  OrderExpiry: 1769644800000,
  ExpiredAt: 1767226199000,
  Nonce: 7,
  L2TxAttributes: null,
  ...over,
});

/** Deterministic pseudo-random uint64s (xorshift) so failures reproduce. */
function* randomU64(seed: bigint): Generator<bigint> {
  let x = seed;
  for (;;) {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    yield x;
  }
}

const sigFromTxInfo = (info: string): string => Buffer.from(JSON.parse(info).Sig, 'base64').toString('hex');

describe('Goldilocks pair arithmetic', () => {
  it('matches BigInt for random and edge values (incl. non-canonical inputs)', () => {
    const rnd = randomU64(0x9e3779b97f4a7c15n);
    const edges = [0n, 1n, P - 1n, P, P + 1n, 2n ** 64n - 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n];
    const values = [...edges];
    for (let i = 0; i < 300; i++) values.push(rnd.next().value as bigint);
    const lo = (v: bigint) => Number(v & 0xffffffffn);
    const hi = (v: bigint) => Number(v >> 32n);
    for (let i = 0; i < values.length; i++) {
      const a = values[i]!;
      const b = values[(i * 7 + 3) % values.length]!;
      mulPair(lo(a), hi(a), lo(b), hi(b));
      expect(((BigInt(out.hi) << 32n) | BigInt(out.lo)) % P).toBe((a * b) % P);
      subPair(lo(a), hi(a), lo(b), hi(b));
      expect(((BigInt(out.hi) << 32n) | BigInt(out.lo)) % P).toBe((((a - b) % P) + P) % P);
    }
  });
});

describe('GF(p^5) and the curve', () => {
  it('multiplication, squaring and inversion agree', () => {
    const rnd = randomU64(12345n);
    const next = () => Array.from({ length: 5 }, () => rnd.next().value as bigint);
    for (let i = 0; i < 20; i++) {
      const a = fp5FromBigints(next());
      expect(fp5ToBigints(fp5Square(fp5(), a))).toEqual(fp5ToBigints(fp5Mul(fp5(), a, a)));
      expect(fp5ToBigints(fp5Mul(fp5(), a, fp5Inv(fp5(), a)))).toEqual([1n, 0n, 0n, 0n, 0n]);
      const root = fp5Sqrt(fp5Square(fp5(), a));
      expect(root).toBeDefined();
      expect(fp5ToBigints(fp5Square(fp5(), root!))).toEqual(fp5ToBigints(fp5Square(fp5(), a)));
    }
  });
  it('encode(G) = 4, the fixed-base table agrees with generic multiplication, decode inverts encode', () => {
    expect(fp5ToBigints(encode(generator()))).toEqual([4n, 0n, 0n, 0n, 0n]);
    for (const k of [1n, 2n, 255n, 256n, 2n ** 200n + 12345n, N - 1n]) {
      const viaTable = encode(mulGenerator(k));
      expect(fp5ToBigints(viaTable)).toEqual(fp5ToBigints(encode(pointMul(generator(), k))));
      const back = decode(viaTable);
      expect(back).toBeDefined();
      expect(fp5ToBigints(encode(pointMul(back!, 3n)))).toEqual(fp5ToBigints(encode(mulGenerator((3n * k) % N))));
    }
    // N·G is the neutral point, which encodes to 0.
    expect(fp5ToBigints(encode(pointMul(generator(), N)))).toEqual([0n, 0n, 0n, 0n, 0n]);
  });
});

describe('Schnorr round trips', () => {
  it('sign with a random nonce → verify; signatures differ between calls', () => {
    const msg = txHash(TX_TYPE.CREATE_ORDER, order(), CHAIN);
    const a = schnorrSign(msg, FAKE_KEY);
    const b = schnorrSign(msg, FAKE_KEY);
    expect(a).not.toBe(b);
    expect(schnorrVerify(msg, a, FAKE_PUB)).toBe(true);
    expect(schnorrVerify(`0x${msg}`, b, FAKE_PUB.slice(2))).toBe(true);
  });
  it('a freshly generated key signs and verifies', () => {
    const sk = generateLighterPrivateKey();
    expect(sk).toMatch(/^0x[0-9a-f]{80}$/);
    const msg = hashToQuintic([1n, 2n, 3n])
      .map((l) => l.toString(16).padStart(16, '0').match(/../g)!.reverse().join(''))
      .join('');
    expect(schnorrVerify(msg, schnorrSign(msg, sk), lighterPublicKey(sk))).toBe(true);
  });
  it('rejects a tampered message, signature or key', () => {
    const msg = txHash(TX_TYPE.CREATE_ORDER, order(), CHAIN);
    const sig = schnorrSign(msg, FAKE_KEY);
    const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
    expect(schnorrVerify(flip(msg, 0), sig, FAKE_PUB)).toBe(false);
    expect(schnorrVerify(msg, flip(sig, 2), FAKE_PUB)).toBe(false); // s
    expect(schnorrVerify(msg, flip(sig, 90), FAKE_PUB)).toBe(false); // e
    const otherPub = lighterPublicKey(`0x${'11'.repeat(40)}`);
    expect(schnorrVerify(msg, sig, otherPub)).toBe(false);
    expect(schnorrVerify(msg, sig, `0x${'00'.repeat(40)}`)).toBe(false); // neutral key
    expect(schnorrVerify(msg, `${sig}00`, FAKE_PUB)).toBe(false);
    expect(schnorrVerify(msg, 'zz', FAKE_PUB)).toBe(false);
    // s + n encodes the same scalar but is non-canonical: refused (malleability).
    const s = BigInt(`0x${sig.slice(0, 80).match(/../g)!.reverse().join('')}`) + N;
    const sHex = s.toString(16).padStart(80, '0').match(/../g)!.reverse().join('');
    expect(schnorrVerify(msg, sHex + sig.slice(80), FAKE_PUB)).toBe(false);
  });
  it('signTx output verifies against the tx hash, for every supported type', () => {
    const cases: [number, object][] = [
      [TX_TYPE.CREATE_ORDER, order()],
      [
        TX_TYPE.CANCEL_ORDER,
        { AccountIndex: 1, ApiKeyIndex: 3, MarketIndex: 1, Index: 2n ** 59n, ExpiredAt: 1, Nonce: 2 },
      ],
      [
        TX_TYPE.CANCEL_ALL_ORDERS,
        { AccountIndex: 1, ApiKeyIndex: 255, TimeInForce: 1, Time: 1767229200000, ExpiredAt: 1, Nonce: 3 },
      ],
      [
        TX_TYPE.MODIFY_ORDER,
        {
          AccountIndex: 1,
          ApiKeyIndex: 3,
          MarketIndex: 0,
          Index: 5,
          BaseAmount: 10,
          Price: 99,
          TriggerPrice: 0,
          ExpiredAt: 1,
          Nonce: 4,
        },
      ],
      [
        TX_TYPE.UPDATE_LEVERAGE,
        {
          AccountIndex: 1,
          ApiKeyIndex: 3,
          MarketIndex: 1,
          InitialMarginFraction: 500,
          MarginMode: 1,
          ExpiredAt: 1,
          Nonce: 5,
        },
      ],
    ];
    for (const [type, fields] of cases) {
      // biome-ignore lint/suspicious/noExplicitAny: generic over the tx type
      const info = signTx(type as any, fields as any, CHAIN, FAKE_KEY);
      // biome-ignore lint/suspicious/noExplicitAny: generic over the tx type
      const hash = txHash(type as any, fields as any, CHAIN);
      expect(schnorrVerify(hash, sigFromTxInfo(info), FAKE_PUB)).toBe(true);
    }
  });
});

describe('tx hashing details', () => {
  it('ModifyOrder preimage order: chainId, 17, Nonce, ExpiredAt, Account, ApiKey, Market, Index, Base, Price, Trigger', () => {
    const f: ModifyOrderFields = {
      AccountIndex: 1,
      ApiKeyIndex: 3,
      MarketIndex: 2,
      Index: 77,
      BaseAmount: 10,
      Price: 99,
      TriggerPrice: 5,
      ExpiredAt: 1000,
      Nonce: 9,
    };
    const expected = hashToQuintic([304n, 17n, 9n, 1000n, 1n, 3n, 2n, 77n, 10n, 99n, 5n]);
    const hex = expected.map((l) => l.toString(16).padStart(16, '0').match(/../g)!.reverse().join('')).join('');
    expect(txHash(TX_TYPE.MODIFY_ORDER, f, CHAIN)).toBe(hex);
    expect(signTx(TX_TYPE.MODIFY_ORDER, f, CHAIN, FAKE_KEY)).toMatch(
      /^\{"AccountIndex":1,"ApiKeyIndex":3,"MarketIndex":2,"Index":77,"BaseAmount":10,"Price":99,"TriggerPrice":5,"ExpiredAt":1000,"Nonce":9,"Sig":"[A-Za-z0-9+/]{106}[A-Za-z0-9+/=]{2}","L2TxAttributes":null\}$/,
    );
  });
  it('negative AccountIndex is cast like Go (−1 → 2^64 − 1 mod p)', () => {
    const a = txHash(
      TX_TYPE.CANCEL_ORDER,
      { AccountIndex: -1, ApiKeyIndex: 3, MarketIndex: 1, Index: 1, ExpiredAt: 1, Nonce: 1 },
      CHAIN,
    );
    const expected = hashToQuintic([304n, 15n, 1n, 1n, 2n ** 64n - 1n, 3n, 1n, 1n]);
    expect(a).toBe(expected.map((l) => l.toString(16).padStart(16, '0').match(/../g)!.reverse().join('')).join(''));
  });
  it('nil-valued attributes are left out of the hash but kept in tx_info', () => {
    const plain = txHash(TX_TYPE.CREATE_ORDER, order(), CHAIN);
    expect(txHash(TX_TYPE.CREATE_ORDER, order({ L2TxAttributes: { '5': 255 } }), CHAIN)).toBe(plain);
    expect(txHash(TX_TYPE.CREATE_ORDER, order({ L2TxAttributes: {} }), CHAIN)).toBe(plain);
    expect(txHash(TX_TYPE.CREATE_ORDER, order({ L2TxAttributes: { '4': 1 } }), CHAIN)).not.toBe(plain);
    const info = signTx(TX_TYPE.CREATE_ORDER, order({ L2TxAttributes: { '6': 2, '4': 1 } }), CHAIN, FAKE_KEY);
    expect(info.endsWith('"L2TxAttributes":{"4":1,"6":2}}')).toBe(true);
  });
  it('exchange order indexes above 2^53 are exact as bigint', () => {
    const big = 2n ** 60n - 1n;
    const info = signTx(
      TX_TYPE.CANCEL_ORDER,
      { AccountIndex: 1, ApiKeyIndex: 3, MarketIndex: 1, Index: big, ExpiredAt: 1, Nonce: 1 },
      CHAIN,
      FAKE_KEY,
    );
    expect(info).toContain(`"Index":${big}`);
  });
});

describe('input validation', () => {
  const expectInvalid = (fn: () => unknown, field?: string) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError);
      if (field !== undefined) expect((e as InvalidInputError).context.field).toBe(field);
      return;
    }
    throw new Error('expected InvalidInputError');
  };
  it('refuses missing, unknown and unsafe fields', () => {
    const { Price: _omit, ...noPrice } = order();
    expectInvalid(() => txHash(TX_TYPE.CREATE_ORDER, noPrice as CreateOrderFields, CHAIN), 'Price');
    expectInvalid(
      () => signTx(TX_TYPE.CREATE_ORDER, { ...order(), ClientOrderId: 5 } as CreateOrderFields, CHAIN, FAKE_KEY),
      'ClientOrderId',
    );
    expectInvalid(() => txHash(TX_TYPE.CREATE_ORDER, order({ Nonce: 2 ** 53 }), CHAIN), 'Nonce');
    expectInvalid(() => txHash(TX_TYPE.CREATE_ORDER, order({ Price: 1.5 }), CHAIN), 'Price');
    expectInvalid(() => txHash(TX_TYPE.CREATE_ORDER, order({ Price: 2 ** 32 }), CHAIN), 'Price');
    expectInvalid(() => txHash(TX_TYPE.CREATE_ORDER, order({ L2TxAttributes: { '9': 1 } }), CHAIN), 'L2TxAttributes.9');
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong type
    expectInvalid(() => txHash(13 as any, order() as any, CHAIN), 'txType');
  });
  it('applies the official order rules before signing', () => {
    const sign = (over: Partial<CreateOrderFields>) => () => signTx(TX_TYPE.CREATE_ORDER, order(over), CHAIN, FAKE_KEY);
    expectInvalid(sign({ Type: ORDER_TYPE.MARKET }), 'TimeInForce'); // market must be IOC
    expectInvalid(sign({ Type: ORDER_TYPE.MARKET, TimeInForce: 0 }), 'OrderExpiry'); // and expiry 0
    expectInvalid(sign({ TimeInForce: TIME_IN_FORCE.POST_ONLY, OrderExpiry: 0 }), 'OrderExpiry');
    expectInvalid(sign({ BaseAmount: 0 }), 'BaseAmount');
    expectInvalid(sign({ BaseAmount: 2 ** 48 }), 'BaseAmount');
    expectInvalid(sign({ Price: 0 }), 'Price');
    expectInvalid(sign({ ClientOrderIndex: 2 ** 48 }), 'ClientOrderIndex');
    expectInvalid(sign({ MarketIndex: 300 }), 'MarketIndex');
    expectInvalid(sign({ MarketIndex: 2048, ReduceOnly: 1 }), 'ReduceOnly');
    expectInvalid(sign({ Type: ORDER_TYPE.STOP_LOSS, TimeInForce: 0, OrderExpiry: 1769644800000 }), 'TriggerPrice');
    expectInvalid(sign({ Type: 7 }), 'Type');
    expectInvalid(sign({ ApiKeyIndex: 255 }), 'ApiKeyIndex');
    expectInvalid(sign({ ExpiredAt: 2 ** 48 }), 'ExpiredAt');
    expectInvalid(sign({ L2TxAttributes: { '4': 0 } }), 'L2TxAttributes.4');
    expectInvalid(sign({ L2TxAttributes: { '2': 10 } }), 'L2TxAttributes.1'); // fees need an integrator
    // Reduce-only with no amount is allowed, as in the official signer.
    expect(() => signTx(TX_TYPE.CREATE_ORDER, order({ BaseAmount: 0, ReduceOnly: 1 }), CHAIN, FAKE_KEY)).not.toThrow();
  });
  it('applies cancel-all and leverage rules', () => {
    const cancelAll = (over: Partial<CancelAllOrdersFields>) => () =>
      signTx(
        TX_TYPE.CANCEL_ALL_ORDERS,
        { AccountIndex: 1, ApiKeyIndex: 3, TimeInForce: 0, Time: 0, ExpiredAt: 1, Nonce: 1, ...over },
        CHAIN,
        FAKE_KEY,
      );
    expectInvalid(cancelAll({ Time: 5 }), 'Time');
    expectInvalid(cancelAll({ TimeInForce: 1, Time: 0 }), 'Time');
    expectInvalid(cancelAll({ TimeInForce: 1, Time: 5, L2TxAttributes: { '5': 1 } }), 'L2TxAttributes.5');
    expectInvalid(
      () =>
        signTx(
          TX_TYPE.UPDATE_LEVERAGE,
          {
            AccountIndex: 1,
            ApiKeyIndex: 3,
            MarketIndex: 1,
            InitialMarginFraction: 0,
            MarginMode: 0,
            ExpiredAt: 1,
            Nonce: 1,
          },
          CHAIN,
          FAKE_KEY,
        ),
      'InitialMarginFraction',
    );
  });
  it('never echoes a private key or nonce in errors', () => {
    const secret = `0x${'ab'.repeat(39)}`; // 39 bytes: malformed
    try {
      lighterPublicKey(secret);
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(DnError);
      expect(String((e as Error).message)).not.toContain('abab');
      expect(JSON.stringify((e as DnError).context)).not.toContain('abab');
    }
    expectInvalid(() => lighterPublicKey(`0x${'00'.repeat(40)}`), 'privateKey');
    const msg = txHash(TX_TYPE.CREATE_ORDER, order(), CHAIN);
    expect(() => schnorrSign(msg, FAKE_KEY, 0n)).toThrow(SigningError);
    expect(() => schnorrSign(msg, FAKE_KEY, N)).toThrow(SigningError);
    expectInvalid(() => schnorrSign(`${'ff'.repeat(8)}${msg.slice(16)}`, FAKE_KEY), 'msgHashHex'); // limb ≥ p
  });
  it('auth token: seconds only, sane indexes', () => {
    const token = createAuthToken({ deadline: 1767229200, accountIndex: 1, apiKeyIndex: 3 }, FAKE_KEY);
    const [deadline, account, apiKey, sig] = token.split(':');
    expect([deadline, account, apiKey]).toEqual(['1767229200', '1', '3']);
    expect(sig).toMatch(/^[0-9a-f]{160}$/);
    expectInvalid(
      () => createAuthToken({ deadline: 1767229200000, accountIndex: 1, apiKeyIndex: 3 }, FAKE_KEY),
      'deadline',
    );
    expectInvalid(
      () => createAuthToken({ deadline: 1767229200, accountIndex: 2 ** 48, apiKeyIndex: 3 }, FAKE_KEY),
      'accountIndex',
    );
    expectInvalid(
      () => createAuthToken({ deadline: 1767229200, accountIndex: 1, apiKeyIndex: 256 }, FAKE_KEY),
      'apiKeyIndex',
    );
  });
});
