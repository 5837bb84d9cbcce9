import { ConfigError, TransportError, UnknownOutcomeError, VenueRejectedError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EXTENDED_SEPOLIA_DOMAIN, type ExtendedClientOptions, ExtendedVenue, verifyOrderBody } from '../src/index.js';
import {
  API_KEY,
  BOOK,
  BTC_MARKET,
  BTC_ORDER_MARKET,
  DOMAIN,
  FEES,
  TEST_KEY,
  TEST_PUBLIC,
} from './support/btc-market.js';
import { closeAfterEach } from './support/close-after-each.js';
import { FixtureServer, okBody } from './support/fixture-server.js';

let server: FixtureServer;
const clients = closeAfterEach(() => server);

async function setup(extra: Partial<ExtendedClientOptions> = {}): Promise<ExtendedVenue> {
  server = await new FixtureServer().start();
  const c = new ExtendedVenue({
    apiKey: API_KEY,
    starkPrivateKey: TEST_KEY,
    vault: 10002,
    restUrl: server.baseUrl,
    userAgent: 'dn-test/1.0',
    ...extra,
  });
  clients.add(c);
  return c;
}

const last = () => server.requests[server.requests.length - 1]!;

describe('public endpoints', () => {
  it('GET /info/markets: repeated market keys, User-Agent, no API key; exact parsing', async () => {
    const ext = await setup();
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    const [m] = await ext.client.api.getMarkets({ markets: ['BTC-USD', 'ETH-USD'] });
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/api/v1/info/markets?market=BTC-USD&market=ETH-USD');
    expect(req.headers['user-agent']).toBe('dn-test/1.0');
    expect(req.headers['x-api-key']).toBeUndefined();
    expect(m?.tradingConfig.minPriceChange.toFixed()).toBe('1');
    expect(m?.tradingConfig.maxLeverage.toFixed()).toBe('50');
    expect(m?.l2Config.syntheticResolution).toBe(1_000_000n);
    expect(m?.marketStats?.markPrice.toFixed()).toBe('65189.7352');
    expect(m?.marketStats?.nextFundingRate).toBe(1712149200000);
    expect(m?.marketStats?.dailyVolume?.toFixed()).toBe('2417543998.0251');
  });

  it('maps markets and stats to the unified shapes (hourly funding, fees from /user/fees)', async () => {
    const ext = await setup();
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    server.on('GET', '/user/fees', { body: okBody(FEES) });
    const [btc] = await ext.getMarkets();
    expect(btc).toMatchObject({ symbol: 'BTC', venueSymbol: 'BTC-USD', fundingIntervalHours: 1, active: true });
    expect(btc?.minSize.toFixed()).toBe('0.0001');
    expect(btc?.takerFee.toFixed()).toBe('0.00025');
    expect(server.requests.find((r) => r.url.startsWith('/api/v1/user/fees'))?.headers['x-api-key']).toBe(API_KEY);
    const [stats] = await ext.getAllStats();
    expect(stats?.funding).toMatchObject({ intervalHours: 1, nextFundingTime: 1712149200000 });
    expect(stats?.funding.apr.toFixed()).toBe('0.10512');
    expect(stats?.bestBid?.toFixed()).toBe('65190');
  });

  it('GET /info/candles: query, newest-first wire order returned oldest first; daily interval probed', async () => {
    const ext = await setup();
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    server.on(
      'GET',
      '/info/candles/BTC-USD/trades',
      {
        body: okBody(
          '[{"o":"2","l":"1","h":"3","c":"2.5","v":"10","T":1700000060000},{"o":"1","l":"1","h":"2","c":"2","v":"4","T":1700000000000}]',
        ),
      },
      { status: 400, body: '{"status":"ERROR","error":{"code":1005,"message":"Not supported interval"}}' },
      { body: okBody('[{"o":"1","l":"1","h":"2","c":"2","v":"4","T":1699920000000}]') },
    );
    const candles = await ext.getCandles({ symbol: 'BTC', interval: '1m', limit: 2, until: 1700000060000 });
    expect(last().url).toBe('/api/v1/info/candles/BTC-USD/trades?interval=PT1M&limit=2&endTime=1700000060000');
    expect(candles.map((c) => c.time)).toEqual([1700000000000, 1700000060000]);
    expect(candles[1]?.close.toFixed()).toBe('2.5');
    const daily = await ext.getCandles({ symbol: 'BTC', interval: '1d', limit: 1, until: 1700000060000 });
    expect(daily).toHaveLength(1);
    const tried = server.requests
      .filter((r) => r.url.includes('/info/candles/'))
      .map((r) => new URL(r.url, 'http://x').searchParams.get('interval'));
    expect(tried).toEqual(['PT1M', 'PT24H', 'P1D']);
  });

  it('GET /info/{market}/funding with times and pagination cursor', async () => {
    const ext = await setup();
    server.on('GET', '/info/BTC-USD/funding', {
      body: okBody('[{"m":"BTC-USD","T":1701563440000,"f":"0.001"}]', '{"cursor":1784963886257016832,"count":1}'),
    });
    const r = await ext.client.api.getFundingHistory({ market: 'BTC-USD', startTime: 1, endTime: 2, limit: 10 });
    expect(last().url).toBe('/api/v1/info/BTC-USD/funding?startTime=1&endTime=2&limit=10');
    expect(r.records[0]?.f.toFixed()).toBe('0.001');
    expect(r.cursor).toBe('1784963886257016832');
  });
});

describe('private endpoints', () => {
  it('GET /user/balance: X-Api-Key sent; a 404 envelope is a zero balance, a bare 404 is an error', async () => {
    const ext = await setup();
    server.on(
      'GET',
      '/user/balance',
      {
        body: okBody(
          '{"collateralName":"USD","balance":"13500","equity":"12000","availableForTrade":"8000","availableForWithdrawal":"7000","unrealisedPnl":"-1500","initialMargin":"4000","marginRatio":"0.1","exposure":"40000","leverage":"3.33","updatedTime":1701563440000}',
        ),
      },
      { status: 404, body: '{"status":"ERROR","error":{"code":"NOT_FOUND","message":"Balance not found"}}' },
      { status: 404, body: '<html>not here</html>' },
    );
    const b = await ext.getBalance();
    expect(last().headers['x-api-key']).toBe(API_KEY);
    expect(b).toMatchObject({ currency: 'USD' });
    expect(b.collateral.toFixed()).toBe('13500');
    expect(b.availableMargin.toFixed()).toBe('8000');
    expect(b.unrealizedPnl.toFixed()).toBe('-1500');
    const zero = await ext.getBalance();
    expect(zero.equity.isZero() && zero.collateral.isZero()).toBe(true);
    await expect(ext.getBalance()).rejects.toBeInstanceOf(VenueRejectedError);
  });

  it('GET /user/positions: signed sizes, 19-digit ids, *At or *Time timestamps', async () => {
    const ext = await setup();
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    server.on('GET', '/user/positions', {
      body: okBody(
        `[{"id":1784963886257016832,"accountId":1,"market":"BTC-USD","side":"SHORT","leverage":"10","size":"0.5","value":"32500","openPrice":"65000","markPrice":"65010","liquidationPrice":"71000","margin":"3250","unrealisedPnl":"-5","realisedPnl":"0","createdAt":1701563440000,"updatedAt":1701563440001}]`,
      ),
    });
    const raw = await ext.client.api.getPositions({ markets: ['BTC-USD'], side: 'SHORT' });
    expect(last().url).toBe('/api/v1/user/positions?market=BTC-USD&side=SHORT');
    expect(raw[0]?.id).toBe('1784963886257016832');
    expect(raw[0]?.createdTime).toBe(1701563440000);
    await ext.client.loadMarkets();
    const [p] = await ext.getPositions();
    expect(p?.size.toFixed()).toBe('-0.5');
    expect(p?.liquidationPrice?.toFixed()).toBe('71000');
    expect(p?.notional.toFixed()).toBe('32500');
  });

  it('GET /user/orders: ids kept exact, statuses and expiry normalised', async () => {
    const ext = await setup();
    server.on('GET', '/user/orders', {
      body: okBody(
        `[{"id":2051479786538188801,"accountId":3017,"externalId":"my-1","market":"BTC-USD","type":"LIMIT","side":"BUY","status":"PARTIALLY_FILLED","price":"60000","averagePrice":"60000","qty":"0.01","filledQty":"0.004","cancelledQty":"0","reduceOnly":false,"postOnly":true,"payedFee":"0","createdTime":1701563440000,"updatedTime":1701563440500,"expiryTime":1702168240,"timeInForce":"GTT"}]`,
      ),
    });
    const [raw] = await ext.client.api.getOpenOrders();
    // Number("2051479786538188801") would be …800.
    expect(raw?.id).toBe('2051479786538188801');
    expect(raw?.expireTime).toBe(1702168240000);
    const [o] = await ext.getOpenOrders();
    expect(o).toMatchObject({
      id: '2051479786538188801',
      clientOrderId: 'my-1',
      status: 'partially_filled',
      timeInForce: 'POST_ONLY',
    });
    expect(o?.filledSize.toFixed()).toBe('0.004');
  });

  it('GET /user/trades and /user/funding/history: fills and payments (client id from externalId)', async () => {
    const ext = await setup();
    server.on('GET', '/user/trades', {
      body: okBody(
        `[{"id":1784963886257016833,"accountId":3017,"market":"BTC-USD","orderId":1784963886257016832,"externalId":"my-1","side":"SELL","price":"65000","qty":"0.001","value":"65","fee":"0.01625","isTaker":true,"tradeType":"TRADE","createdTime":1701563440000}]`,
      ),
    });
    server.on('GET', '/user/funding/history', {
      body: okBody(
        `[{"id":8341,"accountId":3017,"market":"BTC-USD","positionId":1821237954501148672,"side":"LONG","size":"0.5","value":"32500","markPrice":"65000","fundingFee":"-0.39","fundingRate":"0.000012","paidTime":1701565200000}]`,
      ),
    });
    const [f] = await ext.getFills({ limit: 5 });
    expect(last().url).toBe('/api/v1/user/trades?limit=5');
    expect(f).toMatchObject({
      id: '1784963886257016833',
      orderId: '1784963886257016832',
      clientOrderId: 'my-1',
      side: 'sell',
      liquidity: 'taker',
    });
    const [p] = await ext.getFundingPayments({ since: 1701560000000 });
    expect(last().url).toBe('/api/v1/user/funding/history?startTime=1701560000000&limit=100');
    expect(p?.amount.toFixed()).toBe('-0.39');
    expect(p?.positionSize?.toFixed()).toBe('0.5');
  });

  it('PATCH /user/leverage and POST /user/deadmanswitch accept empty bodies', async () => {
    const ext = await setup();
    server.on('PATCH', '/user/leverage', { body: '' });
    server.on('POST', '/user/deadmanswitch', { body: '' });
    const r = await ext.client.api.setLeverage({
      market: 'BTC-USD',
      leverage: new (await import('@dn/core')).Decimal('10'),
    });
    expect(JSON.parse(last().body)).toEqual({ market: 'BTC-USD', leverage: '10' });
    expect(r.leverage.toFixed()).toBe('10');
    await ext.client.setDeadManSwitch(30);
    expect(last()).toMatchObject({ method: 'POST', url: '/api/v1/user/deadmanswitch?countdownTime=30', body: '' });
  });

  it('POST /user/order/massCancel writes 19-digit ids as exact JSON integers', async () => {
    const ext = await setup();
    server.on('POST', '/user/order/massCancel', { body: '{"status":"OK"}' });
    await ext.client.api.massCancel({ orderIds: ['2051479786538188801'], externalOrderIds: ['a'] });
    expect(last().body).toBe('{"orderIds":[2051479786538188801],"externalOrderIds":["a"]}');
    await expect(ext.client.api.massCancel({})).rejects.toThrow(/needs/);
    await expect(ext.client.api.massCancel({ orderIds: ['12e3'] })).rejects.toThrow(/decimal integer/);
  });

  it('DELETE /user/order/{id} and ?externalId=', async () => {
    const ext = await setup();
    server.on('DELETE', '/user/order/1784963886257016832', { body: '{"status":"OK"}' });
    server.on('DELETE', '/user/order', { body: '{"status":"OK"}' });
    await ext.cancelOrder({ symbol: 'BTC', orderId: '1784963886257016832' });
    expect(last()).toMatchObject({ method: 'DELETE', url: '/api/v1/user/order/1784963886257016832' });
    await ext.cancelOrder({ symbol: 'BTC', clientOrderId: 'my id' });
    expect(last().url).toBe('/api/v1/user/order?externalId=my%20id');
  });

  it('refuses private calls without an API key before sending', async () => {
    const ext = await setup({ apiKey: undefined });
    await expect(ext.getPositions()).rejects.toBeInstanceOf(ConfigError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('order placement', () => {
  async function trader(extra: Partial<ExtendedClientOptions> = {}) {
    const ext = await setup({ nonce: () => 1473459052, clock: { now: () => 1705626536860 } as never, ...extra });
    server.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) });
    server.on('GET', '/info/starknet', { body: okBody(DOMAIN) });
    server.on('GET', '/user/fees', { body: okBody(FEES) });
    server.on('GET', '/info/markets/BTC-USD/orderbook', { body: okBody(BOOK) });
    return ext;
  }
  const orderRequest = () => server.requests.find((r) => r.method === 'POST' && r.url === '/api/v1/user/order')!;

  it('market buy: MARKET + IOC at best ask × 1.0075 rounded down to the tick, signed, fee = max(maker, taker)', async () => {
    const ext = await trader();
    server.on('POST', '/user/order', { body: okBody('{"id":1784963886257016832,"externalId":"cid-1"}') });
    const r = await ext.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'market',
      size: '0.0012345',
      clientOrderId: 'cid-1',
    });
    expect(r).toEqual({ orderId: '1784963886257016832', clientOrderId: 'cid-1', status: 'accepted' });
    const req = orderRequest();
    expect(req.headers['x-api-key']).toBe(API_KEY);
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      id: 'cid-1',
      market: 'BTC-USD',
      type: 'MARKET',
      side: 'BUY',
      qty: '0.00123',
      // 65001 × 1.0075 = 65488.5075 → 65488 (never beyond the band).
      price: '65488',
      timeInForce: 'IOC',
      postOnly: false,
      reduceOnly: false,
      fee: '0.00025',
      nonce: '1473459052',
      expiryEpochMillis: 1705626536860 + 3_600_000,
      settlement: { starkKey: TEST_PUBLIC, collateralPosition: '10002' },
    });
    expect(verifyOrderBody(body, BTC_ORDER_MARKET, EXTENDED_SEPOLIA_DOMAIN).valid).toBe(true);
  });

  it('market sell: best bid × (1 − band) rounded UP; a band under one tick uses the best price', async () => {
    const ext = await trader();
    server.on('POST', '/user/order', { body: okBody('{"id":"1","externalId":"x"}') });
    await ext.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.001' });
    // 65000 × 0.9925 = 64512.5 → 64513.
    expect(JSON.parse(orderRequest().body).price).toBe('64513');
    server.requests.length = 0;
    await ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001', slippage: '0.00001' });
    expect(JSON.parse(orderRequest().body).price).toBe('65001');
  });

  it('limit post-only GTT with an explicit expiry; client id generated when absent', async () => {
    const ext = await trader();
    server.on('POST', '/user/order', { body: okBody('{"id":"5","externalId":"x"}') });
    const r = await ext.placeOrder({
      symbol: 'BTC',
      side: 'sell',
      type: 'limit',
      timeInForce: 'POST_ONLY',
      size: '0.01',
      price: '70000',
      expiresAt: 1705626536860 + 86_400_000,
    });
    expect(r.clientOrderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(orderRequest().body)).toMatchObject({
      id: r.clientOrderId,
      type: 'LIMIT',
      timeInForce: 'GTT',
      postOnly: true,
      price: '70000',
      expiryEpochMillis: 1705626536860 + 86_400_000,
    });
  });

  it('refuses bad input before sending anything', async () => {
    const ext = await trader();
    await expect(
      ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01', price: '65000.5' }),
    ).rejects.toThrow(/tick/);
    await expect(
      ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.00009', price: '65000' }),
    ).rejects.toThrow(/minimum/);
    await expect(ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.01' })).rejects.toThrow(/price/);
    await expect(
      ext.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01', slippage: '0.2' }),
    ).rejects.toThrow(/slippage/);
    await expect(ext.placeOrder({ symbol: 'DOGE', side: 'buy', type: 'market', size: '1' })).rejects.toThrow(
      /Unknown symbol/,
    );
    expect(server.requests.some((r) => r.url === '/api/v1/user/order')).toBe(false);
  });

  it('maps the venue error envelope: code, message, HTTP status and the client id', async () => {
    const ext = await trader();
    server.on(
      'POST',
      '/user/order',
      {
        status: 400,
        body: '{"status":"ERROR","error":{"code":1140,"message":"New order cost exceeds available balance","debugInfo":"x"}}',
      },
      { status: 200, body: '{"status":"ERROR","error":{"code":1101,"message":"Invalid Starknet signature"}}' },
    );
    const e1 = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001', clientOrderId: 'c1' })
      .catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(VenueRejectedError);
    expect((e1 as VenueRejectedError).context).toMatchObject({
      venue: 'extended',
      venueCode: 1140,
      httpStatus: 400,
      clientOrderId: 'c1',
      venueMessage: 'New order cost exceeds available balance',
    });
    const e2 = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001' })
      .catch((e: unknown) => e);
    expect((e2 as VenueRejectedError).context.venueCode).toBe(1101);
  });

  it('a 5xx or an unreadable success on POST is an unknown outcome, never retried', async () => {
    const ext = await trader();
    server.on(
      'POST',
      '/user/order',
      { status: 503, body: '{"status":"ERROR","error":{"code":1006,"message":"x"}}' },
      { body: '{"status":"OK","data":{"oops":1}}' },
    );
    const e1 = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001', clientOrderId: 'c5' })
      .catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(UnknownOutcomeError);
    expect((e1 as UnknownOutcomeError).context.clientOrderId).toBe('c5');
    expect(server.requests.filter((r) => r.url === '/api/v1/user/order')).toHaveLength(1);
    const e2 = await ext
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.001', clientOrderId: 'c6' })
      .catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(UnknownOutcomeError);
  });

  it('a malformed answer to a GET is a TransportError', async () => {
    const ext = await trader();
    server.on('GET', '/user/positions', { body: '{"status":"OK","data":[{"id":"x"}]}' });
    await expect(ext.client.api.getPositions()).rejects.toBeInstanceOf(TransportError);
  });
});
