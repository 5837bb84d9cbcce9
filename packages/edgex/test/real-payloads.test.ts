/**
 * Real edgeX payloads (test/fixtures/real, sources in its README) replayed through the public client over a
 * loopback server: transport, envelope, parsers and mappers, checked value by value. Credentials are FAKE.
 */
import type { IncomingMessage } from 'node:http';
import { Decimal, type FundingPayment, isDnError } from '@dn/core';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexVenue } from '../src/index.js';
import { FixedClock, fixture, type Json, replayOptions } from './replay.js';
import { ACCOUNT, V2 } from './vectors.js';

const pub = (rest: string, body: unknown, extra: Partial<ReplayRoute> = {}): ReplayRoute => ({
  path: `/api/v2/public/${rest}`,
  body,
  ...extra,
});
const META = pub('meta/getMetaData', fixture('capture-mainnet-metadata.json'));

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(routes: ReplayRoute[], now?: number, opts: { signed?: boolean } = {}): Promise<EdgexVenue> {
  server = await startReplayServer({ routes, maxLifetimeMs: 20_000 });
  return new EdgexVenue({
    ...replayOptions(server),
    ...(now !== undefined ? { clock: new FixedClock(now) } : {}),
    ...(opts.signed ? { accountId: ACCOUNT, ...V2 } : {}),
  });
}

describe('metadata and market data', () => {
  it('mainnet getMetaData capture: BTC steps, fees, leverage and the 4 h funding interval', async () => {
    const c = await client([META]);
    const [btc, ...rest] = await c.getMarkets();
    expect(rest).toEqual([]);
    expect(btc).toMatchObject({ symbol: 'BTC', venueSymbol: '10000001', fundingIntervalHours: 4, active: true });
    expect(btc?.tickSize.toString()).toBe('0.1');
    expect(btc?.lotSize.toString()).toBe('0.001');
    expect(btc?.minSize.toString()).toBe('0.001');
    expect(btc?.maxLeverage.toString()).toBe('100');
    expect(btc?.takerFee.toString()).toBe('0.00038');
    expect(btc?.makerFee.toString()).toBe('0.00015');
  });

  it('X1: mainnet getLatestFundingRate capture: fundingRate (fixed at fundingTime) settles one interval later', async () => {
    const now = 1_758_281_035_034; // the capture's requestTime
    const c = await client(
      [META, pub('funding/getLatestFundingRate', fixture('capture-mainnet-latest-funding.json'))],
      now,
    );
    const f = await c.getFunding('BTC');
    expect(f.rate.toString()).toBe('-0.00005574');
    expect(f.rate.toString()).not.toBe('-0.00001936'); // forecastFundingRate: the period after
    expect(f.intervalHours).toBe(4);
    expect(f.apr.toString()).toBe(new Decimal('-0.00005574').mul(2190).toString());
    expect(f.nextFundingTime).toBe(1_758_268_800_000 + 4 * 3_600_000); // 12:00 UTC, after the 08:00 fix
    expect(f.timestamp).toBe(1_758_280_980_000);
    expect(f.markPrice?.toString()).toBe('116405.53792007267475128173828125');
    expect(server?.requests.at(-1)?.query).toEqual({ contractId: '10000001' });
  });

  it('X1: stats take funding from getLatestFundingRate, not the ticker forecast; OI converted to USD', async () => {
    const now = 1_734_597_720_000;
    const c = await client(
      [
        META,
        pub('quote/getTicker', fixture('docs-ticker.json')),
        pub('funding/getLatestFundingRate', fixture('docs-latest-funding.json')),
      ],
      now,
    );
    const [s, ...rest] = await c.getAllStats();
    expect(rest).toEqual([]);
    expect(s?.funding.rate.toString()).toBe('-0.00005537'); // the ticker says -0.00012236 (≈ forecast -0.00012293)
    expect(s?.funding.intervalHours).toBe(4);
    expect(s?.funding.nextFundingTime).toBe(1_734_609_600_000); // equals the ticker's nextFundingTime
    const mark = new Decimal('101636.3750002346932888031005859375');
    expect(s?.markPrice.toString()).toBe(mark.toString());
    expect(s?.openInterest?.toString()).toBe(new Decimal('0.105').mul(mark).toString()); // ≈ USD 10 671.8
    expect(s?.volume24h.toString()).toBe('50821443.7464');
    expect(s?.indexPrice?.toString()).toBe('101676.3807235');
    const fundingCall = server?.requests.find((r) => r.path.endsWith('getLatestFundingRate'));
    expect(fundingCall?.query).toEqual({}); // one call for every contract
  });

  it('a contract without a funding record is left out of the stats, not given the forecast', async () => {
    const c = await client([
      META,
      pub('quote/getTicker', fixture('docs-ticker.json')),
      pub('funding/getLatestFundingRate', { ...fixture('docs-latest-funding.json'), data: [] }),
    ]);
    expect(await c.getAllStats()).toEqual([]);
  });

  it('getDepth docs example: best first, the snapshot version as sequence', async () => {
    const c = await client([META, pub('quote/getDepth', fixture('docs-depth.json'))]);
    const book = await c.getOrderBook('BTC');
    expect(book.bids.map((l) => [l.price.toString(), l.size.toString()])).toEqual([
      ['101695.5', '1.71'],
      ['101694.1', '0.189'],
      ['101692.9', '0.223'],
    ]);
    expect(book.asks[0]?.price.toString()).toBe('101695.9');
    expect(book.asks[2]?.size.toString()).toBe('0.129');
    expect(book.sequence).toBe(201_223_747);
    expect(server?.requests.at(-1)?.query).toEqual({ contractId: '10000001', level: '15' });
  });

  it('getKline docs example: one hourly candle with its values', async () => {
    const c = await client([META, pub('quote/getKline', fixture('docs-kline.json'))]);
    const candles = await c.getCandles({ symbol: 'BTC', interval: '1h', limit: 1 });
    expect(candles).toEqual([
      {
        time: 1_734_595_200_000,
        open: new Decimal('3694.57'),
        high: new Decimal('3694.59'),
        low: new Decimal('3667.42'),
        close: new Decimal('3670.42'),
        volume: new Decimal('111.96'),
      },
    ]);
  });
});

describe('account (V2 docs example of getAccountAsset)', () => {
  const ASSET = pub('', fixture('docs-v2-account-asset.json'), { path: '/api/v2/private/account/getAccountAsset' });

  it('positions: size, entry, liquidation, PnL, leverage', async () => {
    const c = await client([META, ASSET], undefined, { signed: true });
    const [p, ...rest] = await c.getPositions();
    expect(rest).toEqual([]);
    expect(p?.symbol).toBe('BTC');
    expect(p?.size.toString()).toBe('0.001');
    expect(p?.entryPrice.toString()).toBe('97444.5');
    expect(p?.liquidationPrice?.toString()).toBe('82354.9');
    expect(p?.unrealizedPnl.toString()).toBe('0.289926609240472316741943359375');
    expect(p?.notional.toString()).toBe('97.734426609240472316741943359375');
    expect(p?.leverage?.toString()).toBe('50');
    expect(server?.requests.at(-1)?.query).toEqual({ accountId: ACCOUNT });
  });

  it('balance: equity and available from the collateral model, collateral = equity − uPnL', async () => {
    const c = await client([META, ASSET], undefined, { signed: true });
    const b = await c.getBalance();
    expect(b.equity.toString()).toBe('15.791238609240472316741943359375');
    expect(b.availableMargin.toString()).toBe('13.83655');
    // Equals the capture's legacyAmount (15.501312): the two views of cash agree.
    expect(b.collateral.toString()).toBe('15.501312');
    expect(b.currency).toBe('USD');
  });

  it('positions rule: an explicit empty positionList is flat; a missing or null one is an error', async () => {
    const base = fixture('docs-v2-account-asset.json');
    const data = base.data as Json;
    const variant = (positionList: unknown) =>
      pub(
        '',
        { ...base, data: { ...data, positionList, positionAssetList: [] } },
        {
          path: '/api/v2/private/account/getAccountAsset',
        },
      );
    let c = await client([META, variant([])], undefined, { signed: true });
    expect(await c.getPositions()).toEqual([]);
    await server?.close();
    for (const bad of [undefined, null]) {
      c = await client([META, variant(bad)], undefined, { signed: true });
      const err = await c.getPositions().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDnError(err)).toBe(true);
      await server?.close();
    }
  });
});

describe('position transactions (V2 docs example of getPositionTransactionPage)', () => {
  const PAGE = pub('', fixture('docs-v2-position-transactions.json'), {
    path: '/api/v2/private/account/getPositionTransactionPage',
  });

  it('a trade row with the funding fields unset ("" and "0") parses with its values', async () => {
    const c = await client([META, PAGE], undefined, { signed: true });
    const page = await c.client.getPositionTransactionPage({});
    expect(page.dataList).toHaveLength(1);
    const row = page.dataList[0];
    expect(row?.type).toBe('SELL_POSITION');
    expect(row?.deltaFundingFee).toBe('0.000000');
    expect(row?.fundingRate).toBe('');
    expect(page.nextPageOffsetData).toBe('');
  });

  it('the same row as a funding settlement: the cash received and the signed position size', async () => {
    const base = fixture('docs-v2-position-transactions.json');
    const data = base.data as { dataList: Json[] };
    // Derived: the docs' private-WS FUNDING_SETTLEMENT example (deltaFundingFee −0.051303 on a long) on this row.
    const settle = {
      ...data.dataList[0],
      type: 'SETTLE_FUNDING_FEE',
      deltaFundingFee: '-0.051303',
      fundingTime: '1734664800000',
      fundingRate: '0.00001472',
      fundingPositionSize: '0.006',
    };
    const c = await client([META, { ...PAGE, body: { ...base, data: { ...data, dataList: [settle] } } }], undefined, {
      signed: true,
    });
    const [p] = await c.getFundingPayments({ limit: 1 });
    expect(p?.symbol).toBe('BTC');
    expect(p?.amount.toString()).toBe('-0.051303');
    expect(p?.rate?.toString()).toBe('0.00001472');
    expect(p?.positionSize?.toString()).toBe('0.006');
    expect(p?.timestamp).toBe(1_734_664_800_000);
    expect(server?.requests.at(-1)?.query.filterTypeList).toBe('SETTLE_FUNDING_FEE');
  });
});

describe('private WS funding settlements (docs examples)', () => {
  it('V2 docs frame and the 2026 V1 docs frame (numeric version/time, no createdTime) both give a payment', async () => {
    const v2 = fixture('docs-v2-ws-funding-settlement.json');
    const v1 = fixture('docs-v1-ws-funding-settlement-2026.json');
    server = await startReplayServer({
      routes: [
        META,
        pub('', fixture('docs-v2-account-asset.json'), { path: '/api/v2/private/account/getAccountAsset' }),
      ],
      sockets: [
        {
          path: '/api/v1/private/ws',
          onConnect: (send) => {
            send({ type: 'connected', sid: 'replay' });
            send({ type: 'trade-event', content: { event: 'Snapshot', version: '1', data: {} } });
            send(v2);
            send(v1);
          },
        },
      ],
    });
    const errors: unknown[] = [];
    const c = new EdgexVenue({
      restUrl: server.url,
      wsUrl: server.wsUrl,
      syncServerTime: false,
      accountId: ACCOUNT,
      ...V2,
      onStreamError: (e) => errors.push(e),
    });
    const payments: FundingPayment[] = [];
    const sub = await c.subscribeAccount((e) => {
      if (e.type === 'funding') payments.push(e.payment);
    });
    const deadline = Date.now() + 5_000;
    while (payments.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.unsubscribe();
    await c.close();
    expect(errors).toEqual([]);
    expect(payments).toHaveLength(2);
    // The V2 frame: a long paid 0.051303 (collateral deltaAmount −0.051303 in the same frame).
    expect(payments[0]?.symbol).toBe('BTC');
    expect(payments[0]?.amount.toString()).toBe('-0.051303');
    expect(payments[0]?.timestamp).toBe(1_734_664_800_000);
    // The 2026 frame: contract 10000004 (not in the captured metadata: reported by id), rate 0, size from beforeOpenSize.
    expect(payments[1]?.symbol).toBe('10000004');
    expect(payments[1]?.amount.toString()).toBe('0');
    expect(payments[1]?.rate?.toString()).toBe('0');
    expect(payments[1]?.positionSize?.toString()).toBe('0.1');
    expect(payments[1]?.timestamp).toBe(1_775_699_400_000);
  });
});

describe('X3: private WS handshake', () => {
  it('sends the auth headers and, as the official V2 clients do, base64(JSON(headers)) as the subprotocol', async () => {
    let handshake: IncomingMessage | undefined;
    server = await startReplayServer({
      routes: [META],
      sockets: [{ path: '/api/v1/private/ws', onConnect: (_send, req) => (handshake = req) }],
    });
    const c = new EdgexVenue({
      restUrl: server.url,
      wsUrl: server.wsUrl,
      syncServerTime: false,
      clock: new FixedClock(1_758_281_035_000), // a timestamp whose token has no '/', see wsProtocolToken
      accountId: ACCOUNT,
      ...V2,
    });
    const sub = await c.subscribeAccount(() => undefined);
    const h = handshake?.headers ?? {};
    const protocol = String(h['sec-websocket-protocol']);
    const decoded = JSON.parse(Buffer.from(protocol, 'base64').toString('utf8')) as Record<string, string>;
    expect(Object.keys(decoded)).toEqual([
      'X-edgeX-Api-Key',
      'X-edgeX-Passphrase',
      'X-edgeX-Signature',
      'X-edgeX-Timestamp',
    ]);
    expect(decoded['X-edgeX-Api-Key']).toBe(h['x-edgex-api-key']);
    expect(decoded['X-edgeX-Passphrase']).toBe(h['x-edgex-passphrase']);
    expect(decoded['X-edgeX-Signature']).toBe(h['x-edgex-signature']);
    expect(decoded['X-edgeX-Timestamp']).toBe('1758281035000');
    expect(protocol).not.toMatch(/=/);
    expect(handshake?.url).toBe(`/api/v1/private/ws?accountId=${ACCOUNT}&timestamp=1758281035000`);
    await sub.unsubscribe();
    await c.close();
  });
});
