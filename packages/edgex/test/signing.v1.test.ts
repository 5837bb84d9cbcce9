import { InvalidInputError, SigningError } from '@dn/core';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sign as scureSign } from '@scure/starknet';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type EdgexMetadataLike,
  parseStarkPrivateKey,
  resolveV1Market,
  type SignableRequest,
  type SignV1OrderParams,
  STARK_CURVE_ORDER,
  serializeBody,
  signV1Order,
  signV1Request,
  starkPublicKey,
  starkRfc6979K,
  starkSign,
  type V1MarketInfo,
  verifyStarkSignature,
  verifyV1OrderSignature,
  verifyV1RequestSignature,
} from '../src/index.js';
import { btcLimitOrder, expectError } from './helpers.js';
import { FAKE_KEY, metadataFixture } from './vectors.js';

const PUB = starkPublicKey(FAKE_KEY);
/** A second FAKE key, for wrong-key checks. */
const OTHER_KEY = '023456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0';
const fixture = metadataFixture('v1_l2_limit_order.json');
const BTC = resolveV1Market(fixture, '10000001');

const baseOrder: SignV1OrderParams = btcLimitOrder({
  side: 'BUY',
  price: '65000.5',
  size: '0.123',
  clientOrderId: 'test-order-1',
  nowMs: 1_760_000_000_000n,
});

describe('Stark ECDSA', () => {
  it('matches @scure/starknet sign() except where python-ecdsa and noble truncate k differently', () => {
    const key = parseStarkPrivateKey(FAKE_KEY);
    for (let i = 0; i < 12; i++) {
      const msg = BigInt(`0x${bytesToHex(keccak_256(utf8ToBytes(`message ${i}`)))}`) % 2n ** 251n;
      const ours = starkSign(msg, FAKE_KEY);
      const theirs = scureSign(msg.toString(16).padStart(64, '0'), FAKE_KEY);
      const sigHex = (r: bigint, s: bigint) => r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0');
      expect(verifyStarkSignature(msg, sigHex(ours.r, ours.s), PUB.x)).toBe(true);
      expect(verifyStarkSignature(msg, sigHex(theirs.r, theirs.s), PUB.x)).toBe(true);
      if (i === 7) {
        // The HMAC-DRBG block starts with a 0x00 byte here: python-ecdsa's bits2int (used by
        // StarkWare's signer) still shifts by 4 bits, noble strips the zero byte first. Expected k
        // computed with a stdlib-hmac transcription of python-ecdsa generate_k.
        expect(starkRfc6979K(msg, key).toString(16)).toBe(
          '99bfe508822f681ed9f66f95025582defebae8753fd83a19039d6587f2f19',
        );
        expect(ours.r).not.toBe(theirs.r);
      } else {
        expect([ours.r, ours.s]).toEqual([theirs.r, theirs.s]);
      }
    }
  });

  it('refuses keys outside [1, N) with a SigningError that does not echo the key', () => {
    const bad = ['', 'zz', '0', STARK_CURVE_ORDER.toString(16), `${FAKE_KEY}00`, 'secret-looking-key'];
    for (const key of bad) {
      const e = expectError(() => starkPublicKey(key), SigningError);
      expect(e.code).toBe('SIGNING');
      if (key.length > 2) expect(e.message).not.toContain(key);
    }
    const e = expectError(
      () => signV1Request({ timestamp: 1, method: 'GET', path: '/a' }, `${FAKE_KEY}ff`),
      SigningError,
    );
    expect(JSON.stringify(e.context)).not.toContain(FAKE_KEY);
    expect(e.message).not.toContain(FAKE_KEY);
  });

  it('accepts a 0x-prefixed key and a bigint key identically', () => {
    expect(starkPublicKey(`0x${FAKE_KEY}`)).toEqual(PUB);
    expect(starkPublicKey(BigInt(`0x${FAKE_KEY}`))).toEqual(PUB);
  });

  it('refuses to sign a message ≥ 2^251', () => {
    expectError(() => starkSign(2n ** 251n, FAKE_KEY), InvalidInputError, 'msgHash');
  });
});

describe('V1 request signing', () => {
  const request: SignableRequest = {
    timestamp: '1760000000123',
    method: 'POST',
    path: '/api/v1/private/order/cancelAllOrder',
    body: { accountId: '543429922991899150', filterContractIdList: ['10000001'] },
  };

  it('round-trips sign → verify with the l2Key (x only) and with {x, y}', () => {
    const { signature, signContent } = signV1Request(request, FAKE_KEY);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(signContent).toBe(
      '1760000000123POST/api/v1/private/order/cancelAllOrderaccountId=543429922991899150&filterContractIdList=10000001',
    );
    expect(verifyV1RequestSignature(request, signature, PUB.x)).toBe(true);
    expect(verifyV1RequestSignature(request, signature, `0x${PUB.x}`)).toBe(true);
    expect(verifyV1RequestSignature(request, signature, PUB)).toBe(true);
    expect(verifyV1RequestSignature(request, signature + PUB.y, PUB.x)).toBe(true);
  });

  it('fails verification for a tampered request, a wrong key or a malformed signature', () => {
    const { signature } = signV1Request(request, FAKE_KEY);
    const tampered: SignableRequest[] = [
      { ...request, timestamp: '1760000000124' },
      { ...request, method: 'GET' },
      { ...request, path: '/api/v1/private/order/cancelOrderById' },
      { ...request, body: { accountId: '543429922991899151', filterContractIdList: ['10000001'] } },
      { ...request, body: { accountId: '543429922991899150', filterContractIdList: ['10000002'] } },
    ];
    for (const t of tampered) expect(verifyV1RequestSignature(t, signature, PUB.x)).toBe(false);
    expect(verifyV1RequestSignature(request, signature, starkPublicKey(OTHER_KEY).x)).toBe(false);
    expect(verifyV1RequestSignature(request, signature.slice(0, 127), PUB.x)).toBe(false);
    expect(verifyV1RequestSignature(request, `${signature.slice(0, 127)}g`, PUB.x)).toBe(false);
    expect(verifyV1RequestSignature(request, '0'.repeat(128), PUB.x)).toBe(false);
    // The docs' 192-char form must carry the key's own y.
    expect(verifyV1RequestSignature(request, signature + '1'.padStart(64, '0'), PUB.x)).toBe(false);
  });

  it('signs the query only when there is no body, raw and sorted by key', () => {
    const get = signV1Request(
      { timestamp: 5, method: 'get', path: '/p', query: { size: '10', filterTypeList: 'A,B', accountId: '1' } },
      FAKE_KEY,
    );
    expect(get.signContent).toBe('5GET/paccountId=1&filterTypeList=A,B&size=10');
    const empty = signV1Request({ timestamp: 5, method: 'POST', path: '/p', query: { a: '1' }, body: {} }, FAKE_KEY);
    expect(empty.signContent).toBe('5POST/pa=1');
  });

  it('refuses malformed requests before signing', () => {
    const cases: [Partial<SignableRequest>, string][] = [
      [{ method: 'PATCH' as never }, 'method'],
      [{ path: 'api/v1/x' }, 'path'],
      [{ path: '/api/v1/x?accountId=1' }, 'path'],
      [{ timestamp: -1 }, 'timestamp'],
      [{ timestamp: 1.5 }, 'timestamp'],
      [{ timestamp: '17e11' }, 'timestamp'],
      [{ query: { a: 1 as never } }, 'query.a'],
      [{ body: { n: 1e21 } }, 'body'],
      [{ body: { n: Number.NaN } }, 'body'],
      [{ body: ['a'] as never }, 'body'],
    ];
    for (const [patch, field] of cases) {
      const e = expectError(
        () => signV1Request({ timestamp: 1, method: 'GET', path: '/api/v1/x', ...patch }, FAKE_KEY),
        InvalidInputError,
        field,
      );
      expect(e.code).toBe('INVALID_INPUT');
    }
  });

  it('flattens bodies: undefined keys are skipped, astral keys sort by code point', () => {
    expect(serializeBody({ b: '2', a: undefined, c: [true, null, { y: '1', x: '0' }] })).toBe('b=2&c=true&&x=0&y=1');
    expect(serializeBody({ '\u{1F600}': '1', '\uFF61': '2' })).toBe('\uFF61=2&\u{1F600}=1');
  });
});

describe('V1 order signing', () => {
  it('round-trips sign → verify and reports the body as sent', () => {
    const signed = signV1Order(baseOrder, BTC, FAKE_KEY);
    expect(signed.body).toMatchObject({
      price: '65000.5',
      size: '0.123',
      l2Size: '0.123',
      l2Value: '7995.0615',
      l2LimitFee: '4',
      timeInForce: 'GOOD_TIL_CANCEL',
      reduceOnly: false,
      expireTime: '1760086400000',
      l2ExpireTime: '1760864000000',
    });
    expect(signed.hashParams.amountCollateral).toBe(7_995_061_500n);
    expect(signed.hashParams.amountSynthetic).toBe(1_230_000_000n);
    expect(signed.hashParams.amountFee).toBe(4_000_000n);
    expect(verifyV1OrderSignature(signed.body, BTC, PUB.x)).toBe(true);
  });

  it('fails verification for every tampered signed field and for a wrong key', () => {
    const { body } = signV1Order(baseOrder, BTC, FAKE_KEY);
    const patches: Partial<typeof body>[] = [
      { l2Value: '7995.0616' },
      { l2Size: '0.124' },
      { l2LimitFee: '5' },
      { side: 'SELL' },
      { accountId: '543429922991899151' },
      { l2ExpireTime: String(Number(body.l2ExpireTime) + 3_600_000) },
      { l2Nonce: '1' },
      { clientOrderId: 'test-order-2' },
      { contractId: '10000002' },
      { l2Signature: body.l2Signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
    ];
    for (const patch of patches) expect(verifyV1OrderSignature({ ...body, ...patch }, BTC, PUB.x)).toBe(false);
    expect(verifyV1OrderSignature(body, BTC, starkPublicKey(OTHER_KEY).x)).toBe(false);
    const eth = resolveV1Market(fixture, '10000002');
    expect(verifyV1OrderSignature(body, { ...eth, contractId: '10000001' }, PUB.x)).toBe(false);
  });

  it('keeps the caller text of price and size, trailing zeros included, like the SDK', () => {
    const signed = signV1Order({ ...baseOrder, size: '0.250', price: new Decimal('65000.50') }, BTC, FAKE_KEY);
    expect(signed.body.size).toBe('0.250');
    expect(signed.body.price).toBe('65000.5');
    expect(signed.l2Value).toBe('16250.1250');
  });

  it('rounds an over-precise value up for BUY and down for SELL, keeping the body exact', () => {
    const fine: V1MarketInfo = { ...BTC, tickSize: '0.0000001', stepSize: '1', syntheticResolution: '1' };
    const order = { ...baseOrder, price: '0.1234567', size: '3' };
    const buy = signV1Order(order, fine, FAKE_KEY);
    expect(buy.l2Value).toBe('0.370371');
    expect(buy.hashParams.amountCollateral).toBe(370_371n);
    const sell = signV1Order({ ...order, side: 'SELL' }, fine, FAKE_KEY);
    expect(sell.l2Value).toBe('0.37037');
    expect(sell.hashParams.amountCollateral).toBe(370_370n);
    expect(verifyV1OrderSignature(buy.body, fine, PUB.x)).toBe(true);
    expect(verifyV1OrderSignature(sell.body, fine, PUB.x)).toBe(true);
  });

  it('signs market orders with the SDK protective prices', () => {
    const buy = signV1Order(
      { ...baseOrder, type: 'MARKET', price: undefined, oraclePrice: '60000.04', size: '0.01' },
      BTC,
      FAKE_KEY,
    );
    expect(buy.body.price).toBe('0');
    expect(buy.body.timeInForce).toBe('IMMEDIATE_OR_CANCEL');
    expect(buy.l2Value).toBe('6000.004');
    const sell = signV1Order(
      { ...baseOrder, type: 'MARKET', side: 'SELL', price: undefined, size: '0.01' },
      BTC,
      FAKE_KEY,
    );
    expect(sell.l2Value).toBe('0.001');
  });

  it('refuses invalid orders with InvalidInputError naming the field', () => {
    const cases: [Partial<SignV1OrderParams>, string][] = [
      [{ size: '0.0005' }, 'size'],
      [{ size: '0' }, 'size'],
      [{ size: 0.1 as never }, 'size'],
      [{ size: '1e-3' }, 'size'],
      [{ price: '65000.55' }, 'price'],
      [{ price: '-1' }, 'price'],
      [{ price: undefined }, 'price'],
      [{ side: 'buy' as never }, 'side'],
      [{ type: 'STOP_LIMIT' as never }, 'type'],
      [{ timeInForce: 'GTC' as never }, 'timeInForce'],
      [{ type: 'MARKET' }, 'price'],
      [{ type: 'MARKET', price: undefined }, 'oraclePrice'],
      [{ type: 'MARKET', price: undefined, oraclePrice: '1', timeInForce: 'GOOD_TIL_CANCEL' }, 'timeInForce'],
      [{ clientOrderId: '' }, 'clientOrderId'],
      [{ accountId: '0' }, 'accountId'],
      [{ accountId: '-5' }, 'accountId'],
      [{ contractId: '10000002' }, 'contractId'],
      [{ expireTime: 1_760_000_000_000n }, 'expireTime'],
      [{ l2ExpireTime: 1_760_000_000_000n + 7n * 86_400_000n }, 'l2ExpireTime'],
      [{ reduceOnly: 'true' as never }, 'reduceOnly'],
    ];
    for (const [patch, field] of cases) {
      expectError(() => signV1Order({ ...baseOrder, ...patch }, BTC, FAKE_KEY), InvalidInputError, field);
    }
  });

  it('refuses metadata without StarkEx fields', () => {
    const broken: EdgexMetadataLike = {
      ...fixture,
      contractList: fixture.contractList?.map((c) => ({ ...c, starkExResolution: null })),
    };
    expectError(() => resolveV1Market(broken, '10000001'), InvalidInputError, 'contract.starkExResolution');
    expectError(() => resolveV1Market(fixture, '99'), InvalidInputError, 'contractId');
  });
});
