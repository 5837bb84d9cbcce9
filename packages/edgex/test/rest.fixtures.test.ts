import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Decimal, InvalidInputError, UnknownOutcomeError, VenueRejectedError, type WsMessage } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EdgexClient,
  EdgexVenue,
  resolveV2Market,
  starkPublicKey,
  verifyV1RequestSignature,
  verifyV2OrderSignature,
  verifyV2Request,
} from '../src/index.js';
import { answerPing } from '../src/ws/frames.js';
import { ACCOUNT, FAKE_KEY, V2 } from './vectors.js';

/*
 * Offline request/response fixtures: a loopback HTTP stub records exactly what the client sends and answers with
 * payloads shaped like the edgeX docs / OpenAPI examples. All credentials are FAKE.
 */

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const META = {
  global: { nativeChainId: '42161', contractAddress: '0x0000000000000000000000000000000000000001' },
  coinList: [
    {
      coinId: '1000',
      coinName: 'USD',
      stepSize: '0.000001',
      starkExAssetId: '0x2ce625e94458d39dd0bf3b45a843544dd4a14b8169045a3a3d15aa564b936c5',
      starkExResolution: '0xf4240',
      resolution: '1000000',
    },
  ],
  contractList: [
    {
      contractId: '10000001',
      contractName: 'BTCUSD',
      baseCoinId: '1001',
      quoteCoinId: '1000',
      tickSize: '0.1',
      stepSize: '0.001',
      minOrderSize: '0.001',
      maxOrderSize: '50',
      defaultTakerFeeRate: '0.00038',
      defaultMakerFeeRate: '0.00015',
      displayMaxLeverage: '100',
      enableTrade: true,
      fundingRateIntervalMin: '240',
      starkExSyntheticAssetId: '0x425443322d31300000000000000000',
      starkExResolution: '0x2540be400',
      resolution: '10000000000',
    },
    {
      contractId: '10000002',
      contractName: 'ETHUSD',
      baseCoinId: '1002',
      quoteCoinId: '1000',
      tickSize: '0.01',
      stepSize: '0.01',
      minOrderSize: '0.01',
      defaultTakerFeeRate: '0.00038',
      defaultMakerFeeRate: '0.00015',
      displayMaxLeverage: '100',
      enableTrade: true,
      fundingRateIntervalMin: '480',
      starkExSyntheticAssetId: '0x4554482d3900000000000000000000',
      starkExResolution: '0x3b9aca00',
      resolution: '1000000000',
    },
  ],
};

const env = (data: unknown, code = 'SUCCESS', msg = '') => ({
  code,
  data,
  msg,
  errorParam: {},
  requestTime: '1',
  responseTime: '1',
  traceId: 't',
});

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function stub(
  answer: (req: Recorded) => { status?: number; body: unknown },
  metadata: unknown = META,
): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      const path = rec.url.split('?')[0] ?? '';
      const a = path.endsWith('getMetaData')
        ? { body: env(metadata) }
        : path.endsWith('getServerTime')
          ? { body: env({ timeMillis: String(Date.now()) }) }
          : answer(rec);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
    });
  });
  const srv = server;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, requests };
}

const h = (r: Recorded, name: string) => r.headers[name.toLowerCase()] as string | undefined;
const split = (url: string) => {
  const [path, qs] = url.split('?') as [string, string | undefined];
  return { path, query: Object.fromEntries(new URLSearchParams(qs ?? '')) };
};

describe('request shape and auth', () => {
  it('V2 GET: /api/v2 path, raw query, the four HMAC headers over ts+GET+path+sorted query', async () => {
    const s = await stub(() => ({ body: env({ dataList: [], nextPageOffsetData: '' }) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    await c.getOpenOrders();
    const r = s.requests.find((x) => x.url.includes('getActiveOrderPage'))!;
    expect(r.method).toBe('GET');
    const { path, query } = split(r.url);
    expect(path).toBe('/api/v2/private/order/getActiveOrderPage');
    expect(query).toEqual({ accountId: ACCOUNT, size: '200' });
    expect(h(r, 'X-edgeX-Api-Key')).toBe(V2.apiKey);
    expect(h(r, 'X-edgeX-Passphrase')).toBe(V2.passphrase);
    const ts = h(r, 'X-edgeX-Timestamp')!;
    expect(verifyV2Request({ timestamp: ts, method: 'GET', path, query }, h(r, 'X-edgeX-Signature')!, V2.secret)).toBe(
      true,
    );
    expect(r.body).toBe('');
  });

  it('V1 GET with list filters: commas sent raw and signed raw; Stark signature headers', async () => {
    const s = await stub(() => ({ body: env({ dataList: [], nextPageOffsetData: '' }) }));
    const c = new EdgexVenue({ apiVersion: 'v1', restUrl: s.url, accountId: ACCOUNT, starkPrivateKey: FAKE_KEY });
    await c.client.getHistoryOrderFillTransactionPage({ filterContractIdList: ['10000001', '10000002'], size: 10 });
    const r = s.requests.at(-1)!;
    expect(r.url).toBe(
      `/api/v1/private/order/getHistoryOrderFillTransactionPage?accountId=${ACCOUNT}&filterContractIdList=10000001,10000002&size=10`,
    );
    const { path, query } = split(r.url);
    const sig = h(r, 'X-edgeX-Api-Signature')!;
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    const req = { timestamp: h(r, 'X-edgeX-Api-Timestamp')!, method: 'GET' as const, path, query };
    expect(verifyV1RequestSignature(req, sig, starkPublicKey(FAKE_KEY))).toBe(true);
    expect(h(r, 'X-edgeX-Api-Key')).toBeUndefined();
  });

  it('V2 placeOrder: exact createOrder body (strings), HMAC over the flattened body, valid EIP-712 l2Signature', async () => {
    const s = await stub(() => ({ body: env({ orderId: '564827797948727434' }) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    const res = await c.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      size: '0.0019',
      price: '97393.87',
      clientOrderId: 'cid-1',
    });
    expect(res).toEqual({ orderId: '564827797948727434', clientOrderId: 'cid-1', status: 'accepted' });
    const r = s.requests.find((x) => x.url.endsWith('/createOrder'))!;
    expect(r.url).toBe('/api/v2/private/order/createOrder');
    expect(h(r, 'content-type')).toBe('application/json');
    const body = JSON.parse(r.body) as Record<string, unknown>;
    // size floored to the 0.001 step, buy price rounded down to the 0.1 tick (never worse than asked).
    expect(body).toMatchObject({
      accountId: ACCOUNT,
      contractId: '10000001',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GOOD_TIL_CANCEL',
      price: '97393.8',
      size: '0.001',
      clientOrderId: 'cid-1',
      l2Size: '0.001',
      l2Value: '97.3938',
      l2LimitFee: '1',
      reduceOnly: false,
    });
    for (const v of Object.values(body)) expect(typeof v === 'number').toBe(false);
    expect(
      verifyV2Request(
        {
          timestamp: h(r, 'X-edgeX-Timestamp')!,
          method: 'POST',
          path: '/api/v2/private/order/createOrder',
          body: body as never,
        },
        h(r, 'X-edgeX-Signature')!,
        V2.secret,
      ),
    ).toBe(true);
    expect(
      verifyV2OrderSignature(
        body as never,
        resolveV2Market(META, '10000001'),
        '0xFCAd0B19bB29D4674531d6f115237E16AfCE377c',
      ),
    ).toBe(true);
  });

  it('market orders are LIMIT IOC at best ± band, rounded toward the best price', async () => {
    const depth = [
      {
        startVersion: '1',
        endVersion: '5',
        level: 15,
        contractId: '10000001',
        asks: [{ price: '100000.0', size: '1' }],
        bids: [['99999.9', '2']],
        depthType: 'SNAPSHOT',
      },
    ];
    const s = await stub((r) => (r.url.includes('getDepth') ? { body: env(depth) } : { body: env({ orderId: '1' }) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2, marketSlippage: '0.00123' });
    await c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    await c.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.01' });
    const orders = s.requests
      .filter((r) => r.url.endsWith('/createOrder'))
      .map((r) => JSON.parse(r.body) as Record<string, string>);
    // 100000 × 1.00123 = 100123 exactly; 99999.9 × 0.99877 = 99876.90012 → up to 99877.0
    expect(orders.map((o) => [o.type, o.timeInForce, o.price])).toEqual([
      ['LIMIT', 'IMMEDIATE_OR_CANCEL', '100123'],
      ['LIMIT', 'IMMEDIATE_OR_CANCEL', '99877'],
    ]);
    expect(s.requests.find((r) => r.url.includes('getDepth'))!.url).toContain('contractId=10000001&level=15');
  });

  it('refuses invalid input before sending anything', async () => {
    const s = await stub(() => ({ body: env({ orderId: '1' }) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    await expect(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.0009', price: '1' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      c.placeOrder({ symbol: 'DOGE', side: 'buy', type: 'limit', size: '1', price: '1' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      c.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: 0.1 as unknown as string, price: '1' }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(s.requests.filter((r) => r.url.includes('/private/'))).toHaveLength(0);
  });
});

describe('responses and errors', () => {
  it('markets: funding interval per contract from fundingRateIntervalMin', async () => {
    const s = await stub(() => ({ body: env(null) }));
    const markets = await new EdgexVenue({ restUrl: s.url }).getMarkets();
    expect(markets.map((m) => [m.symbol, m.venueSymbol, m.fundingIntervalHours])).toEqual([
      ['BTC', '10000001', 4],
      ['ETH', '10000002', 8],
    ]);
    expect(markets[0]?.takerFee.toString()).toBe('0.00038');
    expect(markets[0]?.maxLeverage.toString()).toBe('100');
  });

  it('funding: rate kept exactly, intervalHours from the record, APR normalised', async () => {
    const fr = [
      {
        contractId: '10000002',
        fundingTime: String(Date.now() + 3_600_000),
        fundingTimestamp: '1760000000000',
        fundingRate: '0.000012345678901234567',
        oraclePrice: '3456.78',
        indexPrice: '3456.7',
        isSettlement: false,
        fundingRateIntervalMin: '480',
      },
    ];
    const s = await stub(() => ({ body: env(fr) }));
    const f = await new EdgexVenue({ restUrl: s.url }).getFunding('ETH');
    expect(f.rate.toFixed()).toBe('0.000012345678901234567');
    expect(f.intervalHours).toBe(8);
    expect(f.apr.eq(new Decimal('0.000012345678901234567').mul(1095))).toBe(true);
    // fundingTime is when the rate was fixed (the period start); it settles one interval later (OpenAPI FundingRate).
    expect(f.nextFundingTime).toBe(Number(fr[0]!.fundingTime) + 8 * 3_600_000);
    expect(f.markPrice?.toString()).toBe('3456.78');
  });

  it('account asset: balance and signed positions with exact decimals and 19-digit ids', async () => {
    const asset = {
      account: { id: ACCOUNT },
      collateralList: [{ coinId: '1000', amount: '-4990.123456' }],
      positionList: [
        { contractId: '10000001', openSize: '0.1', openValue: '9000.5' },
        { contractId: '10000002', openSize: '-2', openValue: '-6000' },
      ],
      positionAssetList: [
        {
          contractId: '10000001',
          positionValue: '9100.5',
          avgEntryPrice: '90005',
          liquidatePrice: '45000.1',
          unrealizePnl: '100',
          maxLeverage: '20',
        },
        {
          contractId: '10000002',
          positionValue: '-6100',
          avgEntryPrice: '3000',
          liquidatePrice: '',
          unrealizePnl: '-100',
        },
      ],
      collateralAssetModelList: [
        { coinId: '1000', totalEquity: '10010.000001', availableAmount: '8000.5', initialMarginRequirement: '2010' },
      ],
    };
    const s = await stub(() => ({ body: env(asset) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    const b = await c.getBalance();
    expect([
      b.currency,
      b.equity.toFixed(),
      b.unrealizedPnl.toFixed(),
      b.collateral.toFixed(),
      b.availableMargin.toFixed(),
    ]).toEqual(['USD', '10010.000001', '0', '10010.000001', '8000.5']);
    const [btc, eth] = await c.getPositions();
    expect([
      btc?.symbol,
      btc?.size.toFixed(),
      btc?.markPrice.toFixed(),
      btc?.liquidationPrice?.toFixed(),
      btc?.notional.toFixed(),
    ]).toEqual(['BTC', '0.1', '91005', '45000.1', '9100.5']);
    expect([eth?.size.toFixed(), eth?.markPrice.toFixed(), eth?.liquidationPrice]).toEqual(['-2', '3050', null]);
  });

  it('orders and fills: statuses, average price, liquidity', async () => {
    const order = {
      id: '564827797948727434',
      accountId: ACCOUNT,
      contractId: '10000001',
      side: 'SELL',
      price: '0',
      size: '0.5',
      clientOrderId: 'c1',
      type: 'MARKET',
      timeInForce: 'IMMEDIATE_OR_CANCEL',
      reduceOnly: true,
      status: 'CANCELED',
      cancelReason: 'COULD_NOT_FILL',
      cumFillSize: '0.2',
      cumFillValue: '20000.02',
      createdTime: '1',
      updatedTime: '2',
    };
    const fill = {
      id: '9',
      contractId: '10000001',
      orderId: order.id,
      orderSide: 'SELL',
      fillSize: '0.2',
      fillValue: '20000.02',
      fillFee: '-0.5',
      fillPrice: '100000.1',
      direction: 'MAKER',
      matchTime: '5',
    };
    const s = await stub((r) => ({
      body: r.url.includes('Fill')
        ? env({ dataList: [fill], nextPageOffsetData: '' })
        : env(r.url.includes('History') ? [order] : []),
    }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    const o = await c.getOrder({ symbol: 'BTC', orderId: order.id });
    expect([o?.status, o?.type, o?.timeInForce, o?.price, o?.averageFillPrice?.toFixed(), o?.reduceOnly]).toEqual([
      'cancelled',
      'market',
      'IOC',
      undefined,
      '100000.1',
      true,
    ]);
    const [f] = await c.getFills();
    expect([f?.orderId, f?.side, f?.liquidity, f?.fee.toFixed()]).toEqual([order.id, 'sell', 'maker', '-0.5']);
  });

  it('a non-SUCCESS envelope is VenueRejectedError with the venue code and message', async () => {
    const s = await stub(() => ({ body: env(null, 'INVALID_CONTRACT_ID', 'contract not found') }));
    const err = await new EdgexClient({ restUrl: s.url }).getTicker({ contractId: '1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context).toMatchObject({
      venue: 'edgex',
      venueCode: 'INVALID_CONTRACT_ID',
      venueMessage: 'contract not found',
    });
  });

  it('a 5xx on createOrder is UnknownOutcomeError (never retried); a GET 5xx is retried', async () => {
    let n = 0;
    const s = await stub((r) =>
      r.url.includes('getTicker') && n++ > 0 ? { body: env([]) } : { status: 502, body: env(null, 'SERVER_ERROR') },
    );
    const c = new EdgexVenue({
      restUrl: s.url,
      accountId: ACCOUNT,
      ...V2,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const err = await c
      .placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size: '0.001', price: '1000', clientOrderId: 'x1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as UnknownOutcomeError).context.clientOrderId).toBe('x1');
    expect(s.requests.filter((r) => r.url.endsWith('/createOrder'))).toHaveLength(1);
    expect(await c.client.getTicker()).toEqual([]);
  });

  it('a FAILED cancel result is VenueRejectedError', async () => {
    const s = await stub(() => ({ body: env({ cancelResultMap: { '42': 'FAILED_ORDER_FILLED' } }) }));
    const c = new EdgexVenue({ restUrl: s.url, accountId: ACCOUNT, ...V2 });
    const err = await c.cancelOrder({ symbol: 'BTC', orderId: '42' }).catch((e: unknown) => e);
    expect((err as VenueRejectedError).context.venueCode).toBe('FAILED_ORDER_FILLED');
    const body = JSON.parse(s.requests.at(-1)!.body);
    expect(body).toEqual({ accountId: ACCOUNT, orderIdList: ['42'] });
  });

  it('metadata without a funding interval is an error, never a default', async () => {
    const noInterval = { ...META, contractList: [{ ...META.contractList[0], fundingRateIntervalMin: '' }] };
    const s = await stub(() => ({ body: env(null) }), noInterval);
    await expect(new EdgexVenue({ restUrl: s.url }).getMarkets()).rejects.toThrow(/fundingRateIntervalMin/);
  });
});

describe('websocket keep-alive', () => {
  it('answers a venue ping with a pong carrying the same time and consumes both ping and pong frames', () => {
    const sent: string[] = [];
    const ctx = {
      generation: 1,
      send: (d: string) => sent.push(d),
      request: () => Promise.reject(new Error('unused')),
    };
    const msg = (parsed: unknown): WsMessage => ({
      data: JSON.stringify(parsed),
      parsed,
      generation: 1,
      receivedAt: 0,
      streamKey: undefined,
    });
    expect(answerPing(msg({ type: 'ping', time: '1775699229526' }), ctx)).toBe(true);
    expect(sent).toEqual(['{"type":"pong","time":"1775699229526"}']);
    expect(answerPing(msg({ type: 'pong', time: '1' }), ctx)).toBe(true);
    expect(answerPing(msg({ type: 'quote-event', channel: 'ticker.1' }), ctx)).toBe(false);
    expect(sent).toHaveLength(1);
  });
});
