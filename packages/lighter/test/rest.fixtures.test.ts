import { Decimal, type HttpRequestOptions, type HttpTransport, parseJson, VenueRejectedError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import {
  clientOrderIndexOf,
  createAuthToken,
  fromScaledInt,
  LighterNonceManager,
  LighterVenue,
  lighterPublicKey,
  mapLighterError,
  parseAuthToken,
  parseMultipartForm,
  toMs,
  toScaledInt,
  verifyAuthToken,
  verifyTxInfo,
} from '../src/index.js';

// FAKE test key: ascii("lighter test vector key: FAKE, NO FUNDS!") as in shared/vectors/lighter.
const KEY = `0x${Buffer.from('lighter test vector key: FAKE, NO FUNDS!').toString('hex')}`;

const DETAILS = {
  code: 200,
  order_book_details: [
    {
      symbol: 'BTC',
      market_id: 1,
      market_type: 'perp',
      status: 'active',
      taker_fee: '0.0000',
      maker_fee: '0.0000',
      liquidation_fee: '1.0000',
      min_base_amount: '0.00020',
      min_quote_amount: '10.000000',
      supported_size_decimals: 5,
      supported_price_decimals: 1,
      size_decimals: 5,
      price_decimals: 1,
      quote_multiplier: 1,
      default_initial_margin_fraction: 500,
      min_initial_margin_fraction: 200,
      maintenance_margin_fraction: 120,
      closeout_margin_fraction: 80,
      last_trade_price: 95012.3,
      mark_price: '95010.1',
      index_price: '95008.0',
      open_interest: 1234.5,
      daily_quote_token_volume: 123456789.12,
    },
  ],
};

/** Records requests and answers from a table keyed by path (bodies as the venue would send them, as text). */
function fakeHttp(responses: Record<string, string | ((req: HttpRequestOptions) => string)>) {
  const requests: HttpRequestOptions[] = [];
  const http: HttpTransport = {
    venue: 'lighter',
    baseUrl: 'https://fake',
    async request<T>(req: HttpRequestOptions): Promise<T> {
      requests.push(req);
      const r = responses[req.path];
      if (r === undefined) throw new Error(`no fixture for ${req.path}`);
      return parseJson(typeof r === 'function' ? r(req) : r, 'string-all') as T;
    },
    async requestWithResponse() {
      throw new Error('unused');
    },
  };
  return { http, requests };
}

function venue(http: HttpTransport) {
  return new LighterVenue({ accountIndex: '281474976710600', apiKeyIndex: 3, privateKey: KEY, http });
}

describe('REST fixtures', () => {
  it('parses orderBookDetails into markets (decimals, minimums, leverage from margin fraction)', async () => {
    const { http, requests } = fakeHttp({ '/api/v1/orderBookDetails': JSON.stringify(DETAILS) });
    const [btc] = await venue(http).getMarkets();
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/orderBookDetails', query: { market_id: 255 } });
    expect(btc?.symbol).toBe('BTC');
    expect(btc?.tickSize.toString()).toBe('0.1');
    expect(btc?.lotSize.toString()).toBe('0.00001');
    expect(btc?.minSize.toString()).toBe('0.0002');
    expect(btc?.minNotional?.toString()).toBe('10');
    expect(btc?.maxLeverage.toString()).toBe('50');
    expect(btc?.fundingIntervalHours).toBe(1);
  });

  it('sends a signed CreateOrder as a form with the allocated nonce and an auth header on private reads', async () => {
    let nonce = 41n;
    const { http, requests } = fakeHttp({
      '/api/v1/orderBookDetails': JSON.stringify(DETAILS),
      '/api/v1/nextNonce': () => `{"code":200,"nonce":${nonce}}`,
      '/api/v1/sendTx': () => {
        nonce++;
        return '{"code":200,"message":"ok","tx_hash":"ab","predicted_execution_time_ms":1,"volume_quota_remaining":5}';
      },
      '/api/v1/accountActiveOrders': '{"code":200,"orders":[]}',
    });
    const c = venue(http);
    const r = await c.placeOrder({
      symbol: 'BTC',
      side: 'sell',
      type: 'limit',
      size: '0.0012345',
      price: '95000.5',
      clientOrderId: '77',
    });
    expect(r).toEqual({ clientOrderId: '77', status: 'accepted' });
    const send = requests.find((q) => q.path === '/api/v1/sendTx') as HttpRequestOptions;
    expect(send.method).toBe('POST');
    const contentType = (send.headers as Record<string, string>)['Content-Type'];
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = parseMultipartForm(send.body as string, contentType) ?? {};
    expect(Object.keys(form)).toEqual(['tx_type', 'tx_info']);
    expect(form['tx_type']).toBe('14');
    const info = JSON.parse(form['tx_info'] as string);
    expect(info).toMatchObject({
      AccountIndex: 281474976710600,
      ApiKeyIndex: 3,
      MarketIndex: 1,
      ClientOrderIndex: 77,
      BaseAmount: 123, // floored to the lot
      Price: 950005,
      IsAsk: 1,
      Type: 0,
      TimeInForce: 1,
      ReduceOnly: 0,
      Nonce: 41,
      L2TxAttributes: null,
    });
    expect(Object.keys(info)).toEqual([
      'AccountIndex',
      'ApiKeyIndex',
      'MarketIndex',
      'ClientOrderIndex',
      'BaseAmount',
      'Price',
      'IsAsk',
      'Type',
      'TimeInForce',
      'ReduceOnly',
      'TriggerPrice',
      'OrderExpiry',
      'ExpiredAt',
      'Nonce',
      'Sig',
      'L2TxAttributes',
    ]);
    expect(verifyTxInfo(14, info, 304, lighterPublicKey(KEY)).ok).toBe(true);
    await c.getOpenOrders();
    const read = requests.find((q) => q.path === '/api/v1/accountActiveOrders') as HttpRequestOptions;
    expect(read.query).toEqual({ account_index: 281474976710600n, market_id: 255 });
    const token = parseAuthToken(read.headers?.['Authorization'] as string);
    expect(token?.accountIndex).toBe(281474976710600n);
    expect(verifyAuthToken(token!, lighterPublicKey(KEY), Math.floor(Date.now() / 1000)).ok).toBe(true);
  });

  it('prices a market buy at best ask × (1 + band) rounded down to the tick', async () => {
    const { http, requests } = fakeHttp({
      '/api/v1/orderBookDetails': JSON.stringify(DETAILS),
      '/api/v1/orderBookOrders':
        '{"code":200,"total_asks":1,"asks":[{"order_index":281474976710700,"order_id":"281474976710700","owner_account_index":5,"initial_base_amount":"1.00000","remaining_base_amount":"1.00000","price":"95000.3","order_expiry":0}],"total_bids":0,"bids":[]}',
      '/api/v1/nextNonce': '{"code":200,"nonce":0}',
      '/api/v1/sendTx': '{"code":200,"tx_hash":"ab"}',
    });
    await venue(http).placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    const sent = requests.find((q) => q.path === '/api/v1/sendTx');
    const form =
      parseMultipartForm(
        sent?.body as string,
        (sent?.headers as Record<string, string> | undefined)?.['Content-Type'],
      ) ?? {};
    const info = JSON.parse(form['tx_info'] as string);
    // 95000.3 × 1.005 = 95475.3015 → 95475.3 (down, inside the band)
    expect(info).toMatchObject({ Type: 1, TimeInForce: 0, OrderExpiry: 0, Price: 954753, BaseAmount: 1000, IsAsk: 0 });
  });

  it('parses the account (signed positions, balance) with lossless ids', async () => {
    const account =
      '{"code":200,"total":1,"accounts":[{"code":0,"account_type":0,"index":281474976710600,"l1_address":"0xabc","status":1,"collateral":"1000.000000","available_balance":"900.500000","total_asset_value":"1012.250000","cross_asset_value":"1012.250000","positions":[{"market_id":1,"symbol":"BTC","initial_margin_fraction":"5.00","open_order_count":0,"pending_order_count":0,"position_tied_order_count":0,"sign":-1,"position":"0.01000","avg_entry_price":"96000.0","position_value":"950.000000","unrealized_pnl":"10.000000","realized_pnl":"0.000000","liquidation_price":"120000.0","total_funding_paid_out":"0","margin_mode":0,"allocated_margin":"0"}]}]}';
    const { http } = fakeHttp({ '/api/v1/orderBookDetails': JSON.stringify(DETAILS), '/api/v1/account': account });
    const c = venue(http);
    const [p] = await c.getPositions();
    expect(p?.size.toString()).toBe('-0.01');
    expect(p?.markPrice.toString()).toBe('95000');
    expect(p?.leverage?.toString()).toBe('20');
    expect(p?.liquidationPrice?.toString()).toBe('120000');
    const b = await c.getBalance();
    expect(b).toMatchObject({ currency: 'USDC' });
    expect(b.equity.toString()).toBe('1012.25');
    expect(b.unrealizedPnl.toString()).toBe('10');
  });

  it('maps the error envelope to VenueRejectedError with the venue code', () => {
    const err = mapLighterError({
      venue: 'lighter',
      method: 'POST',
      path: '/api/v1/sendTx',
      url: 'x',
      attempt: 1,
      status: 400,
      headers: {},
      text: '{"code":21104,"message":"invalid nonce"}',
      data: { code: '21104', message: 'invalid nonce' },
      idempotent: false,
    });
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context).toMatchObject({
      venueCode: 21104,
      venueMessage: 'invalid nonce',
      httpStatus: 400,
    });
    const okBody = mapLighterError({
      venue: 'lighter',
      method: 'GET',
      path: '/',
      url: 'x',
      attempt: 1,
      status: 200,
      headers: {},
      text: '{"seconds":3}',
      data: { seconds: '3' },
      idempotent: true,
    });
    expect(okBody).toBeUndefined();
  });
});

describe('units', () => {
  it('scales decimals exactly and refuses values off the grid', () => {
    expect(toScaledInt(new Decimal('95000.5'), 1, 'price')).toBe(950005n);
    expect(() => toScaledInt(new Decimal('95000.55'), 1, 'price')).toThrow(/decimals/);
    expect(fromScaledInt(123n, 5).toString()).toBe('0.00123');
  });
  it('normalises second / ms / µs timestamps to ms', () => {
    expect(toMs(1_767_225_600)).toBe(1_767_225_600_000);
    expect(toMs(1_767_225_600_000)).toBe(1_767_225_600_000);
    expect(toMs(1_767_225_600_000_000)).toBe(1_767_225_600_000);
  });
  it('maps client order ids deterministically into 1 … 2^48 − 1', () => {
    expect(clientOrderIndexOf('42')).toBe(42n);
    const h = clientOrderIndexOf('my-order-1');
    expect(h).toBe(clientOrderIndexOf('my-order-1'));
    expect(h > 0n && h < 1n << 48n).toBe(true);
    expect(clientOrderIndexOf(String(1n << 48n))).not.toBe(1n << 48n);
  });
  it('auth tokens from createAuthToken verify and expire', () => {
    const now = 1_800_000_000;
    const t = parseAuthToken(createAuthToken({ deadline: now + 600, accountIndex: 5, apiKeyIndex: 3 }, KEY));
    expect(t).toBeDefined();
    expect(verifyAuthToken(t!, lighterPublicKey(KEY), now).ok).toBe(true);
    expect(verifyAuthToken(t!, lighterPublicKey(KEY), now + 601)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyAuthToken(t!, lighterPublicKey(`0x${'11'.repeat(40)}`), now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });
});

describe('LighterNonceManager', () => {
  const invalidNonce = () =>
    new VenueRejectedError('x', { venue: 'lighter', venueCode: 21104, venueMessage: 'invalid nonce' });

  it('serialises concurrent sends with consecutive nonces', async () => {
    let server = 10n;
    let inFlight = 0;
    const m = new LighterNonceManager(async () => server);
    const send = (n: bigint[]) =>
      new Promise<bigint>((resolve, reject) => {
        inFlight++;
        expect(inFlight).toBe(1);
        setTimeout(() => {
          inFlight--;
          if (n[0] !== server) return reject(invalidNonce());
          server += BigInt(n.length);
          resolve(n[0] as bigint);
        }, Math.random() * 3);
      });
    const used = await Promise.all(Array.from({ length: 12 }, (_, i) => m.run(i % 3 === 0 ? 2 : 1, send)));
    expect(new Set(used).size).toBe(12);
    expect(m.peek()).toBe(server);
    expect(m.resyncCount).toBe(0);
  });

  it('resyncs once on invalid nonce and re-signs; keeps the nonce after other rejections; forgets it after unknown', async () => {
    let server = 5n;
    const m = new LighterNonceManager(async () => server);
    await m.run(1, async () => {
      server++;
    });
    server = 9n; // someone else used nonces
    const seen: bigint[] = [];
    await m.run(1, async ([n]) => {
      seen.push(n as bigint);
      if (n !== server) throw invalidNonce();
      server++;
    });
    expect(seen).toEqual([6n, 9n]);
    await expect(
      m.run(1, async () => {
        throw new VenueRejectedError('no', { venue: 'lighter', venueCode: 21701 });
      }),
    ).rejects.toThrow('no');
    expect(m.peek()).toBe(10n);
    const { UnknownOutcomeError } = await import('@dn/core');
    await expect(
      m.run(1, async () => {
        throw new UnknownOutcomeError('t', { operation: 'sendTx' });
      }),
    ).rejects.toThrow('t');
    expect(m.peek()).toBeUndefined();
  });
});
