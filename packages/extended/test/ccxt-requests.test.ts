import { Decimal } from '@dn/core';
import { type RecordedRequest, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { getStarkKey } from '@scure/starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENDED_MAINNET_DOMAIN, ExtendedVenue } from '../src/index.js';
import { API, FAKE_API_KEY, fixture } from './support/real-fixtures.js';

/*
 * Every call we share with CCXT's Extended client must send what CCXT's request fixtures record (method, path, query,
 * body), or the difference is asserted here and listed with its reason in test/fixtures/real/README.md.
 */

interface CcxtRequest {
  ccxt: string;
  method: string;
  url: string;
  body?: string;
}
const CCXT = JSON.parse(fixture('ccxt-requests.json')) as {
  skipKeys: string[];
  account: { l2Vault: string };
  requests: CcxtRequest[];
};
const CCXT_BASE = 'https://api.starknet.extended.exchange/api/v1';
// A fake Stark key: CCXT's fixture signs with 0x12345 but sends an unrelated l2Key from its options, so starkKey is
// compared with the key derived from ours instead.
const FAKE_STARK_KEY = '0x12345';

let server: ReplayServer;
let c: ExtendedVenue;

const EMPTY = '{"status":"OK","data":[]}';
const OK = '{"status":"OK"}';

beforeAll(async () => {
  server = await startReplayServer({
    routes: [
      { path: `${API}/info/markets`, body: fixture('ccxt-markets.json') },
      { path: `${API}/info/markets/BTC-USD/stats`, body: fixture('ccxt-market-stats.json') },
      { path: `${API}/info/markets/BTC-USD/orderbook`, body: fixture('ccxt-orderbook.json') },
      { path: `${API}/info/markets/BTC-USD/trades`, body: fixture('ccxt-public-trades.json') },
      { path: /\/info\/candles\//, body: fixture('ccxt-candles.json') },
      { path: `${API}/info/BTC-USD/funding`, body: EMPTY },
      { path: /\/user\/orders\/external\//, body: fixture('ccxt-orders-by-external-id.json') },
      { path: `${API}/user/orders/history`, body: fixture('ccxt-orders-history.json') },
      { path: /\/user\/orders\/\d+$/, body: fixture('ccxt-order.json') },
      { path: `${API}/user/orders`, body: fixture('ccxt-open-orders.json') },
      { path: `${API}/user/trades`, body: EMPTY },
      { path: `${API}/user/funding/history`, body: EMPTY },
      { path: `${API}/user/fees`, body: fixture('ccxt-fees.json') },
      { method: 'PATCH', path: `${API}/user/leverage`, body: fixture('ccxt-set-leverage.json') },
      { path: `${API}/user/leverage`, body: fixture('ccxt-leverage.json') },
      { path: `${API}/user/account/info`, body: fixture('ccxt-account-info.json') },
      { path: `${API}/user/positions/history`, body: fixture('ccxt-positions-history.json') },
      { path: `${API}/user/positions`, body: fixture('ccxt-positions.json') },
      { method: 'DELETE', path: /\/user\/order(\/\d+)?$/, body: fixture('ccxt-cancel-order.json') },
      { method: 'POST', path: `${API}/user/order/massCancel`, body: OK },
      { method: 'POST', path: `${API}/user/deadmanswitch`, body: '' },
      {
        method: 'POST',
        path: `${API}/user/order`,
        body: '{"status":"OK","data":{"id":1784963886257016832,"externalId":"x"}}',
      },
    ],
  });
  c = new ExtendedVenue({
    apiKey: FAKE_API_KEY,
    starkPrivateKey: FAKE_STARK_KEY,
    vault: CCXT.account.l2Vault,
    restUrl: `${server.url}${API}`,
    domain: EXTENDED_MAINNET_DOMAIN,
  });
  await c.client.loadMarkets();
});

afterAll(async () => {
  await c.close();
  await server.close();
});

function ccxt(name: string): CcxtRequest {
  const r = CCXT.requests.find((x) => x.ccxt === name);
  if (!r) throw new Error(`no CCXT request ${name}`);
  return r;
}

/** The one request `run` sent to the path CCXT names (market/fee loads and other paths ignored). */
async function sent(
  name: string,
  run: () => Promise<unknown>,
): Promise<{ ours: RecordedRequest; theirs: CcxtRequest }> {
  const theirs = ccxt(name);
  const path = `${API}${new URL(theirs.url).pathname.slice(new URL(CCXT_BASE).pathname.length)}`;
  const from = server.requests.length;
  await run();
  const mine = server.requests.slice(from).filter((r) => r.path === path && r.method === theirs.method);
  expect(mine, `${name}: one ${theirs.method} ${path}`).toHaveLength(1);
  return { ours: mine[0]!, theirs };
}

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

/** Method, path, query and (JSON) body equal CCXT's. */
async function same(name: string, run: () => Promise<unknown>): Promise<void> {
  const { ours, theirs } = await sent(name, run);
  expect(ours.query, `${name} query`).toEqual(queryOf(theirs.url));
  if (theirs.body !== undefined) expect(JSON.parse(ours.body)).toEqual(JSON.parse(theirs.body));
  else expect(ours.body).toBe('');
}

describe('requests equal CCXT extended request fixtures', () => {
  const q = { symbol: 'BTC' } as const;
  const clientId = '3480985089570526249141260266819446928410958787024864860785196119336740291620';
  const until = 1777517940000;
  it('public endpoints', async () => {
    await same('fetchMarkets', () => c.getMarkets());
    await same('fetchTicker', () => c.getFunding('BTC'));
    await same('fetchOrderBook', () => c.getOrderBook('BTC'));
    await same('fetchTrades', () => c.client.api.getPublicTrades({ market: 'BTC-USD' }));
    await same('fetchOHLCV', () => c.getCandles({ ...q, interval: '1m', until, limit: 1 }));
    await same('fetchMarkOHLCV', () => c.getCandlesOf({ ...q, interval: '1m', until, limit: 1 }, 'mark-prices'));
    await same('fetchIndexOHLCV', () => c.getCandlesOf({ ...q, interval: '1m', until, limit: 1 }, 'index-prices'));
    await same('fetchFundingRateHistory', () =>
      c.client.api.getFundingHistory({ market: 'BTC-USD', startTime: 1777503601028, endTime: 1777507201028, limit: 1 }),
    );
  });

  it('account and order queries', async () => {
    await same('fetchOrder by id', () => c.getOrder({ ...q, orderId: '2051479786538188800' }));
    await same('fetchOrder by clientOrderId', () => c.getOrder({ ...q, clientOrderId: clientId }));
    await same('fetchOpenOrders', () => c.getOpenOrders('BTC'));
    await same('fetchOrders', () => c.client.api.getOrdersHistory({ markets: ['BTC-USD'], limit: 2 }));
    await same('fetchMyTrades', () => c.getFills({ ...q, limit: 2 }));
    await same('fetchFundingHistory', () => c.getFundingPayments({ ...q, since: 1778133600000, limit: 2 }));
    await same('fetchTradingFee', () => c.client.api.getFees({ markets: ['BTC-USD'] }));
    await same('fetchLeverage', () => c.client.api.getLeverage({ markets: ['BTC-USD'] }));
    await same('setLeverage', () => c.setLeverage('BTC', 10));
    await same('fetchAccount', () => c.client.api.getAccountInfo());
    await same('fetchPositions', () => c.client.api.getPositions({ markets: ['BTC-USD'] }));
    await same('fetchPositionsHistory', () => c.client.api.getPositionsHistory({ markets: ['BTC-USD'] }));
  });

  it('cancels and the dead man switch', async () => {
    await same('cancelOrder by id', () => c.cancelOrder({ ...q, orderId: '2051479786538188800' }));
    await same('cancelOrder by clientOrderId', () => c.cancelOrder({ ...q, clientOrderId: clientId }));
    await same('cancelOrders by clientOrderIds', () =>
      c.client.api.massCancel({ externalOrderIds: ['client-order-1', 'client-order-2'] }),
    );
    await same('cancelAllOrdersAfter 5000 ms', () => c.client.setDeadManSwitch(5));
    await same('cancelAllOrdersAfter 0', () => c.client.setDeadManSwitch(0));
  });

  it('differences, each deliberate (README): mass-cancel ids as JSON integers, a symbol cancel without cancelAll', async () => {
    const ids = await sent('cancelOrders by ids', () =>
      c.client.api.massCancel({ orderIds: ['2051479786538188800', '2051479786538188801'] }),
    );
    // The docs type orderIds as numbers; the ids go out exactly, never through a JS number.
    expect(ids.ours.body).toBe('{"orderIds":[2051479786538188800,2051479786538188801]}');
    expect(JSON.parse(ids.theirs.body!).orderIds).toEqual(['2051479786538188800', '2051479786538188801']);
    const all = await sent('cancelAllOrders with symbol', () => c.cancelAllOrders('BTC'));
    // cancelAll + markets is ambiguous (cancelAll alone cancels every market); the symbol's orders only are meant.
    expect(JSON.parse(all.ours.body)).toEqual({ markets: ['BTC-USD'] });
    expect(JSON.parse(all.theirs.body!)).toEqual({ cancelAll: true, markets: ['BTC-USD'] });
  });

  it("createOrder: CCXT's limit buy body, except the keys CCXT skips, starkKey (ours derived) and debuggingAmounts", async () => {
    const theirs = JSON.parse(ccxt('createOrder swap limit buy').body!) as Record<string, unknown>;
    const built = await c.client.buildOrder('BTC-USD', {
      side: 'BUY',
      type: 'LIMIT',
      qty: '0.1',
      price: '50',
      fee: '0.0005',
      builderFee: '0.0001',
      builderId: '257624',
      expiryEpochMillis: 1778669894662,
      nonce: 1778666294,
      externalId: '50f1e348-e580-4228-bbc7-d7a970036f7c',
    });
    const { ours } = await sent('createOrder swap limit buy', () => c.client.api.placeOrder({ body: built.body }));
    const body = JSON.parse(ours.body) as Record<string, unknown>;
    const strip = (o: Record<string, unknown>): Record<string, unknown> => {
      const {
        settlement,
        debuggingAmounts: _d,
        ...rest
      } = o as { settlement: Record<string, unknown> } & Record<string, unknown>;
      for (const k of CCXT.skipKeys) delete rest[k];
      const { signature: _s, starkKey: _k, ...settle } = settlement;
      return { ...rest, settlement: settle };
    };
    expect(strip(body)).toEqual(strip(theirs));
    const settlement = body.settlement as { starkKey: string; signature: { r: string; s: string } };
    expect(settlement.starkKey).toBe(getStarkKey(FAKE_STARK_KEY));
    expect(settlement.signature.r).toMatch(/^0x[0-9a-f]+$/);
    expect(body.debuggingAmounts).toEqual({
      collateralAmount: '-5000000',
      feeAmount: '3000',
      syntheticAmount: '100000',
    });
    // The unified placeOrder sends the same shape without a builder.
    const unified = await sent('createOrder swap limit buy', () =>
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: new Decimal('0.1'), price: '50' }),
    );
    const u = strip(JSON.parse(unified.ours.body));
    const { builderFee: _bf, builderId: _bi, ...expected } = strip(theirs);
    expect({ ...u, fee: '0.0005' }).toEqual(expected);
  });
});
