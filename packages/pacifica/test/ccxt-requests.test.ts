/**
 * CCXT's Pacifica request fixtures (`ts/src/test/static/request/pacifica.json`, see fixtures/real/README.md): for each
 * call we share, our method, path, query and body, signed with CCXT's inputs (its public testnet key and timestamps),
 * equal CCXT's, signature included, or the difference is listed (and asserted) here.
 */
import { readFileSync } from 'node:fs';
import { type RecordedRequest, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PacificaVenue, signPacifica } from '../src/index.js';

interface CcxtCase {
  description: string;
  url: string;
  input: unknown[];
  output: string | null;
}
const ccxt = JSON.parse(readFileSync(new URL('./fixtures/real/ccxt-request.json', import.meta.url), 'utf8')) as {
  privateKey: string;
  walletAddress: string;
  methods: Record<string, CcxtCase[]>;
};
const KEY = ccxt.privateKey; // CCXT's public testnet test key: never funded by us
const WALLET = ccxt.walletAddress;
const cases = (m: string): CcxtCase[] => ccxt.methods[m] ?? [];
const body = (c: CcxtCase | undefined): Record<string, unknown> => JSON.parse(c?.output ?? 'null');
const target = (c: CcxtCase | undefined) => {
  const u = new URL(c?.url ?? 'http://x');
  return { path: u.pathname.replace(/^\/api\/v1/, ''), query: Object.fromEntries(u.searchParams) };
};

const INFO = {
  success: true,
  data: [
    {
      symbol: 'BTC',
      tick_size: '1',
      lot_size: '0.00001',
      max_leverage: 50,
      min_order_size: '10',
      instrument_type: 'perpetual',
    },
  ],
};
const OK = { success: true, data: { order_id: 1, cancelled_count: 1 }, error: null, code: null };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(now: number): Promise<PacificaVenue> {
  server = await startReplayServer({
    routes: [
      { path: '/info', body: INFO },
      { method: 'POST', path: /.*/, body: OK },
      { path: /.*/, body: { success: true, data: [] } },
    ],
  });
  return new PacificaVenue({
    restUrl: server.url,
    account: WALLET,
    secretKey: KEY,
    expiryWindowMs: 5000,
    clock: { now: () => now },
    rateLimiter: false,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}
const last = (path: string): RecordedRequest | undefined => server?.requests.filter((r) => r.path === path).at(-1);
const sent = (path: string): Record<string, unknown> => JSON.parse(last(path)?.body ?? 'null');

/** CCXT's case `i` of `method`: its signed body and path, and our venue on the clock CCXT signed at. */
async function ccxtCase(method: string, i: number) {
  const c = cases(method)[i];
  const want = body(c);
  return { want, path: target(c).path, api: await client(want.timestamp as number) };
}

/** A request body without its signature. */
function unsigned(o: Record<string, unknown>): Record<string, unknown> {
  const { signature: _s, ...rest } = o;
  return rest;
}

/** The first action of a batch CCXT sent: its tag and signed data. */
const firstAction = (c: CcxtCase | undefined) =>
  (body(c).actions as { type: string; data: Record<string, unknown> }[])[0];

describe('signed requests: byte-identical to CCXT, signature included', () => {
  it('cancelAllOrders by symbol and for all symbols', async () => {
    for (const c of cases('cancelAllOrders')) {
      const want = body(c);
      const api = await client(want.timestamp as number);
      await api.cancelAllOrders(c.input.length > 0 ? 'BTC' : undefined);
      expect(target(c).path).toBe('/orders/cancel_all');
      expect(sent('/orders/cancel_all')).toEqual(want);
      await server?.close();
    }
  });

  it('editOrder', async () => {
    const { want, path, api } = await ccxtCase('editOrder', 0);
    await api.client.rest.editOrder({ symbol: 'BTC', orderId: 241146145n, price: '83900', amount: '0.003' });
    expect(sent(path)).toEqual(want);
  });
});

describe('signed requests with listed differences', () => {
  it('market order: same signed fields; we add client_order_id (always), CCXT leaks its unsigned `slippage` param', async () => {
    const { want, path, api } = await ccxtCase('createOrder', 2);
    const { clientOrderId } = await api.placeOrder({
      symbol: 'BTC',
      side: 'sell',
      type: 'market',
      size: '0.003',
      slippage: '0.0005', // a fraction: slippage_percent "0.05"
    });
    const ours = sent(path);
    const { slippage, signature: _theirs, ...theirs } = want;
    expect(slippage).toBe(0.05);
    const { client_order_id, signature, ...rest } = ours;
    expect(client_order_id).toBe(clientOrderId);
    expect(rest).toEqual(theirs);
    // Our signature covers client_order_id too, and verifies.
    const again = signPacifica(
      { type: 'create_market_order', timestamp: want.timestamp as number, expiry_window: 5000 },
      { symbol: 'BTC', side: 'ask', reduce_only: false, slippage_percent: '0.05', amount: '0.003', client_order_id },
      KEY,
    );
    expect(signature).toBe(again.signature);
  });

  it('limit order: CCXT batches create_order actions; ours posts the same action to /orders/create with client_order_id', async () => {
    const first = firstAction(cases('createOrders')[0]);
    expect(first?.type).toBe('Create');
    const want = first?.data ?? {};
    const api = await client(want.timestamp as number);
    await api.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.002', price: '87768' });
    const { client_order_id, ...rest } = unsigned(sent('/orders/create'));
    expect(typeof client_order_id).toBe('string');
    expect(rest).toEqual(unsigned(want));
  });

  it('cancel by id: CCXT sends it as a batch Cancel action; ours posts the same signed data to /orders/cancel', async () => {
    const want = firstAction(cases('cancelOrders')[0])?.data ?? {};
    const api = await client(want.timestamp as number);
    await api.cancelOrder({ symbol: 'BTC', orderId: '241524077' });
    expect(sent('/orders/cancel')).toEqual(want);
  });
});

describe('stop and TP/SL: the same fields plus trigger_price_type', () => {
  // Ours always names the watched price (mark): without it the venue watches the mid, which is 0 on an empty book and
  // would void a stop loss (pacifica-mcp live finding). CCXT omits it. The signature differs only through that field.
  const withMark = (o: Record<string, unknown>) => ({ ...o, trigger_price_type: 'mark_price' });

  it('stop order', async () => {
    const { want, path, api } = await ccxtCase('createOrder', 0);
    await api.client.rest.createStopOrder({
      symbol: 'BTC',
      side: 'bid',
      reduceOnly: false,
      stopPrice: '90000',
      limitPrice: '87900',
      amount: '0.004',
    });
    expect(unsigned(sent(path))).toEqual({
      ...unsigned(want),
      stop_order: withMark(want.stop_order as Record<string, unknown>),
    });
  });

  it('position TP/SL (a short: the closing side is bid)', async () => {
    const { want, path, api } = await ccxtCase('createOrder', 1);
    await api.client.rest.setPositionTpsl({
      symbol: 'BTC',
      position: 'short',
      takeProfit: { stopPrice: '83000' },
      stopLoss: { stopPrice: '90000' },
    });
    expect(unsigned(sent(path))).toEqual({
      ...unsigned(want),
      take_profit: withMark(want.take_profit as Record<string, unknown>),
      stop_loss: withMark(want.stop_loss as Record<string, unknown>),
    });
  });
});

describe('public and account GETs', () => {
  it('same path and query, except the book (CCXT adds agg_level=1, the venue default)', async () => {
    const api = await client(1_769_554_000_000);
    await api.getMarkets().catch(() => undefined);
    await api.getPositions().catch(() => undefined);
    await api.getOpenOrders().catch(() => undefined);
    await api.getBalance().catch(() => undefined);
    await api.client.rest.getRecentTrades({ symbol: 'BTC' }).catch(() => undefined);
    await api.getOrder({ symbol: 'BTC', orderId: '241146145' }).catch(() => undefined);
    await api.getOrderBook('BTC').catch(() => undefined);
    for (const m of [
      'fetchMarkets',
      'fetchPositions',
      'fetchOpenOrders',
      'fetchBalance',
      'fetchTrades',
      'fetchOrder',
    ]) {
      const t = target(cases(m)[0]);
      expect(last(t.path)?.query, m).toEqual(t.query);
      expect(last(t.path)?.method, m).toBe('GET');
    }
    const book = target(cases('fetchOrderBook')[0]);
    expect(book.query).toEqual({ symbol: 'BTC', agg_level: '1' });
    expect(last('/book')?.query).toEqual({ symbol: 'BTC' });
  });

  it('fills: CCXT sends only account; we add limit (and page with cursor)', async () => {
    const api = await client(1_769_554_000_000);
    await api.getFills({ limit: 10 });
    const t = target(cases('fetchMyTrades')[0]);
    expect(last(t.path)?.query).toEqual({ ...t.query, limit: '10' });
  });
});

describe('signature oracle: CCXT signed bodies re-signed by our canonical JSON + ed25519', () => {
  const TYPE: Record<string, string> = {
    '/orders/cancel_all': 'cancel_all_orders',
    '/orders/edit': 'edit_order',
    '/orders/create_market': 'create_market_order',
    '/orders/stop/create': 'create_stop_order',
    '/positions/tpsl': 'set_position_tpsl',
  };
  const BATCH: Record<string, string> = { Create: 'create_order', Cancel: 'cancel_order' };
  const UNSIGNED = new Set(['account', 'signature', 'timestamp', 'expiry_window', 'agent_wallet', 'slippage']);
  const resign = (type: string, data: Record<string, unknown>): string =>
    signPacifica(
      { type, timestamp: data.timestamp as number, expiry_window: data.expiry_window as number },
      Object.fromEntries(Object.entries(data).filter(([k]) => !UNSIGNED.has(k))),
      KEY,
    ).signature;

  it('every signed CCXT request we share reproduces its signature byte for byte (10 signatures)', () => {
    let n = 0;
    for (const list of Object.values(ccxt.methods)) {
      for (const c of list) {
        const path = target(c).path;
        const b = body(c);
        if (TYPE[path]) {
          expect(resign(TYPE[path], b), c.description).toBe(b.signature);
          n++;
        } else if (path === '/orders/batch') {
          for (const a of b.actions as { type: string; data: Record<string, unknown> }[]) {
            expect(resign(BATCH[a.type] as string, a.data), c.description).toBe(a.data.signature);
            n++;
          }
        }
      }
    }
    expect(n).toBe(10);
  });
});
