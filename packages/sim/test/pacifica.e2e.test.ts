/**
 * PacificaVenue against the simulated Pacifica venue on loopback: the real connector, only the base
 * URLs differ. Keys are the simulator's FAKE deterministic keys.
 */
import { type AccountEvent, Decimal, isDnError, type OrderBookSnapshot, VirtualClock } from '@dn/core';
import {
  buildLimitOrder,
  buildSignedRequest,
  createPacificaRestContext,
  newClientOrderId,
  type PacificaVenue,
} from '@dn/pacifica';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SimVenueHandle } from '../src/index.js';
import { pacificaHarness } from './harness/pacifica.js';
import { waitFor } from './harness/sim-harness.js';

const { start, client, startConnected } = pacificaHarness(11);

async function rejection(p: Promise<unknown>): Promise<Error & { code: string; context: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isDnError(e)) return e as unknown as Error & { code: string; context: Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a rejection');
}

/** A resting bid well below the book: never fills. */
async function passiveBid(c: PacificaVenue): Promise<string> {
  const book = await c.getOrderBook('BTC', 1);
  const best = book.bids[0]?.price as Decimal;
  return best.mul('0.9').floor().toFixed();
}

/** A GTC bid of 0.1 BTC at 1000, signed by the first account's key, as the venue's create-order body. */
function signedBid(h: SimVenueHandle) {
  const creds = h.accounts[0]?.credentials as Record<string, string>;
  const { type, payload } = buildLimitOrder({
    symbol: 'BTC',
    side: 'bid',
    price: '1000',
    amount: '0.1',
    tif: 'GTC',
    clientOrderId: newClientOrderId(),
  });
  return buildSignedRequest({ type, timestamp: Date.now(), expiry_window: 5_000 }, payload, {
    secretKey: creds.secretKey as string,
    account: creds.account as string,
  });
}

describe('PacificaVenue ↔ simulated Pacifica: market data', () => {
  it('reads markets, books, funding, stats and candles', async () => {
    const { c } = await startConnected();
    const markets = await c.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    expect(btc?.tickSize.toFixed()).toBe('1');
    expect(btc?.lotSize.toFixed()).toBe('0.00001');
    expect(btc?.minNotional?.toFixed()).toBe('10');
    expect(btc?.fundingIntervalHours).toBe(1);
    expect(btc?.takerFee.toFixed()).toBe('0.0004');

    const book = await c.getOrderBook('BTC', 5);
    expect(book.bids.length).toBe(5);
    const [bestBid, bestAsk] = [book.bids[0], book.asks[0]];
    expect(bestBid && bestAsk && bestBid.price.lt(bestAsk.price)).toBe(true);

    const f = await c.getFunding('ETH');
    expect(f.intervalHours).toBe(1);
    expect(f.apr.eq(f.rate.mul(8760))).toBe(true);
    expect((f.nextFundingTime ?? 0) % 3_600_000).toBe(0);

    const stats = await c.getAllStats();
    expect(stats.map((s) => s.symbol)).toContain('SOL');
    expect(stats.every((s) => s.markPrice.gt(0) && s.volume24h.gt(0))).toBe(true);

    const candles = await c.getCandles({ symbol: 'BTC', interval: '1m', limit: 5 });
    expect(candles.length).toBeGreaterThan(0);
    expect(candles.length).toBeLessThanOrEqual(5);
    await expect(c.getOrderBook('NOPE')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists only trading markets: a wound-down market leaves /info (Pacifica sends no status field)', async () => {
    const { h, c } = await startConnected();
    const wound = h.engine.markets().find((m) => !m.active)?.symbol;
    expect(wound).toBeDefined();
    const listed = (await c.getMarkets()).map((m) => m.symbol);
    expect(listed).not.toContain(wound);
    expect(listed).toContain('BTC');
    h.engine.setMarketActive('BTC', false);
    expect((await c.getMarkets()).map((m) => m.symbol)).not.toContain('BTC');
  });

  it('retries a GET answered 429 and succeeds', async () => {
    const { h, c } = await startConnected();
    h.faults.script({ kind: 'http429', match: { path: '/api/v1/info/prices' }, retryAfterSeconds: 1 });
    const stats = await c.getAllStats();
    expect(stats.length).toBeGreaterThan(0);
    expect(h.faults.history.some((e) => e.kind === 'http429')).toBe(true);
  });
});

describe('PacificaVenue ↔ simulated Pacifica: orders over REST', () => {
  it('places, finds and cancels a resting limit order', async () => {
    const { c } = await startConnected();
    const price = await passiveBid(c);
    const placed = await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price });
    expect(placed.status).toBe('accepted');
    expect(placed.orderId).toMatch(/^\d+$/);
    const open = await c.getOpenOrders('BTC');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      id: placed.orderId,
      clientOrderId: placed.clientOrderId,
      side: 'buy',
      status: 'open',
    });
    expect(open[0]?.price?.toFixed()).toBe(price);
    const byCloid = await c.getOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId });
    expect(byCloid?.id).toBe(placed.orderId);

    await c.cancelOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId });
    expect(await c.getOpenOrders()).toHaveLength(0);
    const cancelled = await c.getOrder({ symbol: 'BTC', orderId: placed.orderId as string });
    expect(cancelled?.status).toBe('cancelled');
    const fromHistory = await c.getOrder({ symbol: 'BTC', clientOrderId: placed.clientOrderId });
    expect(fromHistory?.status).toBe('cancelled');
  });

  it('fills a market order: position, balance and fills change; reduce-only closes it', async () => {
    const { c } = await startConnected();
    const before = await c.getBalance();
    await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.5' });
    const [pos] = await c.getPositions();
    expect(pos?.symbol).toBe('ETH');
    expect(pos?.size.toFixed()).toBe('0.5');
    expect(pos?.notional.gt(0)).toBe(true);
    const fills = await c.getFills({ symbol: 'ETH' });
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.side === 'buy' && f.liquidity === 'taker' && f.fee.gt(0))).toBe(true);
    expect(fills.reduce((a, f) => a.add(f.size), new Decimal(0)).toFixed()).toBe('0.5');
    const after = await c.getBalance();
    expect(after.collateral.lt(before.collateral)).toBe(true); // the taker fee
    expect(after.availableMargin.lt(before.availableMargin)).toBe(true);

    await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.5', reduceOnly: true });
    expect(await c.getPositions()).toHaveLength(0);
  });

  it('cancels all, sets leverage, and refuses bad input before sending', async () => {
    const { h, c } = await startConnected();
    const price = await passiveBid(c);
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price });
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.002', price, timeInForce: 'POST_ONLY' });
    expect(await c.cancelAllOrders('BTC')).toBe(2);
    await c.setLeverage('BTC', 5);
    expect(h.engine.leverage(h.accounts[0]?.accountId as string, 'BTC').toFixed()).toBe('5');
    await expect(c.setLeverage('BTC', '2.5')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: `${price}.5` }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.000001', price }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it("maps the venue's business errors (duplicate client id, reduce-only without a position)", async () => {
    const { c } = await startConnected();
    const price = await passiveBid(c);
    const cloid = newClientOrderId();
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price, clientOrderId: cloid });
    const dup = await rejection(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price, clientOrderId: cloid }),
    );
    expect(dup.code).toBe('VENUE_REJECTED');
    expect(dup.context).toMatchObject({ venueCode: 'DUPLICATE_CLIENT_ORDER_ID', httpStatus: 422 });
    const ro = await rejection(
      c.placeOrder({ symbol: 'SOL', side: 'sell', type: 'market', size: '1', reduceOnly: true }),
    );
    expect(ro.context.venueCode).toBe('NO_POSITION_FOR_REDUCE_ONLY_ORDER');
  });

  it('surfaces a timeout after acceptance as UnknownOutcomeError, then finds the order by client id', async () => {
    const h = await start();
    const c = client(h, { timeoutMs: 600 });
    const price = await passiveBid(c);
    h.faults.script({ kind: 'timeoutAfterAccept' });
    const cloid = newClientOrderId();
    const e = await rejection(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price, clientOrderId: cloid }),
    );
    expect(e.code).toBe('UNKNOWN_OUTCOME');
    expect(e.context.clientOrderId).toBe(cloid);
    const found = await c.getOrder({ symbol: 'BTC', clientOrderId: cloid });
    expect(found).toMatchObject({ clientOrderId: cloid, status: 'open' });
    expect(await c.getOpenOrders()).toHaveLength(1); // placed once, never resent
  });

  it('trades with a bound agent wallet, and rejects an agent bound to another account', async () => {
    const h = await start({ accounts: 2 });
    const [a, b] = h.accounts.map((x) => x.credentials);
    const agent = client(h, { secretKey: a?.agentSecretKey, agentWallet: a?.agentWallet });
    await agent.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '1' });
    expect((await agent.getPositions())[0]?.size.toFixed()).toBe('1');

    const foreign = client(h, { account: b?.account, secretKey: a?.agentSecretKey, agentWallet: a?.agentWallet });
    const e = await rejection(foreign.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '1' }));
    expect(e.code).toBe('VENUE_REJECTED');
    expect(e.context.venueMessage).toBe('Agent not authorized for account');
  });

  it('rejects a tampered signature with bare "Verification failed" and an expired request with "Invalid message"', async () => {
    const h = await start();
    const body = signedBid(h);
    const tampered = { ...body, amount: '0.2' };
    const raw = await fetch(`${h.restUrl}/api/v1/orders/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tampered),
    });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toBe('Verification failed');
    // Through the client's transport and error mapping.
    const ctx = createPacificaRestContext({ baseUrl: `${h.restUrl}/api/v1` });
    const e = await rejection(ctx.http.request({ method: 'POST', path: '/orders/create', body: tampered }));
    expect(e.code).toBe('VENUE_REJECTED');
    expect(e.context).toMatchObject({ venueMessage: 'Verification failed', httpStatus: 400 });
    expect(h.engine.openOrders(h.accounts[0]?.credentials.account as string)).toHaveLength(0);

    const late = client(h, { clock: { now: () => Date.now() - 60_000 } });
    const expired = await rejection(
      late.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.02', price: '1000' }),
    );
    expect(expired.context).toMatchObject({ venueMessage: 'Invalid message', httpStatus: 400 });
  });

  it('settles hourly funding on a virtual clock and reports the payment with its cash sign', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2025, 0, 1, 10, 30), mode: 'stepped' });
    const h = await start({ clock });
    const c = client(h, { clock });
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    await clock.advance(3_600_000);
    h.engine.advance();
    const [p] = await c.getFundingPayments({ symbol: 'BTC' });
    expect(p).toBeDefined();
    expect(p?.positionSize?.toFixed()).toBe('0.01');
    // A long pays a positive rate and receives a negative one.
    expect(p?.amount.isNegative()).toBe(p?.rate?.isPositive());
    expect(p?.timestamp).toBe(Date.UTC(2025, 0, 1, 11));
  });
});

describe('PacificaVenue ↔ simulated Pacifica: WebSocket', () => {
  it('trades over WS (limit, cancel, market) and falls back to REST while the socket is down', async () => {
    const h = await start();
    const c = client(h, { trading: 'ws' });
    const price = await passiveBid(c);
    // Not connected yet: goes over REST.
    const viaRest = await c.client.trade(
      buildLimitOrder({
        symbol: 'BTC',
        side: 'bid',
        price,
        amount: '0.001',
        tif: 'GTC',
        clientOrderId: newClientOrderId(),
      }),
    );
    expect(viaRest.via).toBe('rest');
    await c.client.ws.connect();
    const cloid = newClientOrderId();
    const viaWs = await c.client.trade(
      buildLimitOrder({ symbol: 'BTC', side: 'bid', price, amount: '0.001', tif: 'ALO', clientOrderId: cloid }),
    );
    expect(viaWs).toMatchObject({ via: 'ws', clientOrderId: cloid });
    expect(viaWs.orderId).toMatch(/^\d+$/);
    expect(await c.getOpenOrders('BTC')).toHaveLength(2);
    await c.cancelOrder({ symbol: 'BTC', orderId: viaWs.orderId as string });
    expect(await c.getOpenOrders('BTC')).toHaveLength(1);
    expect(await c.cancelAllOrders()).toBe(1);
    await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.2' });
    expect((await c.getPositions())[0]?.size.toFixed()).toBe('-0.2');
    // A venue refusal over WS is a rejection, not a fallback.
    const e = await rejection(
      c.placeOrder({
        symbol: 'ETH',
        side: 'buy',
        type: 'market',
        size: '0.2',
        reduceOnly: false,
        clientOrderId: 'not-a-uuid',
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
  });

  it('answers a bad WS signature with code 401', async () => {
    const h = await start();
    const body = signedBid(h);
    const ws = new WebSocket(`${h.wsUrl}/ws`);
    await new Promise((r) => ws.once('open', r));
    const reply = new Promise<Record<string, unknown>>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ id: 'x1', params: { create_order: { ...body, price: '1001' } } }));
    expect(await reply).toMatchObject({ id: 'x1', type: 'create_order', code: 401, err: 'Verification failed' });
    ws.close();
  });

  it('delivers account events: order, fill, position and balance', async () => {
    const { c } = await startConnected();
    const events: AccountEvent[] = [];
    const sub = await c.subscribeAccount((e) => events.push(e));
    const { clientOrderId } = await c.placeOrder({ symbol: 'SOL', side: 'buy', type: 'market', size: '2' });
    const fill = await waitFor(() => events.find((e) => e.type === 'fill'));
    expect(fill.type === 'fill' && fill.fill.clientOrderId).toBe(clientOrderId);
    const order = await waitFor(() => events.find((e) => e.type === 'order' && e.order.status === 'filled'));
    expect(order.type === 'order' && order.order.filledSize.toFixed()).toBe('2');
    const pos = await waitFor(() => events.find((e) => e.type === 'position' && e.position.size.eq(2)));
    expect(pos.type === 'position' && pos.position.symbol).toBe('SOL');
    await waitFor(() => events.find((e) => e.type === 'balance'));
    // Closing reports the market with size 0.
    await c.placeOrder({ symbol: 'SOL', side: 'sell', type: 'market', size: '2', reduceOnly: true });
    await waitFor(() =>
      events.find((e) => e.type === 'position' && e.position.symbol === 'SOL' && e.position.size.isZero()),
    );
    await sub.unsubscribe();
  });

  it('keeps the book stream alive across an injected disconnect (reconnect + resubscribe)', async () => {
    const { h, c } = await startConnected();
    const books: OrderBookSnapshot[] = [];
    await c.subscribeOrderBook('BTC', (b) => books.push(b));
    await waitFor(() => books[0]);
    const gen = c.client.ws.transport.generation;
    h.faults.script({ kind: 'wsDisconnect' });
    await waitFor(() => (c.client.ws.transport.generation > gen && c.client.ws.isOpen ? true : undefined));
    const seen = books.length;
    await waitFor(() => (books.length > seen ? true : undefined));
    const last = books[books.length - 1] as OrderBookSnapshot;
    expect(last.symbol).toBe('BTC');
    expect(last.bids.length).toBeGreaterThan(0);
  });

  it('fails a subscription the venue never acknowledges', async () => {
    const h = await start();
    const c = client(h, { ws: { subscribeAckTimeoutMs: 300 } });
    await expect(c.client.subscribeBook('NOPE', () => undefined)).rejects.toMatchObject({ code: 'TRANSPORT' });
  });
});
