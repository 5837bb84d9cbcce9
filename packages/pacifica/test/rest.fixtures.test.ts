/**
 * Offline request/response fixtures: the exact request each method sends (path, query, headers,
 * body, signature) and the parsing of venue responses copied from the Pacifica docs examples
 * (venues/pacifica.md §3.2). Keys are the public FAKE test keys of shared/vectors/pacifica/keys.json.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDnError } from '@dn/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PacificaVenue, pacificaMessageFromBody, verifyPacifica } from '../src/index.js';
import { docsOpenOrder, docsPrice } from './docs-rows.js';
import { marketFigures } from './helpers.js';
import { keys } from './vectors.js';

const ACCOUNT = keys.main.public_key_base58;
const SECRET = keys.main.secret_key_64_base58;
const AGENT = keys.agent.public_key_base58;
const AGENT_SECRET = keys.agent.secret_key_64_base58;
const NOW = 1_759_222_967_974;

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}
type Reply = { status?: number; body: unknown };
let server: Server;
let base = '';
const seen: Seen[] = [];
let replies: Record<string, Reply | Reply[]> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString();
      seen.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const key = `${req.method} ${url.pathname}`;
      const r = replies[key];
      const reply = Array.isArray(r) ? r.shift() : r;
      if (!reply) {
        res.writeHead(404).end('no fixture');
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
  replies = {};
});

const ok = (data: unknown, extra: object = {}): Reply => ({
  body: { success: true, data, error: null, code: null, ...extra },
});

function makeClient(extra: Record<string, unknown> = {}): PacificaVenue {
  return new PacificaVenue({
    restUrl: base,
    account: ACCOUNT,
    secretKey: SECRET,
    clock: { now: () => NOW },
    rateLimiter: false,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
}

// Docs examples (get-market-info, get-prices, get-positions, get-open-orders, …).
/** A perpetual of the get-market-info docs example: the markets differ only in symbol, tick and lot. */
const docsPerp = (symbol: string, tick_size: string, lot_size: string) => ({
  symbol,
  tick_size,
  min_tick: '0',
  max_tick: '1000000',
  lot_size,
  max_leverage: 50,
  isolated_only: false,
  min_order_size: '10',
  max_order_size: '5000000',
  funding_rate: '0.0000125',
  next_funding_rate: '0.0000125',
  created_at: 1748881333944,
});
const INFO = [
  docsPerp('ETH', '0.1', '0.0001'),
  docsPerp('BTC', '1', '0.00001'),
  {
    symbol: 'SOL-USDC',
    tick_size: '0.01',
    lot_size: '0.01',
    max_leverage: 1,
    min_order_size: '10',
    instrument_type: 'spot',
  },
];
const PRICES = [
  docsPrice(),
  {
    ...{
      funding: '0.0000125',
      next_funding: '-0.00002',
      mark: '106530',
      oracle: '106500',
      mid: '106531',
      open_interest: '12.5',
      volume_24h: '1000000',
      yesterday_price: '105000',
    },
    symbol: 'BTC',
    timestamp: 1759222967974,
  },
];
const FEES = [{ level: 0, maker_fee_rate: '0.00015', taker_fee_rate: '0.0004' }];
const ACCOUNT_INFO = {
  balance: '2000.000000',
  fee_level: 0,
  account_equity: '2150.250000',
  available_to_spend: '1800.750000',
  available_to_withdraw: '1500.850000',
  pending_balance: '0.000000',
  total_margin_used: '349.500000',
  cross_mmr: '420.690000',
  positions_count: 2,
  orders_count: 3,
  stop_orders_count: 1,
  updated_at: 1716200000000,
  use_ltp_for_stop_orders: false,
};

function infoFixtures(): void {
  replies['GET /api/v1/info'] = ok(INFO);
  replies['GET /api/v1/info/prices'] = ok(PRICES);
  replies['GET /api/v1/info/fees'] = ok(FEES);
  replies['GET /api/v1/account'] = ok(ACCOUNT_INFO);
}

async function reject(
  p: Promise<unknown>,
): Promise<{ code: string; context: Record<string, unknown>; details?: string }> {
  try {
    await p;
  } catch (e) {
    if (isDnError(e)) return e as unknown as { code: string; context: Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('market data', () => {
  it('GET /info: perpetuals only, fees from the account level, funding interval 1 h', async () => {
    infoFixtures();
    const markets = await makeClient().getMarkets();
    expect(markets.map((m) => m.symbol)).toEqual(['ETH', 'BTC']);
    expect(marketFigures(markets[0])).toEqual({
      tickSize: '0.1',
      lotSize: '0.0001',
      minNotional: '10',
      maxLeverage: '50',
      makerFee: '0.00015',
      takerFee: '0.0004',
      fundingIntervalHours: 1,
    });
    expect(seen.find((s) => s.path === '/api/v1/account')?.query).toEqual({ account: ACCOUNT });
  });

  it('GET /info/prices → funding: next_funding is the rate, APR = rate × 8760, next settlement at the top of the hour', async () => {
    infoFixtures();
    const f = await makeClient().getFunding('BTC');
    expect(f.rate.toFixed()).toBe('-0.00002');
    expect(f.apr.toFixed()).toBe('-0.1752');
    expect(f.intervalHours).toBe(1);
    expect(f.nextFundingTime).toBe(1759226400000);
    expect(f.markPrice?.toFixed()).toBe('106530');
    expect(f.indexPrice?.toFixed()).toBe('106500');
    const stats = await makeClient().getAllStats();
    expect(stats.map((s) => s.symbol)).toEqual(['BTC']); // XPL is not a listed perpetual here
    expect(stats[0]?.volume24h.toFixed()).toBe('1000000');
  });

  it('GET /book?symbol=BTC → best-first levels', async () => {
    infoFixtures();
    replies['GET /api/v1/book'] = ok({
      s: 'BTC',
      l: [
        [
          { p: '106504', a: '0.26203', n: 1 },
          { p: '106498', a: '0.29281', n: 1 },
        ],
        [
          { p: '106559', a: '0.26802', n: 1 },
          { p: '106564', a: '0.3002', n: 1 },
        ],
      ],
      t: 1751370536325,
    });
    const book = await makeClient().getOrderBook('BTC', 1);
    expect(seen.at(-1)?.query).toEqual({ symbol: 'BTC' });
    expect(book.bids.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([['106504', '0.26203']]);
    expect(book.asks[0]?.price.toFixed()).toBe('106559');
    expect(book.timestamp).toBe(1751370536325);
  });

  it('GET /kline sends symbol, interval, start_time and end_time', async () => {
    infoFixtures();
    replies['GET /api/v1/kline'] = ok([
      {
        t: 1748954160000,
        T: 1748954220000,
        s: 'BTC',
        i: '1m',
        o: '105376',
        c: '105377',
        h: '105380',
        l: '105370',
        v: '0.00022',
        n: 2,
      },
    ]);
    const candles = await makeClient().getCandles({
      symbol: 'BTC',
      interval: '1m',
      since: 1742243160000,
      until: 1742243220000,
    });
    expect(seen.at(-1)?.query).toEqual({
      symbol: 'BTC',
      interval: '1m',
      start_time: '1742243160000',
      end_time: '1742243220000',
    });
    expect(candles[0]).toMatchObject({ time: 1748954160000 });
    expect(candles[0]?.high.toFixed()).toBe('105380');
    expect(candles[0]?.volume.toFixed()).toBe('0.00022');
  });
});

describe('account reads', () => {
  it('GET /account → balance (also accepts the list-wrapped docs shape)', async () => {
    replies['GET /api/v1/account'] = ok([ACCOUNT_INFO]);
    const b = await makeClient().getBalance();
    expect(b.collateral.toFixed()).toBe('2000');
    expect(b.equity.toFixed()).toBe('2150.25');
    expect(b.availableMargin.toFixed()).toBe('1800.75');
    expect(b.unrealizedPnl.toFixed()).toBe('150.25');
    expect(b.maintenanceMargin?.toFixed()).toBe('420.69');
  });

  it('GET /positions + /info/prices → signed size, mark, uPnL', async () => {
    infoFixtures();
    replies['GET /api/v1/positions'] = ok(
      [
        {
          symbol: 'BTC',
          side: 'ask',
          amount: '0.5',
          entry_price: '107000',
          margin: '0',
          funding: '13.159593',
          isolated: false,
          created_at: 1754928414996,
          updated_at: 1759223365538,
        },
      ],
      { last_order_id: 123 },
    );
    const [p] = await makeClient().getPositions();
    expect(p?.size.toFixed()).toBe('-0.5');
    expect(p?.markPrice.toFixed()).toBe('106530');
    expect(p?.unrealizedPnl.toFixed()).toBe('235'); // (106530 − 107000) × −0.5
    expect(p?.notional.toFixed()).toBe('53265');
    expect(p?.liquidationPrice).toBeUndefined();
  });

  it('GET /orders → plain orders only; ids stay exact strings', async () => {
    infoFixtures();
    replies['GET /api/v1/orders'] = ok(
      [
        docsOpenOrder({ symbol: 'BTC', price: '110000', initial_amount: '0.3', filled_amount: '0.1' }),
        {
          order_id: 12345678901234567890n.toString(),
          client_order_id: null,
          symbol: 'BTC',
          side: 'ask',
          price: '0',
          initial_amount: '0.3',
          filled_amount: '0',
          stop_price: '90000',
          order_type: 'stop_market',
          stop_parent_order_id: 315979358,
          reduce_only: true,
          created_at: 1759224706737,
        },
      ],
      { last_order_id: 315979358 },
    );
    const orders = await makeClient().getOpenOrders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: '315979358', side: 'sell', status: 'partially_filled', timeInForce: 'GTT' });
    const raw = await makeClient().client.rest.getOpenOrders();
    expect(raw[1]?.orderId).toBe('12345678901234567890');
    expect(raw[1]?.stopPrice?.toFixed()).toBe('90000');
  });

  it('GET /trades/history → fills; GET /funding/history → payments with the cash sign from side × rate', async () => {
    infoFixtures();
    replies['GET /api/v1/trades/history'] = ok(
      [
        {
          history_id: 19329801,
          order_id: 315293920,
          client_order_id: 'acf00000-0000-4000-8000-000000000000',
          symbol: 'BTC',
          amount: '0.1',
          price: '1.1904',
          entry_price: '1.176247',
          fee: '0',
          pnl: '-0.001415',
          event_type: 'fulfill_maker',
          side: 'close_short',
          created_at: 1759215599188,
          cause: 'normal',
        },
      ],
      { next_cursor: '11111Z5RK', has_more: false },
    );
    const [fill] = await makeClient().getFills({ symbol: 'BTC', since: 1759215000000 });
    expect(seen.at(-1)?.query).toMatchObject({
      account: ACCOUNT,
      symbol: 'BTC',
      start_time: '1759215000000',
      limit: '100',
    });
    expect(fill).toMatchObject({ id: '19329801', orderId: '315293920', side: 'buy', liquidity: 'maker' });

    replies['GET /api/v1/funding/history'] = ok(
      [
        {
          history_id: 2287920,
          symbol: 'BTC',
          side: 'ask',
          amount: '39033804',
          payout: '2.617479',
          rate: '0.0000125',
          created_at: 1759222804122,
        },
        {
          history_id: 2287919,
          symbol: 'BTC',
          side: 'bid',
          amount: '2',
          payout: '2.5',
          rate: '0.0000125',
          created_at: 1759219204122,
        },
      ],
      { next_cursor: '', has_more: false },
    );
    const pays = await makeClient().getFundingPayments();
    expect(pays.map((p) => p.amount.toFixed())).toEqual(['-2.5', '2.617479']); // oldest first; the long paid
    expect(pays[1]?.positionSize?.toFixed()).toBe('-39033804');
  });
});

describe('signed POSTs', () => {
  it('create_order: exact body, fresh signature verifiable against the canonical message', async () => {
    infoFixtures();
    replies['POST /api/v1/orders/create'] = ok({ order_id: 645953 });
    const cloid = '79f948fd-7556-4066-a128-083f3ea49322';
    const res = await makeClient({ apiConfigKey: 'abcd1234_fake' }).placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      size: '0.0012345',
      price: '100000',
      timeInForce: 'POST_ONLY',
      clientOrderId: cloid,
    });
    expect(res).toEqual({ orderId: '645953', clientOrderId: cloid, status: 'accepted' });
    const req = seen.at(-1) as Seen;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['pf-api-key']).toBe('abcd1234_fake');
    const body = req.body as Record<string, unknown>;
    expect(body).toEqual({
      account: ACCOUNT,
      signature: body.signature,
      timestamp: NOW,
      expiry_window: 5000,
      symbol: 'BTC',
      price: '100000',
      reduce_only: false,
      amount: '0.00123', // floored to the lot
      side: 'bid',
      tif: 'ALO',
      client_order_id: cloid,
    });
    expect(verifyPacifica(pacificaMessageFromBody('create_order', body), body.signature as string, ACCOUNT)).toBe(true);
  });

  it('market order → create_market_order with slippage_percent; explicit worst price → IOC limit rounded safely', async () => {
    infoFixtures();
    replies['POST /api/v1/orders/create_market'] = ok({ order_id: 1 });
    replies['POST /api/v1/orders/create'] = ok({ order_id: 2 });
    const c = makeClient({ marketSlippage: '0.01' });
    const m = await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '1' });
    expect(m.clientOrderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.at(-1)?.body).toMatchObject({
      side: 'ask',
      amount: '1',
      slippage_percent: '1',
      reduce_only: false,
      client_order_id: m.clientOrderId,
    });
    await c.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', size: '1', price: '2500.37' });
    expect(seen.at(-1)?.body).toMatchObject({ side: 'bid', price: '2500.3', tif: 'IOC' });
    await c.placeOrder({ symbol: 'ETH', side: 'sell', type: 'market', size: '1', price: '2500.31' });
    expect(seen.at(-1)?.body).toMatchObject({ side: 'ask', price: '2500.4', tif: 'IOC' });
  });

  it('agent wallet: body carries agent_wallet, signature verifies against the agent key', async () => {
    infoFixtures();
    replies['POST /api/v1/orders/cancel'] = ok(null);
    await makeClient({ secretKey: AGENT_SECRET, agentWallet: AGENT }).cancelOrder({
      symbol: 'BTC',
      orderId: '315979358',
    });
    const body = seen.at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ account: ACCOUNT, agent_wallet: AGENT, symbol: 'BTC', order_id: 315979358 });
    expect(verifyPacifica(pacificaMessageFromBody('cancel_order', body), body.signature as string, AGENT)).toBe(true);
  });

  it('cancel_all returns the count; leverage sends an integer', async () => {
    infoFixtures();
    replies['POST /api/v1/orders/cancel_all'] = ok({ cancelled_count: 10 });
    replies['POST /api/v1/account/leverage'] = ok(null);
    const c = makeClient();
    expect(await c.cancelAllOrders()).toBe(10);
    expect(seen.at(-1)?.body).toMatchObject({ all_symbols: true, exclude_reduce_only: false });
    await c.setLeverage('BTC', '20');
    expect(seen.at(-1)?.body).toMatchObject({ symbol: 'BTC', leverage: 20 });
  });

  it('maps the error envelope (422 business code), bare-text errors, 500 on a POST, and retries a 429 with a fresh signature', async () => {
    infoFixtures();
    const c = makeClient();
    replies['POST /api/v1/orders/create'] = {
      status: 422,
      body: { success: false, data: null, error: 'Insufficient balance for 9C6h: 1000 < 5', code: 5 },
    };
    const e1 = await reject(c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '1', price: '100000' }));
    expect(e1.code).toBe('VENUE_REJECTED');
    expect(e1.context).toMatchObject({ venueCode: 'INSUFFICIENT_BALANCE', httpStatus: 422 });

    replies['POST /api/v1/orders/create'] = { status: 400, body: 'Verification failed' };
    const e2 = await reject(c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '1', price: '100000' }));
    expect(e2.context).toMatchObject({ venueMessage: 'Verification failed', httpStatus: 400 });
    expect(e2.details).toMatch(/clock/);

    replies['POST /api/v1/orders/create'] = {
      status: 500,
      body: { success: false, data: null, error: 'Internal server error', code: 500 },
    };
    const e3 = await reject(c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '1', price: '100000' }));
    expect(e3.code).toBe('UNKNOWN_OUTCOME');
    expect(seen.filter((s) => s.path === '/api/v1/orders/create')).toHaveLength(3); // never resent

    let t = NOW;
    const c2 = makeClient({ clock: { now: () => t++ } });
    replies['POST /api/v1/orders/create'] = [
      { status: 429, body: { success: false, data: null, error: 'Rate limit exceeded', code: 429 } },
      ok({ order_id: 7 }),
    ];
    seen.length = 0;
    await c2.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '1', price: '100000' });
    const posts = seen.filter((s) => s.path === '/api/v1/orders/create').map((s) => s.body as { timestamp: number });
    expect(posts).toHaveLength(2);
    expect(posts[1]?.timestamp).toBeGreaterThan(posts[0]?.timestamp ?? 0);
  });

  it('refuses before sending: off-tick limit, below min notional, GTT expiry, unknown symbol', async () => {
    infoFixtures();
    const c = makeClient();
    await c.getMarkets();
    seen.length = 0;
    for (const p of [
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '100000.5' }),
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.00001', price: '100000' }),
      c.placeOrder({
        symbol: 'BTC',
        side: 'buy',
        type: 'limit',
        size: '0.001',
        price: '100000',
        expiresAt: NOW + 1000,
      }),
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '100000', clientOrderId: 'abc' }),
    ]) {
      expect((await reject(p)).code).toBe('INVALID_INPUT');
    }
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(0);
    expect((await reject(c.getOrderBook('DOGE'))).code).toBe('INVALID_INPUT');
  });
});
