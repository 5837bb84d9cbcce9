import {
  type AccountEvent,
  ConfigError,
  Decimal,
  type OrderBookSnapshot,
  UnknownOutcomeError,
  VenueRejectedError,
  VirtualClock,
} from '@dn/core';
import { EXTENDED_MAINNET_DOMAIN, ExtendedVenue } from '@dn/extended';
import { describe, expect, it } from 'vitest';
import { extendedFrontend } from '../src/frontends/extended/index.js';
import { extendedHarness } from './harness/extended.js';
import { waitFor } from './harness/sim-harness.js';

// Every key here is a FAKE simulator key derived from "dn-sim-fake-extended-<seed>-<index>".
const { start, client, track, startConnected } = extendedHarness(7);

describe('ExtendedVenue against the simulated Extended venue', () => {
  it('reads markets, books, funding and stats in unified form', async () => {
    const { h, c: ext } = await startConnected();
    const markets = await ext.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    expect(btc).toMatchObject({ venueSymbol: 'BTC-USD', fundingIntervalHours: 1, active: true });
    expect(btc?.tickSize.toFixed()).toBe('1');
    expect(btc?.lotSize.toFixed()).toBe('0.00001');
    expect(btc?.takerFee.toFixed()).toBe('0.00025');

    const book = await ext.getOrderBook('BTC', 5);
    expect(book.bids.length).toBe(5);
    expect(book.bids[0]!.price.lt(book.asks[0]!.price)).toBe(true);

    const funding = await ext.getFunding('BTC');
    expect(funding.intervalHours).toBe(1);
    expect(funding.apr.eq(funding.rate.mul(8760))).toBe(true);
    expect(funding.nextFundingTime! % 3_600_000).toBe(0);

    const stats = await ext.getAllStats();
    expect(stats.map((s) => s.symbol)).toContain('ETH');
    expect(stats.every((s) => s.markPrice.gt(0))).toBe(true);

    const candles = await ext.getCandles({ symbol: 'BTC', interval: '1m', limit: 5 });
    expect(candles.length).toBeGreaterThan(0);
    for (let i = 1; i < candles.length; i++) expect(candles[i]!.time).toBeGreaterThan(candles[i - 1]!.time);
    const daily = await ext.getCandles({ symbol: 'BTC', interval: '1d', limit: 2 });
    expect(daily.length).toBeGreaterThan(0);

    // The raw REST layer keeps the venue's shapes, with the Stark domain served by the venue.
    expect(await ext.client.api.getStarknetDomain()).toEqual({
      name: 'Perpetuals',
      version: 'v0',
      chainId: 'SN_SEPOLIA',
      revision: 1,
    });
    const info = await ext.client.api.getAccountInfo();
    expect(info.l2Key).toBe(ext.client.starkPublicKey);
    expect(info.l2Vault).toBe(h.accounts[0]!.credentials.vault);
  });

  it('places, lists, looks up and cancels a resting limit order (19-digit ids survive)', async () => {
    const { c: ext } = await startConnected();
    const book = await ext.getOrderBook('BTC', 1);
    const price = book.bids[0]!.price.mul('0.95').toDecimalPlaces(0, Decimal.ROUND_DOWN);
    const placed = await ext.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      size: '0.01',
      price,
      clientOrderId: 'e2e-limit-1',
    });
    expect(placed.status).toBe('accepted');
    expect(placed.orderId).toMatch(/^\d{19}$/);

    const open = await ext.getOpenOrders('BTC');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: placed.orderId, clientOrderId: 'e2e-limit-1', status: 'open', side: 'buy' });
    expect(open[0]!.price?.eq(price)).toBe(true);

    const byId = await ext.getOrder({ symbol: 'BTC', orderId: placed.orderId! });
    expect(byId?.clientOrderId).toBe('e2e-limit-1');

    await ext.cancelOrder({ symbol: 'BTC', orderId: placed.orderId! });
    expect(await ext.getOpenOrders('BTC')).toHaveLength(0);
    const after = await ext.getOrder({ symbol: 'BTC', clientOrderId: 'e2e-limit-1' });
    expect(after?.status).toBe('cancelled');
    expect(await ext.getOrder({ symbol: 'BTC', clientOrderId: 'never-placed' })).toBeNull();
  });

  it('fills a market order: position, balance, fills and the account stream all change', async () => {
    const { c: ext } = await startConnected();
    const events: AccountEvent[] = [];
    const sub = await ext.subscribeAccount((e) => events.push(e));
    await waitFor(() => (events.some((e) => e.type === 'balance') ? true : undefined));
    const before = await ext.getBalance();
    expect(before.collateral.eq(100_000)).toBe(true);

    const r = await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.05' });
    const positions = await ext.getPositions();
    expect(positions).toHaveLength(1);
    expect(positions[0]!.symbol).toBe('BTC');
    expect(positions[0]!.size.toFixed()).toBe('0.05');

    const fills = await ext.getFills({ symbol: 'BTC' });
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.clientOrderId === r.clientOrderId && f.liquidity === 'taker')).toBe(true);
    const fee = fills.reduce((s, f) => s.add(f.fee), new Decimal(0));
    expect(fee.gt(0)).toBe(true);
    const after = await ext.getBalance();
    expect(after.collateral.eq(before.collateral.sub(fee))).toBe(true);

    const fill = await waitFor(() => events.find((e) => e.type === 'fill'));
    expect(fill.type === 'fill' && fill.fill.clientOrderId).toBe(r.clientOrderId);
    await waitFor(() => events.find((e) => e.type === 'position' && e.position.size.eq('0.05')));

    // Sell it back with reduce-only: flat again.
    await ext.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.05', reduceOnly: true });
    expect(await ext.getPositions()).toHaveLength(0);
    await sub.unsubscribe();
  });

  it('sets leverage and refuses an order whose cost exceeds the balance with the venue code', async () => {
    const { c: ext } = await startConnected();
    await ext.setLeverage('ETH', '5');
    expect((await ext.client.api.getLeverage({ markets: ['ETH-USD'] }))[0]?.leverage.toFixed()).toBe('5');
    const err = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '100' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context).toMatchObject({ venueCode: 1140, httpStatus: 400 });
    expect((err as VenueRejectedError).context.clientOrderId).toBeTypeOf('string');
  });

  it('rejects an order signed under the wrong domain (1101) and a foreign Stark key (1100)', async () => {
    const h = await start({ accounts: 2 });
    const wrongDomain = client(h, { domain: EXTENDED_MAINNET_DOMAIN });
    const e1 = await wrongDomain
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' })
      .catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(VenueRejectedError);
    expect((e1 as VenueRejectedError).context.venueCode).toBe(1101);

    const other = h.accounts[1]!.credentials;
    const foreignKey = client(h, {
      starkPrivateKey: other.starkPrivateKey!,
      vault: h.accounts[0]!.credentials.vault!,
    });
    const e2 = await foreignKey
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' })
      .catch((e: unknown) => e);
    expect((e2 as VenueRejectedError).context.venueCode).toBe(1100);
    expect(await client(h).getPositions()).toHaveLength(0);
  });

  it('refuses private calls with a bad API key (401) and without one (ConfigError, nothing sent)', async () => {
    const h = await start();
    const bad = client(h, { apiKey: 'sim-fake-wrong' });
    const e = await bad.getPositions().catch((x: unknown) => x);
    expect((e as VenueRejectedError).context.httpStatus).toBe(401);
    const none = new ExtendedVenue({ restUrl: `${h.restUrl}/api/v1` });
    track(none);
    await expect(none.getBalance()).rejects.toBeInstanceOf(ConfigError);
  });

  it('retries a GET answered 429 and succeeds', async () => {
    const { h, c: ext } = await startConnected();
    h.faults.script({ kind: 'http429', count: 1, retryAfterSeconds: 0, match: { path: '/api/v1/info/markets' } });
    const markets = await ext.getMarkets();
    expect(markets.length).toBeGreaterThan(0);
    expect(h.faults.history.some((f) => f.kind === 'http429')).toBe(true);
  });

  it('surfaces a timeout after acceptance as UnknownOutcomeError, then finds the order by client id', async () => {
    const h = await start();
    const ext = client(h, { orderTimeoutMs: 500 });
    const book = await ext.getOrderBook('BTC', 1);
    const price = book.bids[0]!.price.mul('0.9').toDecimalPlaces(0, Decimal.ROUND_DOWN);
    h.faults.script({ kind: 'timeoutAfterAccept', count: 1 });
    const err = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price, clientOrderId: 'lost-ack-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context.clientOrderId).toBe('lost-ack-1');
    const found = await ext.getOrder({ symbol: 'BTC', clientOrderId: 'lost-ack-1' });
    expect(found).toMatchObject({ clientOrderId: 'lost-ack-1', status: 'open' });
  });

  it('reports an asynchronously rejected post-only order on the account stream', async () => {
    const { c: ext } = await startConnected();
    const events: AccountEvent[] = [];
    await ext.subscribeAccount((e) => events.push(e));
    const book = await ext.getOrderBook('BTC', 1);
    const r = await ext.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      timeInForce: 'POST_ONLY',
      size: '0.001',
      price: book.asks[0]!.price.add(10),
    });
    expect(r.status).toBe('accepted');
    const rejected = await waitFor(() =>
      events.find((e) => e.type === 'order' && e.order.clientOrderId === r.clientOrderId),
    );
    expect(rejected.type === 'order' && rejected.order.status).toBe('rejected');
    expect((await ext.getOrder({ symbol: 'BTC', clientOrderId: r.clientOrderId }))?.status).toBe('rejected');
  });

  it('mass-cancels by market and arms the dead man’s switch', async () => {
    const { c: ext } = await startConnected();
    const bid = (await ext.getOrderBook('ETH', 1)).bids[0]!.price;
    for (const k of [0.9, 0.91]) {
      await ext.placeOrder({
        symbol: 'ETH',
        side: 'buy',
        type: 'limit',
        size: '0.1',
        price: bid.mul(k).toDecimalPlaces(1, Decimal.ROUND_DOWN),
      });
    }
    expect(await ext.getOpenOrders()).toHaveLength(2);
    await ext.cancelAllOrders('ETH');
    expect(await ext.getOpenOrders()).toHaveLength(0);

    await ext.placeOrder({
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      size: '0.1',
      price: bid.mul('0.9').toDecimalPlaces(1, Decimal.ROUND_DOWN),
    });
    await ext.client.setDeadManSwitch(1);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await ext.getOpenOrders()).toHaveLength(0);
  });

  it('keeps a live order book through a WS disconnect and a sequence gap', async () => {
    const { h, c: ext } = await startConnected();
    const books: OrderBookSnapshot[] = [];
    const sub = await ext.subscribeOrderBook('BTC', (b) => books.push(b));
    await waitFor(() => (books.length >= 2 ? true : undefined));
    const check = (b: OrderBookSnapshot) => {
      expect(b.bids.length).toBeGreaterThan(0);
      expect(b.bids[0]!.price.lt(b.asks[0]!.price)).toBe(true);
    };
    check(books[books.length - 1]!);

    h.faults.script({ kind: 'wsDisconnect', match: { path: '/stream.extended.exchange/v1/orderbooks' } });
    const afterDisconnect = books.length;
    await waitFor(() => (books.length > afterDisconnect + 1 ? true : undefined));
    check(books[books.length - 1]!);

    h.faults.script({ kind: 'bookSequenceGap', match: { stream: 'book:BTC' } });
    await waitFor(() => (h.faults.history.some((f) => f.kind === 'bookSequenceGap') ? true : undefined));
    const afterGap = books.length;
    // The gap forces a reconnect; the new connection starts with a snapshot at seq 1.
    await waitFor(() => (books.slice(afterGap).some((b) => b.sequence === 1) ? true : undefined));
    await waitFor(() => (books.length > afterGap + 2 ? true : undefined));
    const last = books[books.length - 1]!;
    check(last);
    // The streamed book matches the venue's own snapshot at the top.
    const rest = await ext.getOrderBook('BTC', 1);
    expect(last.bids[0]!.price.sub(rest.bids[0]!.price).abs().lte(rest.bids[0]!.price.mul('0.002'))).toBe(true);
    await sub.unsubscribe();
  });

  it('streams public trades and mark prices (time from the envelope: the venue writes ts 0 in data)', async () => {
    const { c: ext } = await startConnected();
    const marks: { price: Decimal; timestamp: number }[] = [];
    await ext.client.subscribePrice('BTC-USD', 'mark', (p) => marks.push(p));
    const trades: unknown[] = [];
    await ext.client.subscribeTrades('BTC-USD', (t) => trades.push(...t));
    const before = Date.now();
    await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' });
    await waitFor(() => (marks.length > 0 && trades.length > 0 ? true : undefined));
    expect(marks[0]!.price.gt(0)).toBe(true);
    expect(marks[0]!.timestamp).toBeGreaterThan(before - 60_000);
  });

  it('setLeverage succeeds on the venue answer {"status":"OK","data":{}} and the next order uses it', async () => {
    const { c: ext } = await startConnected();
    await expect(ext.setLeverage('BTC', 3)).resolves.toBeUndefined();
    const [row] = await ext.client.api.getLeverage({ markets: ['BTC-USD'] });
    expect(row?.leverage.toFixed()).toBe('3');
  });

  it('follows funding-rate pages to the end (the venue sends a cursor on the last page too)', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1), mode: 'stepped' });
    const sim = await start({ clock });
    const ext = client(sim, { clock });
    await clock.advance(5 * 3_600_000);
    const rates = await ext.client.getFundingHistory('BTC-USD', clock.now() - 6 * 3_600_000, clock.now());
    expect(rates.length).toBeGreaterThanOrEqual(5);
    expect(rates.every((r, i) => i === 0 || r.T < rates[i - 1]!.T)).toBe(true);
  });

  it('creates deterministic, clearly fake credentials', () => {
    const a = extendedFrontend.createAccount(0, 7);
    expect(extendedFrontend.createAccount(0, 7)).toEqual(a);
    expect(extendedFrontend.createAccount(1, 7).credentials.starkPrivateKey).not.toBe(a.credentials.starkPrivateKey);
    expect(a.credentials.apiKey).toMatch(/^sim-fake-/);
    expect(Object.keys(a.credentials).sort()).toEqual(['apiKey', 'starkPrivateKey', 'vault']);
  });
});
