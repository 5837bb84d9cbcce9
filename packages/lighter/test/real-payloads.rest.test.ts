import { type Decimal, TransportError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMultipartForm } from '../src/index.js';
import { closeReplays, fixture, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

const str = (d: Decimal | undefined | null) => d?.toFixed();
const body = (o: unknown) => JSON.stringify(o);

describe('Lighter real payloads: markets, book, funding, candles', () => {
  it('loads the live ETH market (nautilus capture): scales, minimums, leverage, fees, hourly funding', async () => {
    const { client, venue } = await replay([]);
    const [eth] = await venue.getMarkets();
    expect(eth).toMatchObject({ symbol: 'ETH', venueSymbol: '0', fundingIntervalHours: 1, active: true });
    expect(
      [eth?.tickSize, eth?.lotSize, eth?.minSize, eth?.maxLeverage, eth?.makerFee, eth?.takerFee].map(str),
    ).toEqual(['0.01', '0.0001', '0.005', '50', '0', '0']);
    const m = await client.market('ETH');
    expect([m.priceDecimals, m.sizeDecimals, m.minInitialMarginFraction]).toEqual([2, 4, 200]);
    expect(str(m.minNotional)).toBe('10');
  });

  it("loads CCXT's market capture, which has no market_type and an empty order_quote_limit", async () => {
    const { venue } = await replay([
      { path: '/api/v1/orderBookDetails', body: fixture('ccxt.fetchMarkets.orderBookDetails.json') },
    ]);
    const [eth] = await venue.getMarkets();
    expect(eth?.symbol).toBe('ETH');
    expect(str(eth?.maxLeverage)).toBe('50');
  });

  it('aggregates the live orderBookOrders capture into levels (best first)', async () => {
    const { venue, server } = await replay([
      { path: '/api/v1/orderBookOrders', body: fixture('nautilus.http_order_book_orders.json') },
    ]);
    const book = await venue.getOrderBook('ETH');
    expect(book.bids.map((l) => [str(l.price), str(l.size)])).toEqual([['2361.17', '3.4125']]);
    expect(book.asks.map((l) => [str(l.price), str(l.size)])).toEqual([['2361.32', '0.0317']]);
    expect(server.requests.find((r) => r.path === '/api/v1/orderBookOrders')?.query).toMatchObject({ market_id: '0' });
  });

  it('reads an empty book side sent as null as empty, and refuses to price a market order on it', async () => {
    const { venue } = await replay([
      {
        path: '/api/v1/orderBookOrders',
        body: body({
          ...fixtureJson<Record<string, unknown>>('ccxt.fetchOrderBook.orderBookOrders.json'),
          asks: null,
          total_asks: 0,
        }),
      },
    ]);
    const book = await venue.getOrderBook('ETH');
    expect(book.asks).toEqual([]);
    expect(book.bids.map((l) => str(l.price))).toEqual(['3429.8']);
    await expect(venue.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.01' })).rejects.toThrow(
      /No asks/,
    );
  });

  it('reads /funding-rates (fraction per 8 h, CCXT capture) as a fraction per 1 h interval', async () => {
    const { venue } = await replay([{ path: '/api/v1/funding-rates', body: fixture('ccxt.fetchFundingRates.json') }]);
    const f = await venue.getFunding('ETH');
    // 0.000096 / 8 = 0.000012 per hour = 0.0012 % per hour, the market_stats value beside it in CCXT's comments.
    expect(f.rate.toDecimalPlaces(12).toFixed()).toBe('0.000012');
    expect(f.intervalHours).toBe(1);
    expect(f.apr.toDecimalPlaces(8).toFixed()).toBe('0.10512');
  });

  it('turns /fundings rows (seconds, unsigned percent + direction) into signed hourly fractions; asks in ms', async () => {
    const { client, server } = await replay([
      { path: '/api/v1/fundings', body: fixture('nautilus.http_fundings.json') },
    ]);
    const rows = await client.getFundingHistory({
      marketId: 0,
      resolution: '1h',
      startTimestamp: 1_778_700_000_000,
      endTimestamp: 1_778_710_000_000,
      countBack: 10,
    });
    expect(rows.map((r) => [r.time, r.rate.toFixed()])).toEqual([
      [1_778_702_400_000, '0.000012'],
      [1_778_706_000_000, '-0.000002'],
    ]);
    // `value` is the rate applied to the mark: 0.0012 % × 2256.56 = 0.02707872 USDC per ETH (percent, not fraction).
    expect(rows[0]?.value?.div(rows[0].rate).toDecimalPlaces(2).toFixed()).toBe('2256.56');
    expect(server.requests.at(-1)?.query).toMatchObject({
      market_id: '0',
      resolution: '1h',
      start_timestamp: '1778700000000',
      end_timestamp: '1778710000000',
      count_back: '10',
    });
  });

  it('reads candles in both shapes, and "c": null as no candles', async () => {
    const until = 1_700_000_120_000;
    const first = await replay([{ path: '/api/v1/candles', body: fixture('nautilus.http_candles.json') }]);
    const candles = await first.venue.getCandles({ symbol: 'ETH', interval: '1m', until, limit: 5 });
    expect(candles.map((k) => [k.time, str(k.open), str(k.close), str(k.volume)])).toEqual([
      [1_700_000_000_000, '2361.11', '2361.31', '1.2345'],
      [1_700_000_060_000, '2361.31', '2362.5', '0.5'],
    ]);
    const empty = await replay([{ path: '/api/v1/candles', body: fixture('nautilus.http_candles_null.json') }]);
    expect(await empty.venue.getCandles({ symbol: 'ETH', interval: '1m', until, limit: 5 })).toEqual([]);
    const old = await replay([{ path: '/api/v1/candles', body: fixture('ccxt.fetchOHLCV.candlesticks.json') }]);
    const [k] = await old.venue.getCandles({ symbol: 'ETH', interval: '1m', until: 1_763_090_500_000, limit: 5 });
    expect([k?.time, str(k?.high), str(k?.volume)]).toEqual([1_763_090_460_000, '3224.61', '183.81289999999998']);
  });
});

describe('Lighter real payloads: account, positions, orders', () => {
  it('reads the long ETH position of account 1077 (CCXT capture)', async () => {
    const { venue } = await replay([{ path: '/api/v1/account', body: fixture('ccxt.fetchPositions.account.json') }]);
    const [p] = await venue.getPositions();
    expect(p).toMatchObject({ symbol: 'ETH' });
    expect([p?.size, p?.entryPrice, p?.unrealizedPnl, p?.liquidationPrice, p?.leverage, p?.notional].map(str)).toEqual([
      '18.0193',
      '2669.84',
      '6197.829558',
      '2191.1107231380406',
      '20',
      '54306.56634',
    ]);
  });

  it("picks its own account when the venue lists two (CCXT's balance capture)", async () => {
    const main = await replay([{ path: '/api/v1/account', body: fixture('ccxt.fetchBalance.account.json') }]);
    const b = await main.venue.getBalance();
    expect([b.collateral, b.equity, b.availableMargin].map(str)).toEqual([
      '9100.242706',
      '15323.479477',
      '12606.880799',
    ]);
    expect(await main.venue.getPositions()).toEqual([]);
    const sub = await replay([{ path: '/api/v1/account', body: fixture('ccxt.fetchBalance.account.json') }], {
      accountIndex: '281474976710608',
    });
    expect(str((await sub.venue.getBalance()).collateral)).toBe('30');
    const other = await replay([{ path: '/api/v1/account', body: fixture('ccxt.fetchBalance.account.json') }], {
      accountIndex: 5,
    });
    await expect(other.venue.getPositions()).rejects.toThrow(/not found/);
  });

  it('a zero-size position row (nautilus capture) is flat', async () => {
    const { venue } = await replay([{ path: '/api/v1/account', body: fixture('nautilus.http_account.json') }], {
      accountIndex: 123456,
    });
    expect(await venue.getPositions()).toEqual([]);
  });

  it('missing, null or malformed positions are an error, never "flat"', async () => {
    const real = fixtureJson<{ accounts: Record<string, unknown>[] }>('ccxt.fetchPositions.account.json');
    const variants = [
      (a: Record<string, unknown>) => delete a['positions'],
      (a: Record<string, unknown>) => {
        a['positions'] = null;
      },
      (a: Record<string, unknown>) => {
        (a['positions'] as Record<string, unknown>[])[0] = { market_id: 0, symbol: 'ETH', sign: 1 };
      },
    ];
    for (const edit of variants) {
      const copy = structuredClone(real);
      edit(copy.accounts[0] as Record<string, unknown>);
      const { venue } = await replay([{ path: '/api/v1/account', body: body(copy) }]);
      const err = await venue.getPositions().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).details).toMatch(/positions/);
      await closeReplays();
    }
  });

  it('reads the open-order capture (nautilus): ids, client id, price, side, ms timestamps', async () => {
    const { venue, server } = await replay([
      { path: '/api/v1/accountActiveOrders', body: fixture('nautilus.http_orders.json') },
    ]);
    const [o] = await venue.getOpenOrders('ETH');
    expect(o).toMatchObject({
      id: '281476929510110',
      clientOrderId: '42',
      symbol: 'ETH',
      side: 'sell',
      type: 'limit',
      timeInForce: 'GTT',
      status: 'open',
      reduceOnly: false,
      createdAt: 1_777_941_383_576,
    });
    expect([o?.price, o?.size, o?.filledSize].map(str)).toEqual(['2352.74', '0.005', '0']);
    const req = server.requests.find((r) => r.path === '/api/v1/accountActiveOrders');
    expect(req?.query).toMatchObject({ account_index: '1077', market_id: '0' });
    expect(req?.headers['authorization']).toMatch(/^\d+:1077:3:[0-9a-f]{160}$/);
  });

  it('"orders": null is no open orders, and getOrder then answers null (not an error)', async () => {
    const none = body({ code: 200, message: null, next_cursor: null, orders: null });
    const { venue } = await replay([
      { path: '/api/v1/accountActiveOrders', body: none },
      { path: '/api/v1/accountInactiveOrders', body: none },
    ]);
    expect(await venue.getOpenOrders()).toEqual([]);
    expect(await venue.getOrder({ symbol: 'ETH', orderId: '281476929510110' })).toBeNull();
  });

  it('finds a closed order in the CCXT capture (seconds timestamps, cancel reason)', async () => {
    const { venue } = await replay([
      { path: '/api/v1/accountActiveOrders', body: body({ code: 200, orders: null }) },
      { path: '/api/v1/accountInactiveOrders', body: fixture('ccxt.comment.accountInactiveOrders.json') },
    ]);
    const o = await venue.getOrder({ symbol: 'ETH', orderId: '281474977354074' });
    expect(o).toMatchObject({ status: 'cancelled', type: 'market', timeInForce: 'IOC', side: 'sell' });
    expect(o?.createdAt).toBe(1_766_387_932_000);
    expect(o?.clientOrderId).toBeUndefined();
  });

  it('reads the next nonce (nautilus capture)', async () => {
    const { client } = await replay([{ path: '/api/v1/nextNonce', body: fixture('nautilus.http_next_nonce.json') }]);
    expect(await client.getNextNonce()).toBe(1_234_567_890n);
  });
});

describe('Lighter real payloads: fills, fees, paging', () => {
  it("charges each fill the trade's own ppm fee (maker 28 ppm of usd_amount), newest first requested", async () => {
    const { venue, server } = await replay(
      [{ path: '/api/v1/trades', body: fixture('nautilus.http_recent_trades_unordered.json') }],
      { accountIndex: '281474976639642' },
    );
    const fills = await venue.getFills({ symbol: 'ETH' });
    // Sorted oldest first whatever order the venue answered in.
    expect(fills.map((f) => f.id)).toEqual(['19211490282', '19211490283', '19211490284']);
    const [a, b] = fills;
    expect(a).toMatchObject({
      side: 'buy',
      liquidity: 'maker',
      orderId: '562947905454831',
      clientOrderId: '410940644',
    });
    expect(str(a?.fee)).toBe('0.00003305834'); // 1.180655 × 28 / 1e6
    // is_maker_ask true: the bid (this account) took; the capture has no taker_fee, so the market rate (0) applies.
    expect(b).toMatchObject({ liquidity: 'taker' });
    expect(str(b?.fee)).toBe('0');
    expect(server.requests.find((r) => r.path === '/api/v1/trades')?.query).toMatchObject({
      sort_by: 'timestamp',
      sort_dir: 'desc',
      account_index: '281474976639642',
      market_id: '0',
    });
  });

  it('reads "trades": null and a missing trades key (the last page) as no fills', async () => {
    for (const name of ['nautilus.http_recent_trades_null.json', 'nautilus.http_recent_trades_missing.json']) {
      const { client, venue } = await replay([{ path: '/api/v1/trades', body: fixture(name) }]);
      expect(await venue.getFills()).toEqual([]);
      const page = await client.getTrades({ limit: 100 });
      expect(page.next_cursor).toBeUndefined();
      await closeReplays();
    }
  });

  it('reads the CCXT trade comment (no fee fields, integer ids): account 1077 bought as taker', async () => {
    const { venue } = await replay([{ path: '/api/v1/trades', body: fixture('ccxt.comment.trades.json') }]);
    const [f] = await venue.getFills();
    expect(f).toMatchObject({ id: '17609', side: 'buy', liquidity: 'taker', orderId: '562949952870533' });
    expect([f?.price, f?.size].map(str)).toEqual(['2958.75', '10.2304']);
    expect(f?.timestamp).toBe(1_766_386_112_741);
  });

  it('"position_fundings": null (last page) is no funding payments', async () => {
    const { venue } = await replay([
      { path: '/api/v1/positionFunding', body: body({ code: 200, position_fundings: null, next_cursor: null }) },
    ]);
    expect(await venue.getFundingPayments()).toEqual([]);
  });
});

describe('Lighter real payloads: sending a tx', () => {
  it('POSTs multipart/form-data tx_type + tx_info and reads the captured success body', async () => {
    const { venue, server } = await replay([
      { path: '/api/v1/nextNonce', body: fixture('nautilus.http_next_nonce.json') },
      { method: 'POST', path: '/api/v1/sendTx', body: fixture('ccxt.comment.sendTx.json') },
    ]);
    const r = await venue.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.01', price: '2000.00' });
    expect(r.status).toBe('accepted');
    const sent = server.requests.find((q) => q.path === '/api/v1/sendTx');
    const form = parseMultipartForm(sent?.body ?? '', sent?.headers['content-type']) ?? {};
    expect(Object.keys(form)).toEqual(['tx_type', 'tx_info']);
    expect(form['tx_type']).toBe('14');
    expect(JSON.parse(form['tx_info'] ?? '{}')).toMatchObject({
      AccountIndex: 1077,
      MarketIndex: 0,
      BaseAmount: 100,
      Price: 200000,
      IsAsk: 0,
      Nonce: 1_234_567_890,
    });
  });
});
