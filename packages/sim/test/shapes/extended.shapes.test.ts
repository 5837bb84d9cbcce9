import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@dn/core';
import { ExtendedVenue } from '@dn/extended';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SimVenueHandle, startSimVenue } from '../../src/index.js';
import { shapeDiff } from './shape-diff.js';

/*
 * The simulator's Extended front-end answers with the shapes the live venue sends: for each real fixture of
 * packages/extended/test/fixtures/real, the same request to the simulator gives the same keys with the same JSON types
 * (decimal strings as strings, ms times and numeric ids as numbers, ids the capture writes as strings as strings,
 * `data: {}` and a bare `{"status":"OK"}` where the venue sends them). Keys the capture has and the simulator does not
 * carry are listed in OMITTED with the reason.
 */

const FIXTURES = fileURLToPath(new URL('../../../extended/test/fixtures/real/', import.meta.url));
const real = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8'));

/** Capture keys the simulator leaves out on purpose (paths with `[]` for any list element). */
const OMITTED: Record<string, string> = {
  // Market metadata for the UI and features the simulator does not model.
  'data[].uiName': 'UI text',
  'data[].category': 'UI grouping',
  'data[].subCategory': 'UI grouping',
  'data[].description': 'UI text',
  'data[].visibleOnUi': 'UI flag',
  'data[].createdAt': 'listing time not modelled',
  'data[].marketStats.deleverageLevels': 'no ADL queue',
  'data.deleverageLevels': 'no ADL queue',
  'data[].tradingConfig.riskFactorConfig': 'one margin tier',
  'data[].tradingConfig.hourlyFundingRateCap': 'funding cap not modelled',
  // Position and account extras.
  'data[].midPriceUnrealisedPnl': 'PnL at mark only',
  'data[].realisedPnlBreakdown': 'no closed-position breakdown',
  'data.bridgeStarknetAddress': 'no bridge',
  'data.apiKeys': 'key management not modelled',
  'data.accountIndexForKeyGeneration': 'key management not modelled',
  // The fee row's builder column: the simulator has no builder codes.
  'data[].builderFeeRate': 'no builder codes',
  // The SDK's stream test frames are its own model dumps, which write every unset field as null.
  error: 'written as null by the SDK model dump; the simulator omits unset fields',
  sourceEventId: 'listed by the docs for price frames with no example value; not modelled',
};

/** Shape differences of the simulator's answer from a capture (shared rules of the shape tests). */
const diff = (capture: unknown, sim: unknown): string[] => shapeDiff(capture, sim, { omitted: OMITTED });

let venue: SimVenueHandle;
let client: ExtendedVenue;
let apiKey: string;
const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });
const API = '/api/v1';

async function call(method: string, path: string, query: Record<string, string | number> = {}, body?: unknown) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${venue.restUrl}${API}${path}${qs.size > 0 ? `?${qs}` : ''}`, {
    method,
    headers: { 'X-Api-Key': apiKey, 'User-Agent': 'dn-shapes/1.0', 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${path}`).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}
const get = (path: string, query: Record<string, string | number> = {}) => call('GET', path, query);

/** The first frame of a v1 topic socket (the path selects the topic). */
async function firstFrame(topic: string, auth = false): Promise<Record<string, unknown>> {
  const ws = new WebSocket(`${venue.wsUrl}/stream.extended.exchange/v1${topic}`, {
    headers: { 'User-Agent': 'dn-shapes/1.0', ...(auth ? { 'X-Api-Key': apiKey } : {}) },
  });
  let frame: Record<string, unknown> | undefined;
  ws.once('message', (d) => {
    frame = JSON.parse(d.toString()) as Record<string, unknown>;
  });
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    // Price and candle topics push when the market moves: step the virtual clock until one arrives.
    for (let i = 0; i < 100 && frame === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (frame === undefined) await clock.advance(1_000);
    }
    if (frame === undefined) throw new Error(`no frame on ${topic}`);
    return frame;
  } finally {
    ws.close();
  }
}

let orderId: string;
let clientOrderId: string;

beforeAll(async () => {
  venue = await startSimVenue({ venue: 'extended', seed: 7, clock });
  const cred = venue.accounts[0]!.credentials as { apiKey: string; starkPrivateKey: string; vault: string };
  apiKey = cred.apiKey;
  client = new ExtendedVenue({
    ...cred,
    restUrl: `${venue.restUrl}${API}`,
    wsUrl: `${venue.wsUrl}/stream.extended.exchange/v1`,
    clock,
  });
  await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
  await clock.advance(3_600_000); // one hourly settlement: a funding rate and a funding payment
  const book = await client.getOrderBook('BTC');
  const low = book.bids[book.bids.length - 1]!.price.mul('0.9').toDecimalPlaces(0).toFixed();
  const placed = await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: low });
  orderId = placed.orderId!;
  clientOrderId = placed.clientOrderId;
});

afterAll(async () => {
  await client?.close();
  await venue?.close();
});

describe('simulated Extended REST shapes = real captures', () => {
  const now = () => clock.now();
  // The engine keeps no closed-position history: that answer is an empty list, compared at the envelope level only.
  const NO_ROWS = new Set(['/user/positions/history']);
  const cases: [string, string, () => Record<string, string | number>][] = [
    ['ccxt-markets.json', '/info/markets', () => ({})],
    ['ccxt-market-stats.json', '/info/markets/BTC-USD/stats', () => ({})],
    ['ccxt-orderbook.json', '/info/markets/BTC-USD/orderbook', () => ({})],
    ['ccxt-public-trades.json', '/info/markets/BTC-USD/trades', () => ({})],
    ['ccxt-candles.json', '/info/candles/BTC-USD/trades', () => ({ interval: 'PT1M', limit: 5, endTime: now() })],
    [
      'ccxt-funding-rates.json',
      '/info/BTC-USD/funding',
      () => ({ startTime: now() - 3 * 3_600_000, endTime: now(), limit: 1 }),
    ],
    ['ccxt-positions.json', '/user/positions', () => ({})],
    ['ccxt-open-orders.json', '/user/orders', () => ({})],
    ['ccxt-orders-history.json', '/user/orders/history', () => ({ limit: 1 })],
    ['ccxt-user-trades.json', '/user/trades', () => ({ limit: 1 })],
    ['ccxt-funding-payments.json', '/user/funding/history', () => ({ startTime: 0, limit: 1 })],
    ['ccxt-fees.json', '/user/fees', () => ({})],
    ['ccxt-leverage.json', '/user/leverage', () => ({})],
    ['ccxt-account-info.json', '/user/account/info', () => ({})],
    ['ccxt-positions-history.json', '/user/positions/history', () => ({})],
  ];
  for (const [fixture, path, query] of cases) {
    it(`${path} ~ ${fixture}`, async () => {
      const sim = await get(path, query());
      if (NO_ROWS.has(path)) {
        expect(sim).toMatchObject({ status: 'OK', data: [] });
        return;
      }
      expect(diff(real(fixture), sim)).toEqual([]);
      if (Array.isArray(sim.data)) expect(sim.data.length, `${path} has rows to compare`).toBeGreaterThan(0);
    });
  }

  it('/user/orders/{id} and /user/orders/external/{id} ~ ccxt-order.json, ccxt-orders-by-external-id.json', async () => {
    expect(diff(real('ccxt-order.json'), await get(`/user/orders/${orderId}`))).toEqual([]);
    expect(diff(real('ccxt-orders-by-external-id.json'), await get(`/user/orders/external/${clientOrderId}`))).toEqual(
      [],
    );
  });

  it('PATCH /user/leverage answers {"status":"OK","data":{}} and a cancel answers {"status":"OK"} (no data)', async () => {
    const lev = await call('PATCH', '/user/leverage', {}, { market: 'BTC-USD', leverage: '5' });
    expect(lev).toEqual(real('ccxt-set-leverage.json'));
    const cancel = await call('DELETE', `/user/order/${orderId}`);
    expect(cancel).toEqual(real('ccxt-cancel-order.json'));
  });
});

describe('simulated Extended stream shapes = real frames', () => {
  it.each([
    ['/orderbooks snapshot ~ the SDK test frame', '/orderbooks/BTC-USD', 'sdk-stream-orderbook-snapshot.json'],
    // Frames come with prints: the watched market's background tape while the clock steps.
    [
      '/publicTrades ~ the docs frame quoted by CCXT (rows m, S, tT, T, p, q, i; no type)',
      '/publicTrades/BTC-USD',
      'ccxt-pro-stream-public-trades.json',
    ],
    ['/candles ~ the SDK test frame', '/candles/BTC-USD/trades?interval=PT1M', 'sdk-stream-candles.json'],
  ])('%s', async (_name, path, file) => {
    expect(diff(real(file), await firstFrame(path))).toEqual([]);
  });

  it('/prices/mark: data.ts is 0 and the envelope carries the time, as the live venue', async () => {
    const f = await firstFrame('/prices/mark/BTC-USD');
    expect(diff(real('constructed-stream-mark-price.json'), f)).toEqual([]);
    expect((f.data as { ts: number }).ts).toBe(0);
    expect(f.ts).toBeGreaterThan(0);
  });

  it('/account TRADE ~ the SDK test frame (numeric 19-digit ids on the stream)', async () => {
    const ws = new WebSocket(`${venue.wsUrl}/stream.extended.exchange/v1/account`, {
      headers: { 'User-Agent': 'dn-shapes/1.0', 'X-Api-Key': apiKey },
    });
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(d.toString()));
    try {
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      await client.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.001' });
      for (let i = 0; i < 100 && !frames.some((f) => f.includes('"TRADE"')); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      ws.close();
    }
    const raw = frames.find((f) => f.includes('"TRADE"'));
    expect(raw).toBeDefined();
    // Bare 19-digit integers: compare types on the text, not on a JS number that has lost digits.
    expect(raw).toMatch(/"id":\d{19},/);
    const sdk = real('sdk-stream-account-trade.json') as { data: Record<string, unknown> };
    // The SDK frame is its model dump: the lists this message does not carry are written as null there.
    const { orders: _o, positions: _p, balance: _b, ...data } = sdk.data;
    expect(diff({ ...sdk, data }, JSON.parse(raw!))).toEqual([]);
  });

  it('/account without a valid API key: the venue error frame (status ERROR, error object)', async () => {
    const ws = new WebSocket(`${venue.wsUrl}/stream.extended.exchange/v1/account`, {
      headers: { 'User-Agent': 'dn-shapes/1.0', 'X-Api-Key': 'sim-fake-wrong-key' },
    });
    const frame = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
      ws.once('error', reject);
    });
    ws.close();
    expect(diff(real('constructed-stream-error.json'), frame)).toEqual([]);
  });
});
