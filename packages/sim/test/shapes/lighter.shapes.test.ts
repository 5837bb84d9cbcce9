import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@dn/core';
import { LighterClient, LighterVenue, multipartForm, signTx, TX_TYPE } from '@dn/lighter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SIM_CHAIN_ID } from '../../src/frontends/lighter/state.js';
import { type SimVenueHandle, startSimVenue } from '../../src/index.js';

/*
 * The simulator's Lighter front-end answers with the shapes the live venue sends: for each real fixture of
 * packages/lighter/test/fixtures/real, the same request to the simulator gives the same keys with the same JSON types
 * (strings where the venue writes decimal strings, numbers where it writes numbers, null where it sends null).
 * Keys the capture has and the simulator does not carry are listed in OMITTED with the reason.
 */

const FIXTURES = fileURLToPath(new URL('../../../lighter/test/fixtures/real/', import.meta.url));
const real = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8'));

/** Capture keys the simulator leaves out on purpose (paths with `[]` for any list element). */
const OMITTED: Record<string, string> = {
  message: 'null in some captures (the null-list answers), absent in most; the simulator omits it',
  // Account-level fields of features the simulator does not model (referrals, RFQ, metadata, pools, spot assets).
  'accounts[].name': 'profile text',
  'accounts[].description': 'profile text',
  'accounts[].can_invite': 'referrals',
  'accounts[].referral_points_percentage': 'referrals',
  'accounts[].can_rfq': 'RFQ',
  'accounts[].can_rfq_market_ids': 'RFQ',
  'accounts[].created_at': 'not tracked',
  'accounts[].metadata': 'profile',
  'accounts[].transaction_time': 'no L2 blocks',
  'accounts[].account_trading_mode': 'one mode',
  'accounts[].approved_integrators': 'no integrators',
  'accounts[].pending_unlocks': 'no staking',
  // Market-level fields of features the simulator does not model.
  'order_book_details[].market_config.insurance_fund_account_index': 'no insurance fund account',
  'order_book_details[].market_config.liquidation_mode': 'one mode',
  'order_book_details[].market_config.trading_hours': 'always open',
  'order_book_details[].market_config.funding_fee_discounts_enabled': 'no discounts',
  'order_book_details[].market_config.hidden': 'no hidden markets',
  'order_book_details[].market_config.rfq_enabled': 'RFQ',
  'order_book_details[].strategy_index': 'no strategies',
  'order_book_details[].is_taker_fee_enabled': 'fees always on',
  'order_book_details[].is_maker_fee_enabled': 'fees always on',
  'order_books[].is_taker_fee_enabled': 'fees always on',
  'order_books[].is_maker_fee_enabled': 'fees always on',
  // Book rows: the simulator's book is levels, not orders, so no per-order L2 time.
  'asks[].transaction_time': 'no L2 blocks',
  'bids[].transaction_time': 'no L2 blocks',
  // Integrator and grouped-order fields: the simulator has neither.
  'orders[].integrator_fee_collector_index': 'no integrators',
  'orders[].integrator_taker_fee': 'no integrators',
  'orders[].integrator_maker_fee': 'no integrators',
  'orders[].to_trigger_order_id_0': 'no grouped orders',
  'orders[].to_trigger_order_id_1': 'no grouped orders',
  'orders[].to_cancel_order_id_0': 'no grouped orders',
  'orders[].transaction_time': 'no L2 blocks',
  // Per-trade position snapshots of both sides: the counterparty is the simulated market.
  'trades[].taker_position_size_before': 'counterparty not modelled',
  'trades[].taker_entry_quote_before': 'counterparty not modelled',
  'trades[].taker_initial_margin_fraction_before': 'counterparty not modelled',
  'trades[].maker_position_size_before': 'counterparty not modelled',
  'trades[].maker_entry_quote_before': 'counterparty not modelled',
  'trades[].maker_initial_margin_fraction_before': 'counterparty not modelled',
  'trades[].ask_client_id_str': 'string twin not emitted',
  'trades[].bid_client_id_str': 'string twin not emitted',
};

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
const typeOf = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'object' | 'string' | 'number' | 'boolean');

/** Differences of `sim` from `capture`: missing keys and different JSON types, recursively (lists: first elements). */
function shapeDiff(capture: unknown, sim: unknown, path = ''): string[] {
  const t1 = typeOf(capture);
  const t2 = typeOf(sim);
  if (t1 !== t2) return [`${path || '(root)'}: venue ${t1}, sim ${t2}`];
  if (t1 === 'array') {
    const [a] = capture as unknown[];
    const [b] = sim as unknown[];
    return a === undefined || b === undefined ? [] : shapeDiff(a, b, `${path}[]`);
  }
  if (t1 !== 'object') return [];
  const out: string[] = [];
  const s = sim as Record<string, unknown>;
  for (const [k, v] of Object.entries(capture as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    // Map keys that are market ids ("orders.0[]") read as the list itself ("orders[]").
    if (OMITTED[p.replace(/\.\d+(?=\[|\.|$)/g, '')] !== undefined) continue;
    if (!(k in s)) out.push(`${p}: missing in sim`);
    else out.push(...shapeDiff(v, s[k], p));
  }
  return out;
}

let venue: SimVenueHandle;
let client: LighterClient;
let lighter: LighterVenue;
let account: string;
const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });

async function get(path: string, query: Record<string, string | number> = {}, auth = false): Promise<unknown> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(
    `${venue.restUrl}${path}?${qs}`,
    auth ? { headers: { authorization: client.authToken() } } : {},
  );
  expect(res.status).toBe(200);
  return res.json();
}

/** Frames of `channels` on a fresh `/stream` socket, after `during` ran (collects for a short real-time window). */
async function frames(channels: string[], during?: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const ws = new WebSocket(`${venue.wsUrl}/stream`);
  const got: Record<string, unknown>[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Record<string, unknown>));
  await new Promise((r) => ws.once('open', r));
  for (const channel of channels) ws.send(JSON.stringify({ type: 'subscribe', channel, auth: client.authToken() }));
  await new Promise((r) => setTimeout(r, 300));
  await during?.();
  await new Promise((r) => setTimeout(r, 300));
  ws.close();
  return got;
}
const frame = (list: Record<string, unknown>[], type: string) => {
  const f = list.find((x) => x['type'] === type);
  if (!f) throw new Error(`no ${type} frame among ${list.map((x) => x['type']).join(', ')}`);
  return f;
};

beforeAll(async () => {
  venue = await startSimVenue({ venue: 'lighter', seed: 7, clock });
  const cred = venue.accounts[0]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
  account = cred.accountIndex;
  client = new LighterClient({ ...cred, restUrl: venue.restUrl, wsUrl: `${venue.wsUrl}/stream`, clock });
  lighter = new LighterVenue(client);
  await lighter.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.5' });
  const book = await lighter.getOrderBook('ETH');
  const bid = book.bids[book.bids.length - 1]?.price.mul('0.9').toDecimalPlaces(2).toString() ?? '1';
  await lighter.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.05', price: bid });
  await clock.advance(3_600_000); // one hourly settlement: funding history and a funding payment
});

afterAll(async () => {
  await client?.close();
  await venue?.close();
});

describe('simulated Lighter REST shapes = real captures', () => {
  const cases: [string, string, () => Record<string, string | number>][] = [
    ['nautilus.http_order_book_details.json', '/api/v1/orderBookDetails', () => ({})],
    ['ccxt.fetchMarkets.orderBookDetails.json', '/api/v1/orderBookDetails', () => ({})],
    ['nautilus.http_order_books.json', '/api/v1/orderBooks', () => ({})],
    ['nautilus.http_order_book_orders.json', '/api/v1/orderBookOrders', () => ({ market_id: 0, limit: 10 })],
    ['ccxt.fetchFundingRates.json', '/api/v1/funding-rates', () => ({})],
    [
      'nautilus.http_next_nonce.json',
      '/api/v1/nextNonce',
      () => ({ account_index: account, api_key_index: client.apiKeyIndex }),
    ],
  ];
  for (const [fixture, path, query] of cases) {
    it(`${path} ~ ${fixture}`, async () => {
      expect(shapeDiff(real(fixture), await get(path, query()))).toEqual([]);
    });
  }

  it('/api/v1/fundings ~ nautilus.http_fundings.json (seconds, percent strings, direction)', async () => {
    const now = clock.now();
    const sim = await get('/api/v1/fundings', {
      market_id: 0,
      resolution: '1h',
      start_timestamp: now - 3 * 3_600_000,
      end_timestamp: now,
      count_back: 10,
    });
    expect(shapeDiff(real('nautilus.http_fundings.json'), sim)).toEqual([]);
    const [row] = (sim as { fundings: { timestamp: number }[] }).fundings;
    expect(row?.timestamp).toBeLessThan(1e11); // seconds, as the venue answers
  });

  it('/api/v1/candles ~ nautilus.http_candles.json, and "c": null when empty', async () => {
    const now = clock.now();
    const range = { market_id: 0, resolution: '1m', count_back: 5 };
    const sim = await get('/api/v1/candles', { ...range, start_timestamp: now - 600_000, end_timestamp: now });
    expect(shapeDiff(real('nautilus.http_candles.json'), sim)).toEqual([]);
    const none = await get('/api/v1/candles', {
      ...range,
      start_timestamp: now + 3_600_000,
      end_timestamp: now + 7_200_000,
    });
    expect(shapeDiff(real('nautilus.http_candles_null.json'), none)).toEqual([]);
  });

  it('/api/v1/account ~ ccxt.fetchPositions.account.json and nautilus.http_account.json', async () => {
    const sim = await get('/api/v1/account', { by: 'index', value: account });
    expect(shapeDiff(real('ccxt.fetchPositions.account.json'), sim)).toEqual([]);
    expect(shapeDiff(real('nautilus.http_account.json'), sim)).toEqual([]);
  });

  it('/api/v1/account lists a flat row for a market whose leverage was set (~ nautilus.http_account.json)', async () => {
    await lighter.setLeverage('SOL', 4);
    const sim = (await get('/api/v1/account', { by: 'index', value: account })) as {
      accounts: { positions: Record<string, unknown>[] }[];
    };
    const row = sim.accounts[0]?.positions.find((p) => p['symbol'] === 'SOL');
    expect(row).toMatchObject({ initial_margin_fraction: '25.00', sign: 1 });
    expect(Number(row?.['position'])).toBe(0);
    const flat = real('nautilus.http_account.json') as { accounts: { positions: unknown[] }[] };
    expect(shapeDiff(flat.accounts[0]?.positions[0], row)).toEqual([]);
  });

  it('/api/v1/accountActiveOrders ~ nautilus.http_orders.json', async () => {
    const sim = await get('/api/v1/accountActiveOrders', { account_index: account, market_id: 255 }, true);
    // The active-orders answer has no cursor (only accountInactiveOrders pages).
    expect(shapeDiff(real('nautilus.http_orders.json'), sim)).toEqual(['next_cursor: missing in sim']);
    const inactive = await get('/api/v1/accountInactiveOrders', { account_index: account, limit: 10 }, true);
    expect(shapeDiff(real('ccxt.comment.accountInactiveOrders.json'), inactive)).toEqual([]);
  });

  it('/api/v1/trades ~ nautilus.http_recent_trades.json, and "trades": null when empty', async () => {
    const sim = await get(
      '/api/v1/trades',
      { sort_by: 'timestamp', sort_dir: 'desc', account_index: account, limit: 10 },
      true,
    );
    expect(shapeDiff(real('nautilus.http_recent_trades.json'), sim)).toEqual([]);
    const none = await get(
      '/api/v1/trades',
      { sort_by: 'timestamp', account_index: account, limit: 10, market_id: 1 },
      true,
    );
    expect(shapeDiff(real('nautilus.http_recent_trades_null.json'), none)).toEqual([]);
  });

  it('POST /api/v1/sendTx (multipart, as the live clients send it) answers like the captured success body', async () => {
    const cred = venue.accounts[0]?.credentials as { privateKey: string };
    const txInfo = signTx(
      TX_TYPE.CANCEL_ALL_ORDERS,
      {
        AccountIndex: BigInt(account),
        ApiKeyIndex: client.apiKeyIndex,
        TimeInForce: 0,
        Time: 0,
        ExpiredAt: clock.now() + 300_000,
        Nonce: await client.getNextNonce(),
        L2TxAttributes: null,
      },
      SIM_CHAIN_ID,
      cred.privateKey,
    );
    const form = multipartForm({ tx_type: String(TX_TYPE.CANCEL_ALL_ORDERS), tx_info: txInfo });
    const res = await fetch(`${venue.restUrl}/api/v1/sendTx`, {
      method: 'POST',
      headers: { 'content-type': form.contentType },
      body: form.body,
    });
    const sim = await res.json();
    expect(res.status).toBe(200);
    // volume_quota_remaining is in the openapi's RespSendTx; CCXT's example predates it.
    expect(shapeDiff(real('ccxt.comment.sendTx.json'), sim)).toEqual([]);
  });
});

describe('simulated Lighter /stream shapes = real frames', () => {
  it('order_book, market_stats', async () => {
    const got = await frames(['order_book/0', 'market_stats/0']);
    expect(shapeDiff(real('nautilus.ws_order_book_subscribed.json'), frame(got, 'subscribed/order_book'))).toEqual([]);
    expect(
      shapeDiff(real('nautilus.ws_market_stats_subscribed_single.json'), frame(got, 'subscribed/market_stats')),
    ).toEqual([]);
  });

  it('trade (snapshot and update, as the docs frames)', async () => {
    const got = await frames(['trade/0'], async () => {
      await lighter.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '0.05' });
    });
    const snapshot = frame(got, 'subscribed/trade');
    expect((snapshot['trades'] as unknown[]).length).toBeGreaterThan(0);
    expect(shapeDiff(real('nautilus.ws_trade_subscribed.json'), snapshot)).toEqual([]);
    expect(shapeDiff(real('nautilus.ws_trade_update.json'), frame(got, 'update/trade'))).toEqual([]);
  });

  it('market_stats/all', async () => {
    const got = await frames(['market_stats/all']);
    const all = frame(got, 'subscribed/market_stats');
    expect(all['channel']).toBe('market_stats:all');
    expect(shapeDiff(real('nautilus.ws_market_stats_update_all.json'), all)).toEqual([]);
  });

  it('account_all_orders, account_all_positions, user_stats, account_all_trades', async () => {
    const a = account;
    const book = await lighter.getOrderBook('ETH');
    const bid = book.bids[book.bids.length - 1]?.price.mul('0.9').toDecimalPlaces(2).toString() ?? '1';
    await lighter.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', size: '0.05', price: bid });
    const got = await frames(
      [`account_all_orders/${a}`, `account_all_positions/${a}`, `user_stats/${a}`, `account_all_trades/${a}`],
      async () => {
        await lighter.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '0.1' });
      },
    );
    const orders = { ...(real('nautilus.ws_account_orders_update.json') as Record<string, unknown>) };
    delete orders['account'];
    delete orders['nonce'];
    expect(shapeDiff(orders, frame(got, 'subscribed/account_all_orders'))).toEqual([]);
    expect(
      shapeDiff(real('nautilus.ws_account_all_positions_update.json'), frame(got, 'update/account_all_positions')),
    ).toEqual([]);
    expect(shapeDiff(real('nautilus.ws_user_stats_update.json'), frame(got, 'subscribed/user_stats'))).toEqual([]);
    expect(
      shapeDiff(real('nautilus.ws_account_all_trades_update.json'), frame(got, 'update/account_all_trades')),
    ).toEqual([]);
  });
});

describe('shapeDiff', () => {
  it('reports a decimal string sent as a number, a null list sent as [], and a missing key', () => {
    expect(shapeDiff({ price: '1.0', trades: null, nested: { a: 1 } }, { price: 1, trades: [], nested: {} })).toEqual([
      'price: venue string, sim number',
      'trades: venue null, sim array',
      'nested.a: missing in sim',
    ]);
  });
});
