import {
  type AccountEvent,
  Decimal,
  type OrderBookSnapshot,
  UnknownOutcomeError,
  VenueRejectedError,
  VirtualClock,
} from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { edgexSimWsTuning } from '../src/frontends/edgex/index.js';
import { edgexHarness } from './harness/edgex.js';
import { waitFor } from './harness/sim-harness.js';

/*
 * EdgexVenue against the simulated edgeX on loopback. Every credential is a FAKE one derived by the simulator.
 */

const { start, client, startConnected } = edgexHarness(7);

afterEach(() => {
  edgexSimWsTuning.pingIntervalMs = 5_000;
  edgexSimWsTuning.maxUnansweredPings = 5;
});

describe('edgeX e2e (V2: HMAC + EIP-712)', () => {
  it('reads markets with per-contract funding intervals, books, funding, stats and candles', async () => {
    const { h, c } = await startConnected();
    const markets = await c.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    expect(btc?.venueSymbol).toBe('10000001');
    expect(btc?.tickSize.toString()).toBe('0.1');
    expect(btc?.lotSize.toString()).toBe('0.001');
    // The engine's edgeX markets settle every 4 h; the client reads it from fundingRateIntervalMin.
    const engineIv = h.engine.market('BTC').fundingIntervalHours;
    expect(btc?.fundingIntervalHours).toBe(engineIv);

    const book = await c.getOrderBook('BTC', 10);
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks[0]?.price.gt(book.bids[0]?.price ?? 0)).toBe(true);
    expect(book.bids.length).toBeLessThanOrEqual(10);

    const funding = await c.getFunding('BTC');
    expect(funding.intervalHours).toBe(engineIv);
    expect(funding.rate.eq(h.engine.funding('BTC').rate)).toBe(true);
    expect(funding.apr.eq(funding.rate.mul(8760).div(engineIv))).toBe(true);
    expect(funding.nextFundingTime).toBe(h.engine.funding('BTC').nextFundingTime);

    const stats = await c.getAllStats();
    expect(stats.map((s) => s.symbol)).toContain('ETH');
    expect(stats.find((s) => s.symbol === 'BTC')?.funding.intervalHours).toBe(engineIv);

    const candles = await c.getCandles({ symbol: 'BTC', interval: '1m', limit: 5 });
    expect(candles.length).toBeGreaterThan(0);
    expect(candles.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < candles.length; i++) expect(candles[i]!.time).toBeGreaterThan(candles[i - 1]!.time);
  });

  it('places, lists and cancels a resting order; fills a market order and moves position and balance', async () => {
    const { h, c } = await startConnected();
    const before = await c.getBalance();
    expect(before.equity.eq(100_000)).toBe(true);

    const book = await c.getOrderBook('BTC');
    const farBid = book.bids[0]!.price.mul('0.9').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    const placed = await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: farBid });
    expect(placed.status).toBe('accepted');
    const open = await c.getOpenOrders('BTC');
    expect(open.map((o) => o.clientOrderId)).toContain(placed.clientOrderId);
    const o = await c.getOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId });
    expect(o?.status).toBe('open');
    expect(o?.price?.eq(farBid)).toBe(true);
    await c.cancelOrder({ symbol: 'BTC', orderId: placed.orderId });
    expect(await c.getOpenOrders('BTC')).toHaveLength(0);
    expect((await c.getOrder({ symbol: 'BTC', orderId: placed.orderId! }))?.status).toBe('cancelled');

    const mkt = await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.05' });
    const filled = await c.getOrder({ symbol: 'BTC', clientOrderId: mkt.clientOrderId });
    expect(filled?.status).toBe('filled');
    expect(filled?.filledSize.eq('0.05')).toBe(true);
    const positions = await c.getPositions();
    const pos = positions.find((p) => p.symbol === 'BTC');
    expect(pos?.size.eq('0.05')).toBe(true);
    expect(pos?.entryPrice.eq(filled?.averageFillPrice ?? 0)).toBe(true);
    const fills = await c.getFills({ symbol: 'BTC' });
    expect(fills.reduce((s, f) => s.add(f.size), new Decimal(0)).eq('0.05')).toBe(true);
    expect(fills.every((f) => f.liquidity === 'taker' && f.side === 'buy')).toBe(true);
    const fee = fills.reduce((s, f) => s.add(f.fee), new Decimal(0));
    const after = await c.getBalance();
    expect(after.collateral.eq(before.collateral.sub(fee))).toBe(true);
    expect(after.initialMarginUsed?.gt(0)).toBe(true);

    await c.setLeverage('BTC', '5');
    expect(h.engine.leverage(h.accounts[0]!.accountId, 'BTC').eq(5)).toBe(true);
    const closed = await c.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.05', reduceOnly: true });
    expect((await c.getOrder({ symbol: 'BTC', clientOrderId: closed.clientOrderId }))?.status).toBe('filled');
    expect((await c.getPositions()).find((p) => p.symbol === 'BTC')).toBeUndefined();
  });

  it('cancels all orders of a symbol and reports how many', async () => {
    const { c } = await startConnected();
    const bid = (await c.getOrderBook('ETH')).bids[0]!.price.mul('0.8').toDecimalPlaces(2, Decimal.ROUND_DOWN);
    for (let i = 0; i < 3; i++)
      await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.1', price: bid });
    expect(await c.cancelAllOrders('ETH')).toBe(3);
    expect(await c.getOpenOrders()).toHaveLength(0);
  });

  it('maps a venue rejection to VenueRejectedError with the edgeX code', async () => {
    const { c } = await startConnected();
    const err = await c
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '100' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context.venueCode).toBe('MARGIN_NOT_ENOUGH');
  });

  it('rejects a bad request signature and a bad order signature with the venue auth errors', async () => {
    const h = await start();
    const bad = client(h, { secret: 'fake-wrong-secret' });
    const err = await bad.getBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context.venueCode).toBe('INVALID_SIGNATURE');

    // Right API key, wrong trading key: the request auth passes, the EIP-712 order signature does not.
    const wrongKey = client(h, { tradingPrivateKey: 'ab'.repeat(32) });
    const orderErr = await wrongKey
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: '1000' })
      .catch((e: unknown) => e);
    expect(orderErr).toBeInstanceOf(VenueRejectedError);
    expect((orderErr as VenueRejectedError).context.venueCode).toBe('INVALID_L2_SIGNATURE');
    expect(await client(h).getOpenOrders()).toHaveLength(0);
  });

  it('retries a GET after 429 and surfaces a timeout after accept as UnknownOutcomeError, then finds the order', async () => {
    const { h, c } = await startConnected();
    await c.getMarkets();
    h.faults.script({ kind: 'http429', match: { path: '/api/v2/public/quote/getDepth' }, retryAfterSeconds: 0 });
    const book = await c.getOrderBook('BTC');
    expect(book.bids.length).toBeGreaterThan(0);
    expect(h.faults.history.some((f) => f.kind === 'http429')).toBe(true);

    h.faults.script({ kind: 'timeoutAfterAccept' });
    const price = book.bids[0]!.price.mul('0.9').toDecimalPlaces(1, Decimal.ROUND_DOWN);
    const err = await c
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price, clientOrderId: 'dn-timeout-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context.clientOrderId).toBe('dn-timeout-1');
    const found = await c.getOrder({ symbol: 'BTC', clientOrderId: 'dn-timeout-1' });
    expect(found?.status).toBe('open');
  });
});

describe('edgeX e2e (V1: StarkEx)', () => {
  it('places and fills an order with Stark request and L2 signatures and reads it back', async () => {
    const h = await start();
    const c = client(h, { apiVersion: 'v1' });
    const placed = await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5' });
    const o = await c.getOrder({ symbol: 'ETH', clientOrderId: placed.clientOrderId });
    expect(o?.status).toBe('filled');
    const pos = (await c.getPositions()).find((p) => p.symbol === 'ETH');
    expect(pos?.size.eq('-0.5')).toBe(true);
    expect(h.faults.history).toHaveLength(0);
    const fills = await c.getFills({ symbol: 'ETH' });
    expect(fills[0]?.side).toBe('sell');
  });

  it('rejects a V1 request signed with another Stark key', async () => {
    const h = await start({ accounts: 2 });
    const other = h.accounts[1]!.credentials.starkPrivateKey;
    const c = client(h, { apiVersion: 'v1', starkPrivateKey: other });
    const err = await c.getPositions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context.venueCode).toBe('INVALID_SIGNATURE');
  });
});

describe('edgeX e2e (WebSocket)', () => {
  it('streams the book, survives a disconnect and a version gap', async () => {
    const { h, c } = await startConnected();
    const books: OrderBookSnapshot[] = [];
    await c.subscribeOrderBook('BTC', (b) => books.push(b));
    await waitFor(() => books.length > 0);
    expect(books[0]!.bids.length).toBeGreaterThan(0);

    const gen = c.client.publicStream().transport.generation;
    h.faults.script({ kind: 'wsDisconnect' });
    await waitFor(
      () => c.client.publicStream().transport.generation > gen && c.client.publicStream().transport.state === 'open',
    );
    const n = books.length;
    await waitFor(() => books.length > n);

    // A lost CHANGED message: the client must resync from a fresh snapshot (same connection), never emit a book
    // with a hole.
    let snapshots = 0;
    c.client.publicStream().transport.on('message', (msg) => {
      if (/"dataType":"Snapshot"/.test(msg.data) && msg.data.includes('depth.10000001')) snapshots++;
    });
    const genBeforeGap = c.client.publicStream().transport.generation;
    h.faults.script({ kind: 'bookSequenceGap', match: { stream: 'depth.10000001' } });
    const m = books.length;
    // Place and cancel an order at the top so the book changes and a delta is emitted.
    const top = (await c.getOrderBook('BTC')).bids[0]!.price;
    const o = await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.5', price: top });
    await waitFor(() => h.faults.history.some((f) => f.kind === 'bookSequenceGap'));
    await waitFor(() => snapshots >= 1);
    expect(c.client.publicStream().transport.generation).toBe(genBeforeGap);
    await waitFor(() => books.length > m);
    await c.cancelOrder({ symbol: 'BTC', orderId: o.orderId });
    const last = books.at(-1)!;
    const engineBook = h.engine.book('BTC', 15);
    await waitFor(() => {
      const b = books.at(-1)!;
      return b.bids[0]?.price.eq(h.engine.book('BTC', 1).bids[0]!.price) ? b : undefined;
    });
    expect(last.symbol).toBe('BTC');
    expect(engineBook.bids.length).toBeGreaterThan(0);
  });

  it('delivers order, fill, position and balance events on the private stream (V2 and V1)', async () => {
    const h = await start();
    for (const apiVersion of ['v2', 'v1'] as const) {
      const c = client(h, { apiVersion });
      const events: AccountEvent[] = [];
      const sub = await c.subscribeAccount((e) => events.push(e));
      const placed = await c.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '1' });
      await waitFor(() => events.some((e) => e.type === 'fill'));
      await waitFor(() => events.some((e) => e.type === 'position' && e.position.symbol === 'SOL'));
      await waitFor(() => events.some((e) => e.type === 'balance'));
      const fill = events.find((e) => e.type === 'fill');
      expect(fill?.type === 'fill' && fill.fill.size.eq('1')).toBe(true);
      const order = events.find((e) => e.type === 'order' && e.order.clientOrderId === placed.clientOrderId);
      expect(order).toBeDefined();
      await sub.unsubscribe();
    }
    const pos = (await client(h).getPositions()).find((p) => p.symbol === 'SOL');
    expect(pos?.size.eq('2')).toBe(true);
  });

  it('answers every server ping with a pong (the venue drops silent clients)', async () => {
    edgexSimWsTuning.pingIntervalMs = 100;
    edgexSimWsTuning.maxUnansweredPings = 2;
    const h = await start();
    // A raw socket that never answers is dropped after two pings...
    const raw = new WebSocket(`${h.wsUrl}/api/v1/public/ws`);
    const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
    expect(await closed).toBe(4000);
    // ...while the client stays on its first connection.
    const c = client(h);
    await c.subscribeOrderBook('ETH', () => undefined);
    await new Promise((r) => setTimeout(r, 600));
    expect(c.client.publicStream().transport.generation).toBe(1);
    expect(c.client.publicStream().transport.state).toBe('open');
  });

  it('rejects a private stream handshake signed with the wrong secret', async () => {
    const h = await start();
    const errors: unknown[] = [];
    const c = client(h, { secret: 'fake-wrong', syncServerTime: false, onStreamError: (e) => errors.push(e) });
    void c.subscribeAccount(() => undefined).catch(() => undefined);
    await waitFor(() => errors.find((e) => e instanceof VenueRejectedError));
    const e = errors.find((x) => x instanceof VenueRejectedError) as VenueRejectedError;
    expect(e.context.venueCode).toBe('INVALID_SIGNATURE');
  });
});

describe('edgeX e2e (virtual time)', () => {
  it('pays funding at the contract interval and lists it as SETTLE_FUNDING_FEE', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });
    const h = await start({ clock });
    const c = client(h, { clock });
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.1' });
    const iv = (await c.getFunding('BTC')).intervalHours;
    await clock.advance(iv * 3_600_000);
    const payments = await c.getFundingPayments({ symbol: 'BTC' });
    expect(payments.length).toBeGreaterThanOrEqual(1);
    const engine = h.engine.fundingPayments(h.accounts[0]!.accountId, { symbol: 'BTC' });
    expect(payments[0]?.amount.eq(engine[0]!.amount)).toBe(true);
    expect(payments[0]?.positionSize?.eq('0.1')).toBe(true);
  });
});
