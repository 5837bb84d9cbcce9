import { SigningError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import {
  type BuildOrderParameters,
  buildOrder,
  EXTENDED_SEPOLIA_DOMAIN,
  type OrderBuilder,
  verifyOrderBody,
} from '../src/index.js';
import { checkBuilt } from '../src/signing/check-built.js';
import { BTC_ORDER_MARKET, TEST_KEY } from './support/btc-market.js';
import { BTC_BID, tradersClosedAfterEach } from './support/trader.js';

const traders = tradersClosedAfterEach();
const trader = traders.start;
const orderBodies = () => traders.server.requests.filter((r) => r.method === 'POST' && r.url === '/api/v1/user/order');

describe('presigning through another order builder (e.g. a worker thread)', () => {
  it('uses the builder for presigned orders only; what it signed is sent and verifies', async () => {
    const { venue } = await trader();
    const seen: BuildOrderParameters[] = [];
    const build: OrderBuilder = async (p) => {
      seen.push(p);
      return buildOrder(p);
    };
    venue.enablePresigning({ maxAgeMs: 1_000, build });
    expect(await venue.presignOrder(BTC_BID)).toBe(true);
    expect(seen).toHaveLength(1);
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'mm-1' });
    expect(venue.presignStats()).toMatchObject({ hits: 1 });
    // A miss is signed on the caller's thread: the builder is not asked.
    await venue.placeOrder({ ...BTC_BID, price: '65001', clientOrderId: 'mm-2' });
    expect(seen).toHaveLength(1);
    const sent = orderBodies().map((r) => JSON.parse(r.body));
    expect(sent.map((b) => b.id)).toEqual(['mm-1', 'mm-2']);
    for (const b of sent) expect(verifyOrderBody(b, BTC_ORDER_MARKET, EXTENDED_SEPOLIA_DOMAIN).valid).toBe(true);
  });

  it('a builder answering with another order is refused: nothing is kept, nothing is sent', async () => {
    const { venue } = await trader();
    const wrong: OrderBuilder = (p) => buildOrder({ ...p, price: '64000' });
    venue.enablePresigning({ maxAgeMs: 1_000, build: wrong });
    const e = await venue.presignOrder(BTC_BID).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SigningError);
    expect((e as SigningError).context.field).toBe('price');
    expect(venue.presignStats()).toMatchObject({ size: 0 });
    expect(orderBodies()).toHaveLength(0);
    // A builder that fails: its error reaches the caller, nothing kept.
    venue.enablePresigning({ maxAgeMs: 1_000, build: () => Promise.reject(new Error('thread gone')) });
    await expect(venue.presignOrder(BTC_BID)).rejects.toThrow('thread gone');
    expect(venue.presignStats()).toMatchObject({ size: 0 });
  });
});

describe('checkBuilt', () => {
  const market = {
    name: 'BTC-USD',
    tradingConfig: {
      minOrderSize: '0.0001',
      minOrderSizeChange: '0.0001',
      minPriceChange: '1',
      maxPositionValue: '1e9',
    },
    l2Config: BTC_ORDER_MARKET.l2Config,
  };
  const params: BuildOrderParameters = {
    market,
    account: { vault: 10002, privateKey: TEST_KEY },
    domain: EXTENDED_SEPOLIA_DOMAIN,
    side: 'BUY',
    qty: '0.01',
    price: '65000',
    fee: '0.0005',
    postOnly: true,
    expiryEpochMillis: 1705626536860 + 3_600_000,
    nonce: 7,
    externalId: 'x-1',
  };

  it('passes the body built from the parameters (equal decimals in another spelling included)', () => {
    const built = buildOrder(params);
    expect(checkBuilt(params, built)).toBe(built);
    expect(checkBuilt({ ...params, qty: '0.010', price: '65000.0' }, built)).toBe(built);
  });

  it.each([
    ['market', { market: { ...market, name: 'ETH-USD' } }],
    ['side', { side: 'SELL' }],
    ['qty', { qty: '0.02' }],
    ['price', { price: '65001' }],
    ['fee', { fee: '0.0004' }],
    ['timeInForce', { timeInForce: 'IOC' }],
    ['postOnly', { postOnly: false }],
    ['reduceOnly', { reduceOnly: true }],
    ['nonce', { nonce: 8 }],
    ['expiryEpochMillis', { expiryEpochMillis: 1705626536861 + 3_600_000 }],
    ['id', { externalId: 'x-2' }],
    ['vault', { account: { vault: 10003, privateKey: TEST_KEY } }],
    ['starkKey', { account: { vault: 10002, privateKey: TEST_KEY, publicKey: '0x1' } }],
  ] as const)('refuses a body whose %s differs from the parameters', (field, change) => {
    const built = buildOrder(params);
    const asked = { ...params, ...change } as BuildOrderParameters;
    expect(() => checkBuilt(asked, built)).toThrow(SigningError);
    try {
      checkBuilt(asked, built);
    } catch (e) {
      expect((e as SigningError).context.field).toBe(field);
    }
  });
});
