import {
  type AccountEvent,
  Decimal,
  type OrderBookSnapshot,
  RateLimitError,
  UnknownOutcomeError,
  VenueRejectedError,
  VirtualClock,
} from '@dn/core';
import { generateLighterPrivateKey, LIGHTER_ERROR_CODE, LighterVenue, signTx, TX_TYPE } from '@dn/lighter';
import { describe, expect, it } from 'vitest';
import type { SimVenueHandle } from '../src/index.js';
import { lighterHarness } from './harness/lighter.js';
import { waitFor } from './harness/sim-harness.js';

const lighter = lighterHarness(7);

async function setup(accounts = 1): Promise<{ venue: SimVenueHandle; client: LighterVenue }> {
  const venue = await lighter.start({ accounts });
  return { venue, client: lighter.client(venue) };
}

function bestBid(book: OrderBookSnapshot): Decimal {
  const p = book.bids[0]?.price;
  if (!p) throw new Error('empty book');
  return p;
}

function postForm(v: SimVenueHandle, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${v.restUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

describe('LighterVenue against the simulated Lighter', () => {
  it('reads markets, book, funding, stats, candles and the account', async () => {
    const { venue, client } = await setup();
    const markets = await client.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    expect(btc).toBeDefined();
    expect(btc?.venueSymbol).toBe('1');
    expect(btc?.tickSize.toString()).toBe('0.1');
    expect(btc?.lotSize.toString()).toBe('0.00001');
    expect(btc?.maxLeverage.toString()).toBe('50');
    expect(btc?.fundingIntervalHours).toBe(1);

    const book = await client.getOrderBook('BTC', 10);
    expect(book.bids.length).toBe(10);
    expect(book.asks[0]?.price.gt(book.bids[0]?.price ?? 0)).toBe(true);

    const funding = await client.getFunding('BTC');
    const engineRate = venue.engine.funding('BTC').rate;
    expect(funding.intervalHours).toBe(1);
    expect(funding.rate.sub(engineRate).abs().lt('1e-12')).toBe(true);
    expect(funding.apr.eq(funding.rate.mul(8760))).toBe(true);

    const stats = await client.getAllStats();
    expect(stats.map((s) => s.symbol)).toContain('ETH');
    expect(stats.find((s) => s.symbol === 'BTC')?.markPrice.gt(0)).toBe(true);

    const candles = await client.getCandles({ symbol: 'BTC', interval: '1m', limit: 5 });
    expect(candles.length).toBeGreaterThan(0);
    expect(candles.every((c) => c.high.gte(c.low))).toBe(true);

    const balance = await client.getBalance();
    expect(balance.collateral.toString()).toBe('100000');
    expect(await client.getPositions()).toEqual([]);
    const keys = await client.client.getApiKeys();
    expect(keys.api_keys[0]?.public_key).toBe(client.client.publicKey);
  });

  it('places, finds and cancels a resting order, then fills a market order', async () => {
    const { client } = await setup();
    const book = await client.getOrderBook('BTC', 1);
    const bid = bestBid(book).mul('0.95').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    const placed = await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: bid });
    expect(placed.status).toBe('accepted');
    const open = await client.getOpenOrders('BTC');
    expect(open).toHaveLength(1);
    expect(open[0]?.clientOrderId).toBe(placed.clientOrderId);
    expect(open[0]?.price?.eq(bid)).toBe(true);
    expect(BigInt(open[0]?.id as string) >= 1n << 48n).toBe(true);

    const found = await client.getOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId });
    expect(found?.status).toBe('open');
    await client.cancelOrder({ symbol: 'BTC', orderId: open[0]?.id as string });
    expect(await client.getOpenOrders('BTC')).toHaveLength(0);
    expect((await client.getOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId }))?.status).toBe('cancelled');

    const m = await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    const order = await client.getOrder({ symbol: 'BTC', clientOrderId: m.clientOrderId });
    expect(order?.status).toBe('filled');
    expect(order?.type).toBe('market');
    const positions = await client.getPositions();
    expect(positions).toHaveLength(1);
    expect(positions[0]?.size.toString()).toBe('0.01');
    const fills = await client.getFills({ symbol: 'BTC' });
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.side === 'buy' && f.liquidity === 'taker')).toBe(true);
    expect(fills.reduce((s, f) => s.add(f.size), new Decimal(0)).toString()).toBe('0.01');
    // Market band: no fill beyond best ask × 1.005.
    const bestAsk = book.asks[0]?.price as Decimal;
    expect(fills.every((f) => f.price.lte(bestAsk.mul('1.01')))).toBe(true);

    await client.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.01', reduceOnly: true });
    expect(await client.getPositions()).toEqual([]);
    const bal = await client.getBalance();
    expect(bal.collateral.lt(100_000)).toBe(true); // crossed the spread twice
  });

  it('sets leverage and cancels all orders of a market', async () => {
    const { venue, client } = await setup();
    await client.setLeverage('BTC', 5);
    expect(venue.engine.leverage(venue.accounts[0]?.accountId as string, 'BTC').toString()).toBe('5');
    const book = await client.getOrderBook('ETH', 1);
    const px = bestBid(book).mul('0.9').toDecimalPlaces(2, Decimal.ROUND_DOWN);
    await client.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: px });
    await client.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: px });
    expect(await client.getOpenOrders()).toHaveLength(2);
    expect(await client.cancelAllOrders('ETH')).toBeUndefined();
    expect(await client.getOpenOrders()).toHaveLength(0);
    await expect(client.setLeverage('BTC', 51)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('sends concurrent orders without nonce errors, and resyncs after an external nonce use', async () => {
    const { venue: v, client } = await setup();
    const book = await client.getOrderBook('ETH', 1);
    const px = bestBid(book).mul('0.9').toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        client.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: px }),
      ),
    );
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(await client.getOpenOrders('ETH')).toHaveLength(8);
    expect(client.client.nonces.peek()).toBe(8n);

    // A second client on the same key in this process shares the allocator.
    const twin = lighter.client(v);
    expect(twin.client.nonces).toBe(client.client.nonces);

    // Another process uses the key's next nonce behind our back (a cancel-all sent straight to sendTx): the next send
    // hits "invalid nonce", re-reads nextNonce, re-signs and succeeds.
    const cred = v.accounts[0]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
    const external = signTx(
      TX_TYPE.CANCEL_ALL_ORDERS,
      {
        AccountIndex: client.client.accountIndex,
        ApiKeyIndex: client.client.apiKeyIndex,
        TimeInForce: 0,
        Time: 0,
        ExpiredAt: Date.now() + 60_000,
        Nonce: client.client.nonces.peek() as bigint,
        L2TxAttributes: null,
      },
      304,
      cred.privateKey,
    );
    const res = await postForm(v, '/api/v1/sendTx', { tx_type: '16', tx_info: external });
    expect(res.status).toBe(200);
    expect(await client.getOpenOrders('ETH')).toHaveLength(0);
    const before = client.client.nonces.resyncCount;
    await client.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: px });
    expect(client.client.nonces.resyncCount).toBe(before + 1);
    expect(await client.getOpenOrders('ETH')).toHaveLength(1);

    // A batch takes consecutive nonces in one round-trip.
    const batch = await client.placeOrders(
      Array.from({ length: 3 }, () => ({
        symbol: 'ETH',
        side: 'buy' as const,
        type: 'limit' as const,
        size: '0.01',
        price: px,
      })),
    );
    expect(batch).toHaveLength(3);
    expect(await client.getOpenOrders('ETH')).toHaveLength(4);
  });

  it('rejects a wrong nonce and a bad signature with the venue codes', async () => {
    const { venue: v, client } = await setup();
    const cred = v.accounts[0]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
    const impostor = new LighterVenue({
      ...cred,
      privateKey: generateLighterPrivateKey(),
      restUrl: v.restUrl,
      wsUrl: `${v.wsUrl}/stream`,
    });
    lighter.track(impostor);
    const err = await impostor.setLeverage('BTC', 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context.venueCode).toBe(LIGHTER_ERROR_CODE.INVALID_SIGNATURE);

    // Private read with a token signed by the wrong key.
    const denied = await impostor.getOpenOrders().catch((e: unknown) => e);
    expect((denied as VenueRejectedError).context).toMatchObject({
      httpStatus: 401,
      venueCode: LIGHTER_ERROR_CODE.INVALID_AUTH,
    });

    // A duplicate nonce sent straight to sendTx is refused with the invalid-nonce code.
    const nonce = await client.client.getNextNonce();
    const body = { MarketIndex: 1, InitialMarginFraction: 2000, MarginMode: 0, L2TxAttributes: null };
    await client.client.sendTx(TX_TYPE.UPDATE_LEVERAGE, body);
    const stale = signTx(
      TX_TYPE.UPDATE_LEVERAGE,
      {
        ...body,
        AccountIndex: client.client.accountIndex,
        ApiKeyIndex: client.client.apiKeyIndex,
        ExpiredAt: Date.now() + 60_000,
        Nonce: nonce,
      },
      304,
      cred.privateKey,
    );
    const dup = await postForm(v, '/api/v1/sendTx', { tx_type: '20', tx_info: stale });
    expect(dup.status).toBe(400);
    expect(await dup.json()).toEqual({ code: LIGHTER_ERROR_CODE.INVALID_NONCE, message: 'invalid nonce' });
  });

  it('rejects an order the engine refuses and refuses bad input before sending', async () => {
    const { client } = await setup();
    await expect(client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '50' })).rejects.toBeInstanceOf(
      VenueRejectedError,
    );
    await expect(
      client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '100.05' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.000001', price: '100' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(client.placeOrder({ symbol: 'NOPE', side: 'buy', type: 'market', size: '1' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    // The failed send did not burn a nonce: the next order goes through.
    const r = await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
    expect(r.status).toBe('accepted');
  });

  it('retries a 429 on a GET', async () => {
    const { venue: v, client } = await setup();
    v.faults.script({ kind: 'http429', match: { path: '/api/v1/orderBookDetails' }, retryAfterSeconds: 0 });
    const markets = await client.getMarkets();
    expect(markets.length).toBeGreaterThan(0);
    expect(v.faults.history.some((h) => h.kind === 'http429')).toBe(true);
    v.faults.script({ kind: 'http429', count: 5, match: { path: '/api/v1/orderBookDetails' }, retryAfterSeconds: 0 });
    await expect(client.getMarkets()).rejects.toBeInstanceOf(RateLimitError);
  });

  it('surfaces a timeout after acceptance as UnknownOutcomeError; the order is then found by client id', async () => {
    const { venue: v } = await setup();
    const client = lighter.client(v, { timeoutMs: 400 });
    const book = await client.getOrderBook('BTC', 1);
    const px = bestBid(book).mul('0.95').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    v.faults.script({ kind: 'timeoutAfterAccept' });
    const err = await client
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: px, clientOrderId: 'my-order-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context.clientOrderId).toBe('my-order-1');
    const order = await client.getOrder({ symbol: 'BTC', clientOrderId: 'my-order-1' });
    expect(order?.status).toBe('open');
    expect(order?.clientOrderId).toBe('my-order-1');
    // The nonce counter resyncs before the next send.
    await client.cancelOrder({ symbol: 'BTC', clientOrderId: 'my-order-1' });
    expect(await client.getOpenOrders('BTC')).toHaveLength(0);
  });

  it('streams the order book and survives a disconnect and a sequence gap', async () => {
    const { venue: v, client } = await setup();
    const books: OrderBookSnapshot[] = [];
    let resyncs = 0;
    const sub = await client.subscribeOrderBook('BTC', (b) => books.push(b), { depth: 5, onResync: () => resyncs++ });
    await waitFor(() => books.length > 0);
    expect(books[0]?.bids.length).toBe(5);

    // Move the market: the engine emits book changes when the clock crosses grid points.
    await waitFor(() => books.length > 2, 8_000);
    v.faults.script({ kind: 'bookSequenceGap', match: { stream: 'book:BTC' } });
    await waitFor(() => resyncs > 0, 8_000);
    const n = books.length;
    await waitFor(() => books.length > n, 8_000);

    const gen = client.client.ws.ws.generation;
    v.faults.script({ kind: 'wsDisconnect' });
    await waitFor(() => client.client.ws.ws.generation > gen && client.client.ws.ws.state === 'open', 8_000);
    const m = books.length;
    await waitFor(() => books.length > m, 8_000);
    const last = books.at(-1) as OrderBookSnapshot;
    expect(last.asks[0]?.price.gt(last.bids[0]?.price ?? 0)).toBe(true);
    await sub.unsubscribe();
  });

  it('delivers fills, orders, positions and balance on the account stream', async () => {
    const { client } = await setup();
    const events: AccountEvent[] = [];
    await client.subscribeAccount((e) => events.push(e));
    await waitFor(() => events.some((e) => e.type === 'balance'));
    const r = await client.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.1' });
    const fill = await waitFor(() => events.find((e) => e.type === 'fill'));
    expect(fill.type === 'fill' && fill.fill.side).toBe('sell');
    expect(fill.type === 'fill' && fill.fill.clientOrderId).toBe(r.clientOrderId);
    const pos = await waitFor(() => events.find((e) => e.type === 'position'));
    expect(pos.type === 'position' && pos.position.size.toString()).toBe('-0.1');
    await waitFor(() => events.find((e) => e.type === 'order' && e.order.status === 'filled'));
  });
});

describe('LighterVenue against the simulated Lighter (virtual time)', () => {
  it('reads the hourly funding payment with the ledger amount, a signed rate and the funding history in ms', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });
    const venue = await lighter.start({ clock });
    const c = lighter.client(venue, { clock });
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    await clock.advance(3_600_000);
    const [p] = await c.getFundingPayments({ symbol: 'BTC' });
    const [e] = venue.engine.fundingPayments(venue.accounts[0]?.accountId as string, { symbol: 'BTC' });
    expect(p && e).toBeTruthy();
    expect(p?.amount.eq(e?.amount as Decimal)).toBe(true);
    // Core convention: + = longs pay. A long that paid (amount < 0) saw a positive rate, and the reverse. The wire
    // prints the rate in percent with 6 decimals, hence the tolerance.
    expect(
      p?.rate
        ?.sub(e?.rate as Decimal)
        .abs()
        .lt('1e-8'),
    ).toBe(true);
    expect(p?.amount.isNegative()).toBe(p?.rate?.isPositive());
    expect(p?.positionSize?.toString()).toBe('0.1');
    const history = await c.client.getFundingHistory({
      marketId: 1,
      resolution: '1h',
      startTimestamp: clock.now() - 2 * 3_600_000,
      endTimestamp: clock.now(),
      countBack: 10,
    });
    expect(history.length).toBeGreaterThan(0);
    expect(history.at(-1)?.time).toBe(Date.UTC(2026, 0, 1, 1, 0));
    expect(
      history
        .at(-1)
        ?.rate.sub(e?.rate as Decimal)
        .abs()
        .lt('1e-8'),
    ).toBe(true);
  });
});
