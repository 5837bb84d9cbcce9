/**
 * Real Pacifica payloads (test/fixtures/real, sources in its README) replayed over HTTP through the public client:
 * transport, envelope, parsers and mappers, checked value by value. Keys are the public FAKE test keys.
 */
import { readFileSync } from 'node:fs';
import { Decimal, type Fill, isDnError, type Order, type Position } from '@dn/core';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PacificaVenue } from '../src/index.js';
import { marketFigures, pacificaWsSocket } from './helpers.js';
import { keys } from './vectors.js';

const ACCOUNT = keys.main.public_key_base58;
const SECRET = keys.main.secret_key_64_base58;

type Json = { [k: string]: unknown };
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as Json;
const get = (path: string, body: unknown, extra: Partial<ReplayRoute> = {}): ReplayRoute => ({ path, body, ...extra });

/** CCXT's /info capture plus an XPL perpetual (derived from the BTC row) so the XPL prices sample has a market. */
function infoWithXpl(): Json {
  const info = fixture('ccxt-info.json');
  const rows = info.data as Json[];
  return {
    ...info,
    data: [...rows, { ...rows[0], symbol: 'XPL', tick_size: '0.0001', lot_size: '1', base_asset: 'XPL' }],
  };
}

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(routes: ReplayRoute[], opts: { signer?: boolean; now?: number } = {}): Promise<PacificaVenue> {
  server = await startReplayServer({ routes, maxLifetimeMs: 20_000 });
  return new PacificaVenue({
    restUrl: server.url,
    account: ACCOUNT,
    ...(opts.signer ? { secretKey: SECRET } : {}),
    ...(opts.now !== undefined ? { clock: { now: () => opts.now as number } } : {}),
    rateLimiter: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    timeoutMs: 5_000,
  });
}

describe('markets, book, prices', () => {
  it('GET /info + /account: perpetuals only, steps and the account fee rates', async () => {
    const c = await client([get('/info', fixture('ccxt-info.json')), get('/account', fixture('ccxt-account.json'))]);
    const markets = await c.getMarkets();
    expect(markets.map((m) => m.symbol)).toEqual(['BTC']); // SOL-USDC is spot
    expect(marketFigures(markets[0])).toEqual({
      tickSize: '1',
      lotSize: '0.00001',
      minNotional: '10',
      maxLeverage: '50',
      makerFee: '0.00015',
      takerFee: '0.0004',
      fundingIntervalHours: 1,
    });
  });

  it('markets still load when the undocumented /info/fees is absent and no account is set', async () => {
    server = await startReplayServer({ routes: [get('/info', fixture('ccxt-info.json'))] });
    const c = new PacificaVenue({
      restUrl: server.url,
      rateLimiter: false,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const [btc] = await c.getMarkets();
    expect(btc?.takerFee.toString()).toBe('0.0004');
  });

  it('GET /book: ten levels a side, string counts and a string timestamp', async () => {
    const c = await client([get('/info', fixture('ccxt-info.json')), get('/book', fixture('ccxt-book.json'))]);
    const book = await c.getOrderBook('BTC');
    expect(book.bids).toHaveLength(10);
    expect(book.asks).toHaveLength(10);
    expect(book.bids[0]?.price.toString()).toBe('89204');
    expect(book.bids[0]?.size.toString()).toBe('0.0103');
    expect(book.asks[0]?.price.toString()).toBe('89383');
    expect(book.asks[9]?.size.toString()).toBe('0.00545');
    expect(book.timestamp).toBe(1_769_553_881_390);
    expect(server?.requests.at(-1)?.query).toEqual({ symbol: 'BTC' });
  });

  it('GET /info/prices: hourly next_funding as the rate, open interest converted to USD', async () => {
    const c = await client([get('/info', infoWithXpl()), get('/info/prices', fixture('ccxt-src-info-prices.json'))]);
    const f = await c.getFunding('XPL');
    expect(f.rate.toString()).toBe('0.00011096');
    expect(f.intervalHours).toBe(1);
    expect(f.apr.toString()).toBe(new Decimal('0.00011096').mul(8760).toString());
    expect(f.markPrice?.toString()).toBe('1.084819');
    expect(f.indexPrice?.toString()).toBe('1.084524');
    expect(f.timestamp).toBe(1_759_222_967_974);
    expect(f.nextFundingTime).toBe(1_759_226_400_000); // the next top of the hour
    const [stats] = await c.getAllStats();
    expect(stats?.symbol).toBe('XPL');
    // 3 634 796 XPL × mark 1.084819 = USD 3 943 095.761924
    expect(stats?.openInterest?.toString()).toBe('3943095.761924');
    expect(stats?.volume24h.toString()).toBe('20896698.0672');
  });
});

describe('account', () => {
  it('GET /account: balance, equity, margin (integers sent as strings)', async () => {
    const c = await client([get('/account', fixture('ccxt-account.json'))]);
    const b = await c.getBalance();
    expect(b.collateral.toString()).toBe('100.717133');
    expect(b.equity.toString()).toBe('100.717133');
    expect(b.availableMargin.toString()).toBe('100.717133');
    expect(b.unrealizedPnl.toString()).toBe('0');
  });

  it('GET /positions: a short with its liquidation price', async () => {
    const c = await client([
      get('/positions', fixture('ccxt-positions.json')),
      get('/info/prices', fixture('ccxt-src-info-prices.json')),
    ]);
    const [p, ...rest] = await c.getPositions();
    expect(rest).toEqual([]);
    expect(p?.symbol).toBe('BTC');
    expect(p?.size.toString()).toBe('-0.007');
    expect(p?.entryPrice.toString()).toBe('89114');
    expect(p?.liquidationPrice?.toString()).toBe('102443.420678');
  });

  it('P2: a liquidation price of 0 or below means none (null)', async () => {
    const base = fixture('ccxt-positions.json');
    const row = (base.data as Json[])[0] as Json;
    const body = {
      ...base,
      data: [
        { ...row, liquidation_price: '0' },
        { ...row, symbol: 'ETH', liquidation_price: '-1830.5' },
        { ...row, symbol: 'SOL', liquidation_price: null },
        // Liberal parsing: "" for an optional field is "unset", not a failed positions call.
        { ...row, symbol: 'DOGE', liquidation_price: '', margin: '' },
      ],
    };
    const c = await client([get('/positions', body), get('/info/prices', fixture('ccxt-src-info-prices.json'))]);
    const positions = await c.getPositions();
    expect(positions.map((p) => p.liquidationPrice)).toEqual([null, null, null, null]);
    expect(positions.map((p) => p.size.toString())).toEqual(['-0.007', '-0.007', '-0.007', '-0.007']);
  });

  it('positions: an explicit empty list is flat; a missing or null list is an error, never flat', async () => {
    const prices = get('/info/prices', fixture('ccxt-src-info-prices.json'));
    let c = await client([get('/positions', { ...fixture('ccxt-positions.json'), data: [] }), prices]);
    expect(await c.getPositions()).toEqual([]);
    await server?.close();
    for (const body of [
      { success: true, error: null, code: null },
      { success: true, data: null },
    ]) {
      c = await client([get('/positions', body), prices]);
      const err = await c.getPositions().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDnError(err, 'TRANSPORT')).toBe(true);
      await server?.close();
    }
  });

  it('GET /trades/history: a maker close_short is a buy with its fee', async () => {
    const c = await client([get('/trades/history', fixture('ccxt-src-trades-history.json'))]);
    const [f] = await c.getFills({ limit: 1 });
    expect(f).toMatchObject({ id: '19329801', orderId: '315293920', clientOrderId: 'acf...', symbol: 'LDO' });
    expect(f?.side).toBe('buy');
    expect(f?.liquidity).toBe('maker');
    expect(f?.price.toString()).toBe('1.1904');
    expect(f?.size.toString()).toBe('0.1');
    expect(f?.fee.toString()).toBe('0');
    expect(f?.timestamp).toBe(1_759_215_599_188);
  });

  it('GET /funding/history: a short at a positive hourly rate receives the payout', async () => {
    const c = await client([get('/funding/history', fixture('ccxt-src-funding-history.json'))]);
    const [p] = await c.getFundingPayments({ limit: 1 });
    expect(p?.symbol).toBe('PUMP');
    expect(p?.amount.toString()).toBe('2.617479');
    expect(p?.rate?.toString()).toBe('0.0000125');
    expect(p?.positionSize?.toString()).toBe('-39033804');
    // Consistency of the capture: |payout| = size × rate × price gives a PUMP price near 0.0054.
    expect(p?.amount.div(new Decimal('39033804').mul('0.0000125')).toFixed(4)).toBe('0.0054');
  });
});

describe('orders', () => {
  it('GET /orders: two resting limits, ids and prices exact', async () => {
    const c = await client([get('/info', fixture('ccxt-info.json')), get('/orders', fixture('ccxt-orders.json'))]);
    const orders = await c.getOpenOrders();
    expect(orders.map((o) => o.id)).toEqual(['241146145', '241144447']);
    expect(orders[0]).toMatchObject({ symbol: 'BTC', side: 'buy', type: 'limit', status: 'open', reduceOnly: false });
    expect(orders[0]?.price?.toString()).toBe('87768');
    expect(orders[0]?.size.toString()).toBe('0.002');
    expect(orders[0]?.clientOrderId).toBeUndefined();
    expect(orders[1]?.createdAt).toBe(1_769_554_008_249);
  });

  it('P5: a stop row with price null does not fail the list', async () => {
    const base = fixture('ccxt-orders.json');
    const rows = base.data as Json[];
    const stop = {
      ...rows[0],
      order_id: '241221627',
      price: null,
      stop_price: '90000',
      order_type: 'stop_market',
      reduce_only: true,
    };
    const c = await client([
      get('/info', fixture('ccxt-info.json')),
      get('/orders', { ...base, data: [...rows, stop] }),
    ]);
    const raw = await c.client.rest.getOpenOrders({ account: ACCOUNT });
    expect(raw).toHaveLength(3);
    expect(raw[2]?.price).toBeNull();
    expect(raw[2]?.stopPrice?.toString()).toBe('90000');
    const plain = await c.getOpenOrders();
    expect(plain.map((o) => o.id)).toEqual(['241146145', '241144447']);
  });

  it('a malformed row fails the call with an error naming the field', async () => {
    const base = fixture('ccxt-orders.json');
    const rows = base.data as Json[];
    const c = await client([get('/orders', { ...base, data: [rows[0], { ...rows[1], initial_amount: 'abc' }] })]);
    await expect(c.client.rest.getOpenOrders({ account: ACCOUNT })).rejects.toThrow(/initial_amount/);
  });

  it('GET /orders/history_by_id: an order no longer in /orders is found by id', async () => {
    const c = await client([
      get('/info', fixture('ccxt-info.json')),
      get('/orders', { ...fixture('ccxt-orders.json'), data: [] }),
      get('/orders/history_by_id', fixture('ccxt-orders-history-by-id.json')),
    ]);
    const o = await c.getOrder({ symbol: 'BTC', orderId: '241146145' });
    expect(o).toMatchObject({ id: '241146145', side: 'buy', status: 'open', createdAt: 1_769_554_008_249 });
    expect(o?.price?.toString()).toBe('87768');
    expect(server?.requests.at(-1)?.query).toEqual({ order_id: '241146145' });
  });

  it('POST /orders/create_market and /orders/cancel_all: ids and counts from the real replies', async () => {
    const c = await client(
      [
        get('/info', fixture('ccxt-info.json')),
        { method: 'POST', path: '/orders/create_market', body: fixture('ccxt-create-market-order.json') },
        { method: 'POST', path: '/orders/cancel_all', body: fixture('ccxt-cancel-all-orders.json') },
      ],
      { signer: true },
    );
    const placed = await c.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.003' });
    expect(placed.orderId).toBe('241159097');
    expect(await c.cancelAllOrders('BTC')).toBe(1);
  });
});

describe('P1: candles page with end_time', () => {
  it('GET /kline: one sample candle, start_time and end_time both sent', async () => {
    const c = await client([get('/info', fixture('ccxt-info.json')), get('/kline', fixture('ccxt-src-kline.json'))], {
      now: 1_748_954_400_000,
    });
    const candles = await c.getCandles({ symbol: 'BTC', interval: '1m', limit: 5 });
    expect(candles).toEqual([
      {
        time: 1_748_954_160_000,
        open: new Decimal('105376'),
        high: new Decimal('105376'),
        low: new Decimal('105376'),
        close: new Decimal('105376'),
        volume: new Decimal('0.00022'),
      },
    ]);
    const q = server?.requests.at(-1)?.query;
    expect(q).toEqual({ symbol: 'BTC', interval: '1m', start_time: '1748954100001', end_time: '1748954400000' });
  });

  it('a 10 000-candle range goes out as pages of at most 3 950 candles, each with end_time', async () => {
    const c = await client([get('/info', fixture('ccxt-info.json')), get('/kline', fixture('ccxt-src-kline.json'))], {
      now: 1_800_000_000_000,
    });
    const since = 1_748_954_160_000;
    await c.getCandles({ symbol: 'BTC', interval: '1m', since, limit: 10_000 });
    const pages = (server?.requests ?? []).filter((r) => r.path === '/kline').map((r) => r.query);
    expect(pages).toHaveLength(3);
    let next = since;
    for (const q of pages) {
      const start = Number(q.start_time);
      const end = Number(q.end_time);
      expect(start).toBe(next);
      expect((end - start + 1) / 60_000).toBeLessThanOrEqual(3_950);
      next = end + 1;
    }
    expect(next).toBe(since + 10_000 * 60_000);
  });
});

describe('WS account streams (docs example frames)', () => {
  it('positions (negative liquidation price is none, empty list is flat), a fill, an order update', async () => {
    const frames = JSON.parse(
      readFileSync(new URL('./fixtures/real/docs-ws-account-positions.json', import.meta.url), 'utf8'),
    ) as unknown[];
    const trades = JSON.parse(
      readFileSync(new URL('./fixtures/real/docs-ws-account-trades.json', import.meta.url), 'utf8'),
    ) as unknown;
    const orderUpdates = JSON.parse(
      readFileSync(new URL('./fixtures/real/docs-ws-account-order-updates.json', import.meta.url), 'utf8'),
    ) as unknown;
    server = await startReplayServer({
      sockets: [
        pacificaWsSocket({
          account_positions: frames,
          account_trades: [trades],
          account_order_updates: [orderUpdates],
        }),
      ],
    });
    const c = new PacificaVenue({ wsUrl: `${server.wsUrl}/ws`, account: ACCOUNT, rateLimiter: false });
    const positions: Position[] = [];
    const fills: Fill[] = [];
    const orders: Order[] = [];
    const sub = await c.subscribeAccount((e) => {
      if (e.type === 'position') positions.push(e.position);
      if (e.type === 'fill') fills.push(e.fill);
      if (e.type === 'order') orders.push(e.order);
    });
    const deadline = Date.now() + 5_000;
    while ((positions.length < 3 || fills.length < 1 || orders.length < 1) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await sub.unsubscribe();
    await c.close();
    expect(positions.map((p) => [p.symbol, p.size.toString(), p.entryPrice.toString()])).toEqual([
      ['BTC', '0.00022', '87185'],
      ['BTC', '0.00044', '87285.5'],
      ['BTC', '0', '0'],
    ]);
    expect(positions.map((p) => p.liquidationPrice)).toEqual([null, null, null]);
    // A taker close_long of 0.00036 BTC at 89477 paying 0.012885 USDC.
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ id: '80063441', orderId: '1559912767', symbol: 'BTC', side: 'sell' });
    expect(fills[0]?.liquidity).toBe('taker');
    expect(fills[0]?.price.toString()).toBe('89477');
    expect(fills[0]?.size.toString()).toBe('0.00036');
    expect(fills[0]?.fee.toString()).toBe('0.012885');
    expect(fills[0]?.timestamp).toBe(1_765_018_588_190);
    expect(fills[0]?.clientOrderId).toBeUndefined();
    // A limit bid of 0.00012 BTC filled at 89501.
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: '1559665358', symbol: 'BTC', side: 'buy', type: 'limit', status: 'filled' });
    expect(orders[0]?.price?.toString()).toBe('89501');
    expect(orders[0]?.averageFillPrice?.toString()).toBe('89501');
    expect(orders[0]?.filledSize.toString()).toBe('0.00012');
    expect([orders[0]?.createdAt, orders[0]?.updatedAt]).toEqual([1_765_017_049_008, 1_765_017_219_639]);
  });
});
