import { InvalidInputError, SigningError } from '@dn/core';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import {
  buildV2Order,
  type EdgexMetadataLike,
  type EdgexOrderParams,
  encodeType,
  ethAddressFromPrivateKey,
  recoverV2OrderSigner,
  resolveV2Market,
  type SignableRequest,
  signV2Request,
  signV2WsAuth,
  V2_ORDER_TYPES,
  verifyV2OrderSignature,
  verifyV2Request,
} from '../src/index.js';
import { btcLimitOrder, expectError } from './helpers.js';
import { FAKE_KEY, metadataFixture } from './vectors.js';

/** FAKE credentials, never real. */
const CREDS = { apiKey: 'fake-key', passphrase: 'fake-pass', secret: 'fake-secret-for-tests' };
const OTHER_TRADING_KEY = 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210';
const SIGNER = ethAddressFromPrivateKey(FAKE_KEY);
const fixture = metadataFixture('v2_hmac_and_eip712_order.json');
const BTC = resolveV2Market(fixture, '10000001');

const order: EdgexOrderParams = btcLimitOrder({
  side: 'SELL',
  price: '70000.1',
  size: '0.05',
  timeInForce: 'POST_ONLY',
  clientOrderId: 'v2-test-1',
  nowMs: 1_760_000_000_000,
});

describe('V2 HMAC request auth', () => {
  const request: SignableRequest = {
    timestamp: 1_760_000_000_500,
    method: 'GET',
    path: '/api/v2/private/account/getAccountAsset',
    query: { accountId: '1' },
  };

  it('round-trips sign → verify, and fails for tampering or another secret', () => {
    const { signature, headers } = signV2Request(request, CREDS);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(headers).toEqual({
      'X-edgeX-Api-Key': 'fake-key',
      'X-edgeX-Passphrase': 'fake-pass',
      'X-edgeX-Signature': signature,
      'X-edgeX-Timestamp': '1760000000500',
    });
    expect(verifyV2Request(request, signature, CREDS.secret)).toBe(true);
    expect(verifyV2Request({ ...request, timestamp: 1_760_000_000_501 }, signature, CREDS.secret)).toBe(false);
    expect(verifyV2Request({ ...request, query: { accountId: '2' } }, signature, CREDS.secret)).toBe(false);
    expect(
      verifyV2Request({ ...request, path: '/api/v1/private/account/getAccountAsset' }, signature, CREDS.secret),
    ).toBe(false);
    expect(verifyV2Request(request, signature, 'another-secret')).toBe(false);
    expect(verifyV2Request(request, signature.slice(1), CREDS.secret)).toBe(false);
  });

  it('refuses missing credentials without echoing them', () => {
    expectError(() => signV2Request(request, { ...CREDS, secret: '' }), SigningError);
    expect(() => signV2Request(request, { ...CREDS, apiKey: undefined as never })).toThrow(SigningError);
    const thrown = expectError(() => signV2Request({ ...request, method: 'HEAD' as never }, CREDS), InvalidInputError);
    expect(thrown.message).not.toContain(CREDS.secret);
  });

  it('signs the private WS handshake as a GET with accountId and timestamp', () => {
    const ws = signV2WsAuth({ timestamp: '1760000000000', accountId: '42' }, CREDS);
    expect(ws.signContent).toBe('1760000000000GET/api/v1/private/wsaccountId=42&timestamp=1760000000000');
    expect(ws.pathWithQuery).toBe('/api/v1/private/ws?accountId=42&timestamp=1760000000000');
    expect(ws.secWebSocketProtocol).not.toMatch(/=$/);
    const decoded = Buffer.from(ws.secWebSocketProtocol, 'base64').toString('utf8');
    expect(decoded).toBe(
      `{"X-edgeX-Api-Key": "fake-key", "X-edgeX-Passphrase": "fake-pass", "X-edgeX-Signature": "${ws.signature}", "X-edgeX-Timestamp": "1760000000000"}`,
    );
    expect(
      verifyV2Request(
        {
          timestamp: '1760000000000',
          method: 'GET',
          path: '/api/v1/private/ws',
          query: { timestamp: '1760000000000', accountId: '42' },
        },
        ws.signature,
        CREDS.secret,
      ),
    ).toBe(true);
  });
});

describe('V2 EIP-712 orders', () => {
  it('uses the SDK type string', () => {
    expect(encodeType('LimitOrderParams', V2_ORDER_TYPES)).toBe(
      'LimitOrderParams(OrderBase base,int256 amountSynthetic,int256 amountCollateral,uint256 amountFee,uint64 assetIdSynthetic,uint64 assetIdCollateral,bool isBuyingSynthetic,bytes32 parentOrderHash,uint256 subOrderIndex)OrderBase(uint256 nonce,address signer,uint64 accountId,uint256 expirationTimestamp)',
    );
  });

  it('round-trips build → verify / recover', () => {
    const built = buildV2Order(order, BTC, FAKE_KEY);
    expect(built.body).toMatchObject({
      side: 'SELL',
      price: '70000.1',
      l2Value: '3500.005',
      l2LimitFee: '2',
      timeInForce: 'POST_ONLY',
      expireTime: String(1_760_000_000_000 + 22 * 86_400_000),
      l2ExpireTime: String(1_760_000_000_000 + 30 * 86_400_000),
    });
    expect(built.body.l2Signature).toMatch(/^[0-9a-f]{130}$/);
    expect(built.typedData.message.amountCollateral).toBe('3500005000');
    expect(built.typedData.message.isBuyingSynthetic).toBe(false);
    expect(recoverV2OrderSigner(built.digest, built.signature)).toBe(SIGNER);
    expect(recoverV2OrderSigner(built.digest, built.body.l2Signature)).toBe(SIGNER);
    expect(verifyV2OrderSignature(built.body, BTC, SIGNER)).toBe(true);
    expect(verifyV2OrderSignature(built.body, BTC, SIGNER.toLowerCase())).toBe(true);
  });

  it('fails verification for every tampered signed field, another signer or domain', () => {
    const { body } = buildV2Order(order, BTC, FAKE_KEY);
    const patches: Partial<typeof body>[] = [
      { l2Value: '3500.006' },
      { l2Size: '0.06' },
      { l2LimitFee: '3' },
      { side: 'BUY' },
      { accountId: '543429922991899151' },
      { expireTime: String(Number(body.expireTime) + 1000) },
      { l2Nonce: '7' },
      { clientOrderId: 'v2-test-2' },
      { l2Signature: body.l2Signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) },
      { l2Signature: `${body.l2Signature.slice(0, 128)}1d` },
      { l2Signature: 'zz' },
    ];
    for (const patch of patches) expect(verifyV2OrderSignature({ ...body, ...patch }, BTC, SIGNER)).toBe(false);
    expect(verifyV2OrderSignature(body, BTC, ethAddressFromPrivateKey(OTHER_TRADING_KEY))).toBe(false);
    expect(verifyV2OrderSignature(body, { ...BTC, chainId: 1 }, SIGNER)).toBe(false);
    expect(verifyV2OrderSignature(body, { ...BTC, verifyingContract: `0x${'2'.repeat(40)}` }, SIGNER)).toBe(false);
  });

  it('rejects a malleated high-s signature', () => {
    const built = buildV2Order(order, BTC, FAKE_KEY);
    const hex = built.signature.slice(2);
    const r = hex.slice(0, 64);
    const s = BigInt(`0x${hex.slice(64, 128)}`);
    const v = Number.parseInt(hex.slice(128), 16);
    const highS = (secp256k1.Point.CURVE().n - s).toString(16).padStart(64, '0');
    const flipped = `${r}${highS}${(v === 27 ? 28 : 27).toString(16)}`;
    expect(recoverV2OrderSigner(built.digest, flipped)).toBeUndefined();
    expect(verifyV2OrderSignature({ ...built.body, l2Signature: flipped }, BTC, SIGNER)).toBe(false);
  });

  it('honours expireTime and the 0x signature option; market orders send price "0"', () => {
    const expireTime = 1_760_000_000_000 + 86_400_000;
    const built = buildV2Order({ ...order, expireTime }, BTC, FAKE_KEY, { signatureWith0x: true });
    expect(built.body.l2ExpireTime).toBe(String(expireTime + 8 * 86_400_000));
    expect(built.typedData.message.base.expirationTimestamp).toBe(String(expireTime / 1000));
    expect(built.body.l2Signature).toBe(built.signature);
    expect(verifyV2OrderSignature(built.body, BTC, SIGNER)).toBe(true);

    const market = buildV2Order(
      { ...order, type: 'MARKET', side: 'BUY', price: undefined, timeInForce: undefined, oraclePrice: '64000.125' },
      BTC,
      FAKE_KEY,
    );
    expect(market.body.price).toBe('0');
    expect(market.body.timeInForce).toBe('IMMEDIATE_OR_CANCEL');
    // 640001.25 rounds half-even to 640001.2 (python round() on Decimal), not 640001.3.
    expect(market.body.l2Value).toBe('32000.060');
    expect(verifyV2OrderSignature(market.body, BTC, SIGNER)).toBe(true);
  });

  it('refuses bad keys with SigningError and bad markets/orders with InvalidInputError', () => {
    for (const key of ['', '12', `${FAKE_KEY}00`, '0'.repeat(64), 'f'.repeat(64)]) {
      const err = expectError(() => buildV2Order(order, BTC, key), SigningError);
      if (key.length > 2) expect(err.message).not.toContain(key);
    }
    expect(() => buildV2Order(order, { ...BTC, verifyingContract: '0x1' }, FAKE_KEY)).toThrow(InvalidInputError);
    expect(() => buildV2Order(order, { ...BTC, chainId: '-1' }, FAKE_KEY)).toThrow(InvalidInputError);
    expect(() => buildV2Order({ ...order, size: '0.00000000001' }, BTC, FAKE_KEY)).toThrow(InvalidInputError);
    expect(() =>
      buildV2Order({ ...order, nowMs: 2_000_000_000_000, expireTime: 1_900_000_000_000 }, BTC, FAKE_KEY),
    ).toThrow(InvalidInputError);
  });

  it('resolves the fee rate as max(taker, maker) and the domain from metadata', () => {
    expect(BTC.feeRate).toBe('0.00038');
    const makerHigher: EdgexMetadataLike = {
      ...fixture,
      contractList: fixture.contractList?.map((c) => ({ ...c, defaultMakerFeeRate: '0.0005' })),
    };
    expect(resolveV2Market(makerHigher, '10000001').feeRate).toBe('0.0005');
    expect(BTC.chainId).toBe('42161');
    expect(() => resolveV2Market({ ...fixture, global: {} }, '10000001')).toThrow(InvalidInputError);
  });
});
