import type { ReplayRoute } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { lighterPublicKey, parseMultipartForm, verifyTxInfo } from '../src/index.js';
import { closeReplays, fixture, fixtureJson, replay } from './support/real-fixtures.js';

/*
 * CCXT's request fixtures (fixtures/real/ccxt.request.json): for every call we share, our method, path, query and
 * signed tx_info equal theirs with the same inputs, except the differences listed in fixtures/real/README.md.
 */

interface CcxtCase {
  url: string;
  input: unknown[];
  output?: { tx_type: number; tx_info: string };
}
const REQ = fixtureJson<{ skipKeys: string[]; privateKey: string; methods: Record<string, CcxtCase[]> }>(
  'ccxt.request.json',
);
const ACCOUNT = 715085;

afterEach(closeReplays);

/** CCXT's LTC market (id 35, 3 size and 3 price decimals, read off its BaseAmount 1000 for 1 LTC and Price 40000 for 40). */
const LTC_DETAILS: ReplayRoute = {
  path: '/api/v1/orderBookDetails',
  body: (() => {
    const d = fixtureJson<{ order_book_details: Record<string, unknown>[] }>('nautilus.http_order_book_details.json');
    const eth = d.order_book_details[0] as Record<string, unknown>;
    const ltc = {
      ...eth,
      symbol: 'LTC',
      market_id: 35,
      size_decimals: 3,
      price_decimals: 3,
      min_base_amount: '0.100',
      min_quote_amount: '1.000000',
    };
    return JSON.stringify({ ...d, order_book_details: [eth, ltc] });
  })(),
};
const LTC_BOOK: ReplayRoute = {
  path: '/api/v1/orderBookOrders',
  body: JSON.stringify({
    code: 200,
    total_asks: 1,
    asks: [{ order_index: 1, remaining_base_amount: '5.000', price: '59.000' }],
    total_bids: 0,
    bids: null,
  }),
};
const SENT: ReplayRoute = { method: 'POST', path: '/api/v1/sendTx', body: fixture('ccxt.comment.sendTx.json') };
const NONCE: ReplayRoute = { path: '/api/v1/nextNonce', body: '{"code":200,"nonce":7}' };

async function ccxtClient(extra: ReplayRoute[] = []) {
  return replay([LTC_DETAILS, LTC_BOOK, SENT, NONCE, ...extra], {
    accountIndex: ACCOUNT,
    apiKeyIndex: 5,
    privateKey: REQ.privateKey,
  });
}

function url(u: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(u);
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
}

/** tx_info without the keys CCXT skips (time, nonce, signature, ids) and without L2TxAttributes (README). */
function comparable(txInfo: string): [string, unknown][] {
  const skip = new Set([...REQ.skipKeys, 'L2TxAttributes']);
  return Object.entries(JSON.parse(txInfo) as Record<string, unknown>).filter(([k]) => !skip.has(k));
}

async function sentTx(r: Awaited<ReturnType<typeof ccxtClient>>) {
  const sent = r.server.requests.find((q) => q.path === '/api/v1/sendTx');
  expect(sent?.method).toBe('POST');
  expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  const form = parseMultipartForm(sent?.body ?? '', sent?.headers['content-type']) ?? {};
  return { txType: Number(form['tx_type']), txInfo: form['tx_info'] ?? '' };
}

describe('requests equal CCXT request fixtures', () => {
  it('createOrder limit buy 1 LTC @ 40: same path, tx_type and tx_info fields in the same order', async () => {
    const [c] = REQ.methods['createOrder'] as CcxtCase[];
    const r = await ccxtClient();
    await r.venue.placeOrder({ symbol: 'LTC', side: 'buy', type: 'limit', size: '1', price: '40' });
    const sent = await sentTx(r);
    expect(url(c?.url ?? '').path).toBe('/api/v1/sendTx');
    expect(sent.txType).toBe(c?.output?.tx_type);
    expect(comparable(sent.txInfo)).toEqual(comparable(c?.output?.tx_info ?? ''));
    // Every key CCXT sends is there, in Go's field order; ours adds only L2TxAttributes, last.
    expect(Object.keys(JSON.parse(sent.txInfo))).toEqual([
      ...Object.keys(JSON.parse(c?.output?.tx_info ?? '{}')),
      'L2TxAttributes',
    ]);
    expect(verifyTxInfo(14, JSON.parse(sent.txInfo), 304, lighterPublicKey(REQ.privateKey)).ok).toBe(true);
  });

  it('createOrder market buy 0.1 LTC with worst price 60', async () => {
    const c = (REQ.methods['createOrder'] as CcxtCase[])[1];
    const r = await ccxtClient();
    await r.venue.placeOrder({ symbol: 'LTC', side: 'buy', type: 'market', size: '0.1', price: '60' });
    const sent = await sentTx(r);
    expect(sent.txType).toBe(c?.output?.tx_type);
    expect(comparable(sent.txInfo)).toEqual(comparable(c?.output?.tx_info ?? ''));
  });

  it('cancelAllOrders: immediate, time 0', async () => {
    const [c] = REQ.methods['cancelAllOrders'] as CcxtCase[];
    const r = await ccxtClient();
    await r.venue.cancelAllOrders();
    const sent = await sentTx(r);
    expect(sent.txType).toBe(c?.output?.tx_type);
    expect(comparable(sent.txInfo)).toEqual(comparable(c?.output?.tx_info ?? ''));
  });

  it('fetchClosedOrders → accountInactiveOrders with the same query', async () => {
    const [c] = REQ.methods['fetchClosedOrders'] as CcxtCase[];
    const r = await ccxtClient([{ path: '/api/v1/accountInactiveOrders', body: '{"code":200,"orders":null}' }]);
    await r.client.getInactiveOrders({ limit: 2, marketId: 35 });
    const req = r.server.requests.at(-1);
    expect({ path: req?.path, query: req?.query }).toEqual(url(c?.url ?? ''));
  });

  it('fetchMyTrades → trades: same account, market and limit; newest first by timestamp (listed difference)', async () => {
    const [c] = REQ.methods['fetchMyTrades'] as CcxtCase[];
    const r = await ccxtClient([{ path: '/api/v1/trades', body: fixture('nautilus.http_recent_trades_null.json') }]);
    await r.venue.getFills({ symbol: 'LTC', limit: 2 });
    const req = r.server.requests.at(-1);
    const theirs = url(c?.url ?? '');
    expect(req?.path).toBe(theirs.path);
    expect(req?.query).toEqual({ ...theirs.query, sort_by: 'timestamp', sort_dir: 'desc' });
  });

  it('fetchFundingRates and fetchPositions: same path and query', async () => {
    const r = await ccxtClient([
      { path: '/api/v1/funding-rates', body: fixture('ccxt.fetchFundingRates.json') },
      { path: '/api/v1/account', body: fixture('ccxt.fetchBalance.account.json') },
    ]);
    await r.client.getFundingRates();
    expect(r.server.requests.at(-1)).toMatchObject(url((REQ.methods['fetchFundingRates'] as CcxtCase[])[0]?.url ?? ''));
    await r.client.getAccount();
    const req = r.server.requests.at(-1);
    expect({ path: req?.path, query: req?.query }).toEqual(
      url((REQ.methods['fetchPositions'] as CcxtCase[])[0]?.url ?? ''),
    );
  });

  it('fetchMarkets and fetchOrderBook: same paths; the query differences are the listed ones', async () => {
    const r = await ccxtClient();
    await r.venue.getMarkets();
    const markets = r.server.requests.find((q) => q.path === '/api/v1/orderBookDetails');
    expect(markets?.path).toBe(url((REQ.methods['fetchMarkets'] as CcxtCase[])[0]?.url ?? '').path);
    expect(markets?.query).toEqual({ market_id: '255' });
    await r.venue.getOrderBook('ETH', 5);
    const book = r.server.requests.at(-1);
    const theirs = url((REQ.methods['fetchOrderBook'] as CcxtCase[])[0]?.url ?? '');
    expect(book?.path).toBe(theirs.path);
    expect(book?.query).toEqual({ ...theirs.query, limit: '100' });
  });
});
