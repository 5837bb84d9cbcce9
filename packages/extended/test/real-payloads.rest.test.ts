import { Decimal, type DnError, TransportError, VenueRejectedError } from '@dn/core';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import { EXTENDED_MAINNET_DOMAIN, ExtendedVenue } from '../src/index.js';
import { closeAfterEach } from './support/close-after-each.js';
import { API, FAKE_API_KEY, fixture, TEST_KEY } from './support/real-fixtures.js';

let server: ReplayServer | undefined;
const clients = closeAfterEach(() => server);

const MARKETS: ReplayRoute = { path: `${API}/info/markets`, body: fixture('ccxt-markets.json') };
const FEES: ReplayRoute = { path: `${API}/user/fees`, body: fixture('ccxt-fees.json') };

async function client(routes: ReplayRoute[], onIssue?: (e: DnError<object>) => void): Promise<ExtendedVenue> {
  server = await startReplayServer({ routes: [MARKETS, FEES, ...routes] });
  const c = new ExtendedVenue({
    apiKey: FAKE_API_KEY,
    starkPrivateKey: TEST_KEY,
    vault: 500343,
    restUrl: `${server.url}${API}`,
    domain: EXTENDED_MAINNET_DOMAIN,
    userAgent: 'dn-real-payloads/1.0',
    ...(onIssue ? { onIssue } : {}),
  });
  clients.add(c);
  return c;
}

const str = (d: Decimal | undefined | null) => d?.toFixed();

describe('Extended real payloads: markets and prices (CCXT captures)', () => {
  it('loads the captured BTC-USD market with the account fees', async () => {
    const c = await client([]);
    const [m] = await c.getMarkets();
    expect(m).toMatchObject({ symbol: 'BTC', venueSymbol: 'BTC-USD', fundingIntervalHours: 1, active: true });
    expect([str(m!.tickSize), str(m!.lotSize), str(m!.minSize), str(m!.maxLeverage)]).toEqual([
      '1',
      '0.00001',
      '0.0001',
      '50',
    ]);
    expect([str(m!.makerFee), str(m!.takerFee)]).toEqual(['0', '0.00025']);
    const raw = (await c.client.loadMarkets())[0]!;
    expect(raw.l2Config).toMatchObject({ collateralId: '0x1', syntheticId: '0x4254432d3600000000000000000000' });
    expect(raw.l2Config.syntheticResolution).toBe(1_000_000n);
  });

  it("loads the SDK's test market, which has no status field, as active (missing optional field never fails)", async () => {
    server = await startReplayServer({ routes: [{ path: `${API}/info/markets`, body: fixture('sdk-markets.json') }] });
    const c = new ExtendedVenue({ restUrl: `${server.url}${API}` });
    clients.add(c);
    const [m] = await c.getMarkets();
    expect(m).toMatchObject({ symbol: 'BTC', active: true });
    expect(str(m!.tickSize)).toBe('0.1');
    const [s] = await c.getAllStats();
    expect(str(s!.funding.rate)).toBe('-0.000034');
  });

  it('leaves out a market it cannot read, names the field, and keeps the others', async () => {
    const good = JSON.parse(fixture('ccxt-markets.json')).data[0];
    const broken = { ...good, name: 'ETH-USD', assetName: 'ETH', tradingConfig: { ...good.tradingConfig } };
    delete broken.tradingConfig.minPriceChange;
    const issues: DnError<object>[] = [];
    server = await startReplayServer({
      routes: [{ path: `${API}/info/markets`, body: JSON.stringify({ status: 'OK', data: [broken, good] }) }],
    });
    const c = new ExtendedVenue({ restUrl: `${server.url}${API}`, onIssue: (e) => issues.push(e) });
    clients.add(c);
    const list = await c.getMarkets();
    expect(list.map((m) => m.symbol)).toEqual(['BTC']);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.shortMessage).toContain('ETH-USD');
    expect(issues[0]!.details).toContain('tradingConfig.minPriceChange');
  });

  it('funding from market stats: 1-hour rate, next funding time in ms, mark and index', async () => {
    const c = await client([{ path: `${API}/info/markets/BTC-USD/stats`, body: fixture('ccxt-market-stats.json') }]);
    const f = await c.getFunding('BTC');
    expect(str(f.rate)).toBe('0.000012');
    expect(f.intervalHours).toBe(1);
    expect(f.nextFundingTime).toBe(1777446000000);
    expect(str(f.markPrice)).toBe('77006.091897999984');
    expect(str(f.indexPrice)).toBe('77050.739529925005');
    expect(str(f.apr)).toBe('0.10512');
  });

  it('open interest is the USD notional (openInterest ≈ openInterestBase × mark in the capture)', async () => {
    const c = await client([]);
    const [s] = await c.getAllStats();
    expect(str(s!.openInterest)).toBe('114851569.088316');
    const implied = new Decimal('1491.33012').mul('77006.091897999984');
    expect(s!.openInterest!.div(implied).sub(1).abs().lt('0.01')).toBe(true);
  });

  it('order book and candles', async () => {
    const c = await client([
      { path: `${API}/info/markets/BTC-USD/orderbook`, body: fixture('ccxt-orderbook.json') },
      { path: `${API}/info/candles/BTC-USD/trades`, body: fixture('ccxt-candles.json') },
    ]);
    const book = await c.getOrderBook('BTC');
    expect(book.bids.map((l) => [str(l.price), str(l.size)])).toEqual([['76214', '14.46084']]);
    expect(book.asks.map((l) => [str(l.price), str(l.size)])).toEqual([['76215', '0.11585']]);
    const candles = await c.getCandles({ symbol: 'BTC', interval: '1m', until: 1777517940000, limit: 1 });
    expect(candles).toHaveLength(1);
    expect(candles[0]!.time).toBe(1777517880000);
    expect([str(candles[0]!.open), str(candles[0]!.close), str(candles[0]!.volume)]).toEqual([
      '75657.5',
      '75657.5',
      '0',
    ]);
    const q = server!.requests.find((r) => r.path.endsWith('/trades'))!.query;
    expect(q).toEqual({ interval: 'PT1M', limit: '1', endTime: '1777517940000' });
  });

  it('E5: funding-rate history sends limit and follows the cursor exactly (19 digits) to the last page', async () => {
    const olderPage = JSON.stringify({ status: 'OK', data: [{ m: 'BTC-USD', f: '-0.000004', T: 1777503601028 }] });
    const c = await client([
      { path: `${API}/info/BTC-USD/funding`, query: { cursor: '1784963886257016800' }, body: olderPage },
      { path: `${API}/info/BTC-USD/funding`, body: fixture('ccxt-funding-rates.json') },
    ]);
    const rates = await c.client.getFundingHistory('BTC-USD', 1777500000000, 1777510000000);
    expect(rates.map((r) => [r.T, str(r.f)])).toEqual([
      [1777507201028, '0.000008'],
      [1777503601028, '-0.000004'],
    ]);
    const calls = server!.requests.filter((r) => r.path === `${API}/info/BTC-USD/funding`);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.query).toEqual({ startTime: '1777500000000', endTime: '1777510000000', limit: '1000' });
    expect(calls[1]!.query).toMatchObject({ cursor: '1784963886257016800', limit: '1000' });
  });
});

/** The captured funding page, and the empty page after it (the venue sends a cursor on its last page too). */
const FUNDING_PAGES: ReplayRoute[] = [
  {
    path: `${API}/info/BTC-USD/funding`,
    query: { cursor: '1784963886257016800' },
    body: '{"status":"OK","data":[],"pagination":{"count":0}}',
  },
  { path: `${API}/info/BTC-USD/funding`, body: fixture('ccxt-funding-rates.json') },
];

describe('Extended real payloads: the market funding history through the venue (CCXT capture)', () => {
  it('the captured applied rate as a FundingRecord: 1-hour rate as a fraction, longs pay when positive, time in ms', async () => {
    const c = await client([
      ...FUNDING_PAGES,
      { path: `${API}/info/markets/BTC-USD/stats`, body: fixture('ccxt-market-stats.json') },
    ]);
    const since = 1777503601029;
    const until = 1777510000000;
    const history = await c.getFundingHistory({ symbol: 'BTC', since, until });
    expect(history).toHaveLength(1);
    const [r] = history;
    expect(r).toMatchObject({ symbol: 'BTC', time: 1777507201028, intervalHours: 1 });
    expect(r!.markPrice).toBeUndefined();
    expect(str(r!.rate)).toBe('0.000008');
    // Same unit and sign as the current rate: both are the venue's 1-hour fraction, positive = longs pay.
    const now = await c.getFunding('BTC');
    expect(now.intervalHours).toBe(r!.intervalHours);
    const calls = server!.requests.filter((q) => q.path === `${API}/info/BTC-USD/funding`);
    expect(calls.map((q) => q.query)).toEqual([
      { startTime: String(since - 1), endTime: String(until + 1), limit: '1000' },
      { startTime: String(since - 1), endTime: String(until + 1), limit: '1000', cursor: '1784963886257016800' },
    ]);
    // Public data: no API key is sent.
    expect(calls.every((q) => q.headers['x-api-key'] === undefined)).toBe(true);
  });

  it('a rate outside [since, until] in the venue answer is not returned', async () => {
    const c = await client([...FUNDING_PAGES]);
    await expect(c.getFundingHistory({ symbol: 'BTC', since: 1777507201029, until: 1777510000000 })).resolves.toEqual(
      [],
    );
    await expect(c.getFundingHistory({ symbol: 'BTC', since: 1777500000000, until: 1777507201027 })).resolves.toEqual(
      [],
    );
  });
});

describe('Extended real payloads: account (CCXT captures)', () => {
  it('positions: signed size, entry, notional, leverage; liquidation price 0 means none', async () => {
    const c = await client([{ path: `${API}/user/positions`, body: fixture('ccxt-positions.json') }]);
    const [p] = await c.getPositions();
    expect(p).toMatchObject({ symbol: 'BTC', liquidationPrice: null });
    expect([str(p!.size), str(p!.entryPrice), str(p!.markPrice), str(p!.notional), str(p!.leverage)]).toEqual([
      '0.0001',
      '81500',
      '81003.306447000009',
      '8.10033',
      '10',
    ]);
    expect(str(p!.unrealizedPnl)).toBe('-0.04967');
  });

  it('positions: an explicit empty list is flat; null, a missing list or an unreadable row is an error, never flat', async () => {
    const capture = JSON.parse(fixture('ccxt-positions.json'));
    capture.data[0].size = '';
    const withBlankSize = JSON.stringify(capture);
    const c = await client([
      { path: `${API}/user/positions`, body: '{"status":"OK","data":[]}', times: 1 },
      { path: `${API}/user/positions`, body: '{"status":"OK","data":null}', times: 1 },
      { path: `${API}/user/positions`, body: '{"status":"OK"}', times: 1 },
      { path: `${API}/user/positions`, body: withBlankSize, times: 1 },
    ]);
    expect(await c.getPositions()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      const e = await c.getPositions().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e, `answer ${i + 2}`).toBeInstanceOf(TransportError);
      if (i === 2) expect((e as TransportError).shortMessage).toContain('0.size');
    }
  });

  it('other lists: null is empty (open orders, fills, funding payments), unlike positions', async () => {
    const nullList = '{"status":"OK","data":null}';
    const c = await client([
      { path: `${API}/user/orders`, body: nullList },
      { path: `${API}/user/trades`, body: nullList },
      { path: `${API}/user/funding/history`, body: nullList },
    ]);
    expect(await c.getOpenOrders()).toEqual([]);
    expect(await c.getFills()).toEqual([]);
    expect(await c.getFundingPayments()).toEqual([]);
  });

  it('orders: by id, by client id, open orders (post-only, null average price) and history', async () => {
    const c = await client([
      { path: `${API}/user/orders/2051479786538188800`, body: fixture('ccxt-order.json') },
      {
        path: `${API}/user/orders/external/3480985089570526249141260266819446928410958787024864860785196119336740291620`,
        body: fixture('ccxt-orders-by-external-id.json'),
      },
      { path: `${API}/user/orders`, body: fixture('ccxt-open-orders.json') },
      { path: `${API}/user/orders/history`, body: fixture('ccxt-orders-history.json') },
    ]);
    const byId = await c.getOrder({ symbol: 'BTC', orderId: '2051479786538188800' });
    expect(byId).toMatchObject({
      id: '2051479786538188800',
      clientOrderId: '123456789',
      side: 'sell',
      status: 'partially_filled',
      timeInForce: 'GTT',
      createdAt: 1777964689506,
    });
    expect([str(byId!.price), str(byId!.size), str(byId!.filledSize), str(byId!.averageFillPrice)]).toEqual([
      '87777',
      '0.01',
      '0.004',
      '87700',
    ]);
    const byClient = await c.getOrder({
      symbol: 'BTC',
      clientOrderId: '3480985089570526249141260266819446928410958787024864860785196119336740291620',
    });
    expect(byClient).toMatchObject({ id: '2051479786538188801', status: 'filled' });
    const open = await c.getOpenOrders('BTC');
    expect(open.map((o) => [o.id, o.clientOrderId, o.status, o.timeInForce, o.averageFillPrice])).toEqual([
      ['2051479786538188802', 'open-1', 'open', 'POST_ONLY', undefined],
      ['2051479786538188803', 'open-2', 'partially_filled', 'GTT', expect.any(Decimal)],
    ]);
    const history = await c.client.api.getOrdersHistory({ markets: ['BTC-USD'], limit: 2 });
    expect(history.items.map((o) => o.status)).toEqual(['FILLED', 'CANCELLED']);
    expect(history.cursor).toBe('2051479786538188805');
    expect(history.items[0]!.expireTime).toBe(1777966055617);
  });

  it('fills: fees, maker/taker, client id from externalId; the cursor is followed to an empty page', async () => {
    const c = await client([
      { path: `${API}/user/trades`, query: { cursor: '2052253880279891970' }, body: '{"status":"OK","data":[]}' },
      { path: `${API}/user/trades`, body: fixture('ccxt-user-trades.json') },
    ]);
    const fills = await c.getFills({ symbol: 'BTC' });
    expect(
      fills.map((f) => [f.id, f.orderId, f.clientOrderId, f.side, str(f.price), str(f.size), str(f.fee), f.liquidity]),
    ).toEqual([
      ['2052253880279891969', '2052253880279891968', 'client-order-1', 'buy', '81000', '0.0001', '0.00405', 'taker'],
      ['2052253880279891970', '2052253880279891968', 'client-order-1', 'sell', '81500', '0.0002', '0.00326', 'maker'],
    ]);
  });

  it('funding payments: numeric ids, zero rate gives zero; the sign follows side × rate', async () => {
    const captured = fixture('ccxt-funding-payments.json');
    // The capture's rows with a non-zero rate and fee (derived from it: only rate, fee and side changed).
    const derived = JSON.parse(captured);
    derived.pagination = null;
    derived.data[0] = { ...derived.data[0], fundingRate: '0.000012', fundingFee: '0.000098' };
    derived.data[1] = { ...derived.data[1], side: 'SHORT', fundingRate: '0.000012', fundingFee: '-0.000097' };
    const c = await client([
      { path: `${API}/user/funding/history`, query: { cursor: '3920' }, body: '{"status":"OK","data":[]}' },
      { path: `${API}/user/funding/history`, body: captured, times: 1 },
      { path: `${API}/user/funding/history`, body: JSON.stringify(derived) },
    ]);
    const zero = await c.getFundingPayments({ symbol: 'BTC', since: 1778133600000 });
    expect(zero.map((f) => [f.timestamp, str(f.amount), str(f.rate), str(f.positionSize)])).toEqual([
      [1778133601792, '0', '0', '0.0001'],
      [1778137201792, '0', '0', '0.0001'],
    ]);
    const signed = await c.getFundingPayments({ symbol: 'BTC', since: 1778133600000 });
    // Positive rate: the long pays, the short receives, whatever sign the venue wrote.
    expect(signed.map((f) => [str(f.positionSize), str(f.amount)])).toEqual([
      ['-0.0001', '0.000097'],
      ['0.0001', '-0.000098'],
    ]);
  });

  it('E1: setLeverage succeeds on the live answer {"status":"OK","data":{}} and sends what CCXT sends', async () => {
    const c = await client([
      { method: 'PATCH', path: `${API}/user/leverage`, body: fixture('ccxt-set-leverage.json') },
    ]);
    await expect(c.setLeverage('BTC', 10)).resolves.toBeUndefined();
    const sent = server!.requests.find((r) => r.method === 'PATCH')!;
    expect(JSON.parse(sent.body)).toEqual({ market: 'BTC-USD', leverage: '10' });
    expect(await c.client.api.setLeverage({ market: 'BTC-USD', leverage: new Decimal(10) })).toMatchObject({
      market: 'BTC-USD',
    });
  });

  it('leverage, fees, account info, positions history and cancels ({"status":"OK"} without data)', async () => {
    const c = await client([
      { path: `${API}/user/leverage`, body: fixture('ccxt-leverage.json') },
      { path: `${API}/user/account/info`, body: fixture('ccxt-account-info.json') },
      { path: `${API}/user/positions/history`, body: fixture('ccxt-positions-history.json') },
      { method: 'DELETE', path: `${API}/user/order/2051479786538188800`, body: fixture('ccxt-cancel-order.json') },
      { method: 'DELETE', path: `${API}/user/order`, body: fixture('ccxt-cancel-order.json') },
    ]);
    expect((await c.client.api.getLeverage({ markets: ['BTC-USD'] })).map((l) => [l.market, str(l.leverage)])).toEqual([
      ['BTC-USD', '10'],
    ]);
    const fees = await c.client.api.getFees({ markets: ['BTC-USD'] });
    expect(str(fees[0]!.builderFeeRate)).toBe('0.0001');
    const info = await c.client.api.getAccountInfo();
    expect([info.accountId, info.l2Vault, info.l2Key]).toEqual([
      '3342',
      '500343',
      '0x1baecb005d0bea9b5ab5d5736b48cb7d45ab92f29f7c786affa2b4d4e34afcc',
    ]);
    const hist = await c.client.api.getPositionsHistory({ markets: ['BTC-USD'] });
    expect([hist.items[0]!.id, str(hist.items[0]!.realisedPnl), hist.cursor]).toEqual([
      '2052253880279891968',
      '-0.004075',
      '2052253880279891968',
    ]);
    await expect(c.cancelOrder({ symbol: 'BTC', orderId: '2051479786538188800' })).resolves.toBeUndefined();
    await expect(c.cancelOrder({ symbol: 'BTC', clientOrderId: 'client-order-1' })).resolves.toBeUndefined();
  });

  it('E7: every request carries Accept: application/json and the User-Agent; the API key only on private ones', async () => {
    const c = await client([{ path: `${API}/user/positions`, body: fixture('ccxt-positions.json') }]);
    await c.getPositions();
    await c.getMarkets();
    expect(server!.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of server!.requests) {
      expect(r.headers.accept).toBe('application/json');
      expect(r.headers['user-agent']).toBe('dn-real-payloads/1.0');
      expect(r.headers['x-api-key'] === FAKE_API_KEY).toBe(r.path.startsWith(`${API}/user/`));
    }
  });

  it('balance (docs shape, no capture exists): an absent collateral name reads as USD; 404 is a zero balance', async () => {
    const body =
      '{"status":"OK","data":{"balance":"13500","equity":"12500.5","availableForTrade":"11000","unrealisedPnl":"-1000","initialMargin":"1500","updatedTime":1701563440}}';
    const c = await client([
      { path: `${API}/user/balance`, body, times: 1 },
      {
        path: `${API}/user/balance`,
        status: 404,
        body: '{"status":"ERROR","error":{"code":"NOT_FOUND","message":"Balance not found"}}',
      },
    ]);
    const b = await c.getBalance();
    expect([b.currency, str(b.equity), str(b.availableMargin), str(b.unrealizedPnl)]).toEqual([
      'USD',
      '12500.5',
      '11000',
      '-1000',
    ]);
    expect(str((await c.getBalance()).equity)).toBe('0');
  });

  it('a venue error envelope becomes VenueRejectedError with the numeric code', async () => {
    const c = await client([
      {
        path: `${API}/user/positions`,
        status: 400,
        body: '{"status":"ERROR","error":{"code":1140,"message":"New order cost exceeds available balance"}}',
      },
    ]);
    const e = await c.getPositions().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(VenueRejectedError);
    expect((e as VenueRejectedError).context).toMatchObject({ venueCode: 1140, httpStatus: 400 });
  });
});
