import { type PlaceOrderParameters, UnknownOutcomeError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EXTENDED_SEPOLIA_DOMAIN, verifyOrderBody } from '../src/index.js';
import { orderTextWithId, orderTextWithoutId } from '../src/venue/presigned.js';
import { BTC_ORDER_MARKET } from './support/btc-market.js';
import { okBody } from './support/fixture-server.js';
import { BTC_BID, T0, tradersClosedAfterEach } from './support/trader.js';

const TTL = 3_600_000;

const traders = tradersClosedAfterEach();
const trader = traders.start;
const orderBodies = () => traders.server.requests.filter((r) => r.method === 'POST' && r.url === '/api/v1/user/order');
const lastBody = () => orderBodies().at(-1)!.body;

describe('presigned orders (opt-in)', () => {
  it('off by default: presignOrder signs nothing', async () => {
    const { venue } = await trader();
    expect(await venue.presignOrder(BTC_BID)).toBe(false);
    expect(venue.presignStats()).toBeUndefined();
    expect(traders.server.requests).toHaveLength(0);
  });

  it('sends byte for byte the body a fresh build of the same order at signing time gives, with the caller’s id', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning({ maxAgeMs: 500 });
    expect(await venue.presignOrder(BTC_BID)).toBe(true);
    // A second request for the same order while the first is fresh signs nothing.
    expect(await venue.presignOrder({ ...BTC_BID, price: '65000.0' })).toBe(false);
    expect(venue.presignStats()).toMatchObject({ size: 1, hits: 0 });
    state.now = T0 + 400;
    const r = await venue.placeOrder({ ...BTC_BID, clientOrderId: 'mm-1' });
    expect(r.clientOrderId).toBe('mm-1');
    const presigned = lastBody();
    expect(venue.presignStats()).toMatchObject({ size: 0, hits: 1 });
    expect(JSON.parse(presigned)).toMatchObject({ id: 'mm-1', nonce: '100', expiryEpochMillis: T0 + TTL });
    expect(verifyOrderBody(JSON.parse(presigned), BTC_ORDER_MARKET, EXTENDED_SEPOLIA_DOMAIN).valid).toBe(true);

    // The default path, same inputs (clock at signing time, same nonce): the very same bytes on the wire.
    venue.enablePresigning(false);
    state.now = T0;
    state.nonce = 100;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'mm-1' });
    expect(lastBody()).toBe(presigned);
  });

  it('renews a kept order once it is past half its age limit, so one asked for again and again never goes stale', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning({ maxAgeMs: 1_000 });
    expect(await venue.presignOrder(BTC_BID)).toBe(true);
    state.now = T0 + 500;
    expect(await venue.presignOrder(BTC_BID)).toBe(false);
    state.now = T0 + 501;
    expect(await venue.presignOrder(BTC_BID)).toBe(true);
    expect(venue.presignStats()).toMatchObject({ size: 1, stale: 0 });
    // 1 000 ms after the first signature the renewed one is fresh and sent.
    state.now = T0 + 1_200;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'mm-2' });
    expect(venue.presignStats()).toMatchObject({ size: 0, hits: 1, stale: 0 });
    expect(JSON.parse(lastBody())).toMatchObject({ id: 'mm-2', expiryEpochMillis: T0 + 501 + TTL });
  });

  it('the request text made at signing time is the body with the id put first, for any id', () => {
    const body = { id: 'presigned', market: 'BTC-USD', qty: '0.1', reduceOnly: false, expiryEpochMillis: 5 } as never;
    const text = orderTextWithoutId(body);
    expect(text).not.toContain('presigned');
    for (const id of ['mm-1', 'quote "x"\\', '']) {
      expect(JSON.parse(orderTextWithId(text, id))).toEqual({ ...(body as object), id });
    }
    expect(orderTextWithId('{}', 'a')).toBe('{"id":"a"}');
    expect(() => orderTextWithoutId({ id: 'x', nonce: 1n } as never)).toThrow(TypeError);
  });

  it('is used at most once: the same order again is built fresh (new nonce, expiry from now)', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning();
    await venue.presignOrder(BTC_BID);
    state.now = T0 + 10;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'a' });
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'b' });
    const [a, b] = orderBodies().map((r) => JSON.parse(r.body));
    expect(a).toMatchObject({ id: 'a', nonce: '100', expiryEpochMillis: T0 + TTL });
    expect(b).toMatchObject({ id: 'b', nonce: '101', expiryEpochMillis: T0 + 10 + TTL });
    expect(venue.presignStats()).toMatchObject({ hits: 1, size: 0 });
  });

  it('a stale one (older than maxAgeMs, or signed in the future of the clock) is dropped, not sent', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning({ maxAgeMs: 500 });
    await venue.presignOrder(BTC_BID);
    state.now = T0 + 501;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'late' });
    expect(JSON.parse(lastBody())).toMatchObject({ id: 'late', nonce: '101', expiryEpochMillis: T0 + 501 + TTL });
    expect(venue.presignStats()).toMatchObject({ hits: 0, stale: 1, size: 0 });

    await venue.presignOrder(BTC_BID);
    state.now = T0;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'back' });
    expect(JSON.parse(lastBody()).nonce).toBe('103');
    expect(venue.presignStats()).toMatchObject({ hits: 0, stale: 2 });
  });

  it('a changed fee cap or a refetched market list makes it stale', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning();
    await venue.presignOrder(BTC_BID);
    traders.server.on('GET', '/user/fees', {
      body: okBody('[{"market":"BTC-USD","makerFeeRate":"0","takerFeeRate":"0.0005","builderFeeRate":"0"}]'),
    });
    await venue.client.feeTable(true);
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'f' });
    expect(JSON.parse(lastBody())).toMatchObject({ fee: '0.0005', nonce: '101' });

    await venue.presignOrder(BTC_BID);
    await venue.getMarkets();
    state.now = T0 + 1;
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'm' });
    expect(JSON.parse(lastBody()).nonce).toBe('103');
    expect(venue.presignStats()).toMatchObject({ hits: 0, stale: 2 });
  });

  it('never resent after a failed send (the outcome is unknown: the caller queries by its id)', async () => {
    const { venue } = await trader();
    venue.enablePresigning();
    await venue.presignOrder(BTC_BID);
    traders.server.on(
      'POST',
      '/user/order',
      { status: 503, body: 'busy' },
      { body: okBody('{"id":"8","externalId":"x"}') },
    );
    const e = await venue.placeOrder({ ...BTC_BID, clientOrderId: 'u' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnknownOutcomeError);
    expect((e as UnknownOutcomeError).context.clientOrderId).toBe('u');
    await venue.placeOrder({ ...BTC_BID, clientOrderId: 'u2' });
    const [first, second] = orderBodies().map((r) => JSON.parse(r.body));
    expect(first.nonce).toBe('100');
    expect(second.nonce).toBe('101');
  });

  it('only plain limit orders: another price, size, side, flag, an expiry or a band is not served from the store', async () => {
    const { venue } = await trader();
    venue.enablePresigning();
    expect(await venue.presignOrder({ ...BTC_BID, expiresAt: T0 + 5_000 } as never)).toBe(false);
    expect(await venue.presignOrder(BTC_BID)).toBe(true);
    const others: PlaceOrderParameters[] = [
      { ...BTC_BID, price: '65001' },
      { ...BTC_BID, size: '0.02' },
      { ...BTC_BID, side: 'sell' },
      { ...BTC_BID, timeInForce: 'GTT' },
      { ...BTC_BID, reduceOnly: true },
      { ...BTC_BID, expiresAt: T0 + 5_000 },
    ];
    for (const p of others) await venue.placeOrder(p);
    expect(orderBodies().map((r) => JSON.parse(r.body).nonce)).toEqual(['101', '102', '103', '104', '105', '106']);
    expect(venue.presignStats()).toMatchObject({ hits: 0, size: 1 });
  });

  it('refuses what placeOrder refuses (off-tick price), keeping nothing', async () => {
    const { venue } = await trader();
    venue.enablePresigning();
    await expect(venue.presignOrder({ ...BTC_BID, price: '65000.5' })).rejects.toThrow(/tick/);
    expect(venue.presignStats()).toMatchObject({ size: 0 });
  });
});

describe('presigned store', () => {
  it('when full, drops stale entries before the oldest fresh one', async () => {
    const { venue, state } = await trader();
    venue.enablePresigning({ maxAgeMs: 500, maxEntries: 2 });
    await venue.presignOrder({ ...BTC_BID, price: '65001' });
    state.now = T0 + 400;
    await venue.presignOrder({ ...BTC_BID, price: '65002' });
    state.now = T0 + 600;
    // 65001 is stale now: it goes, 65002 stays.
    await venue.presignOrder({ ...BTC_BID, price: '65003' });
    expect(venue.presignStats()).toMatchObject({ size: 2, stale: 1, evicted: 0 });
    await venue.placeOrder({ ...BTC_BID, price: '65002', clientOrderId: 'kept' });
    expect(JSON.parse(lastBody()).nonce).toBe('101');
    expect(venue.presignStats()).toMatchObject({ hits: 1, size: 1 });
  });
});
