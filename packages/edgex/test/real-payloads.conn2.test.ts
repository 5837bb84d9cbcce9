/**
 * Funding history, public trades, leverage read-back and the account stream's `reconnected`, from real edgeX
 * payloads (test/fixtures/real, sources in its README) replayed through `EdgexVenue` over a loopback server.
 * Variants built here from a real payload are marked "derived". Credentials are FAKE.
 */
import { type AccountEvent, type DnError, type PublicTrade, TransportError } from '@dn/core';
import { type ReplayRoute, type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexVenue } from '../src/index.js';
import { FixedClock, fixture, type Json, replayOptions } from './replay.js';
import { ACCOUNT, V2 as V2_KEYS } from './vectors.js';

const V2 = { accountId: ACCOUNT, ...V2_KEYS };

const META: ReplayRoute = { path: '/api/v2/public/meta/getMetaData', body: fixture('capture-mainnet-metadata.json') };
const PAGE_PATH = '/api/v2/public/funding/getFundingRatePage';
const SETTLED_AT = 1_733_702_400_000; // 2024-12-09T00:00:00Z, the docs row's fundingTime
const H = 3_600_000;

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function venue(
  options: { routes?: ReplayRoute[]; sockets?: Parameters<typeof startReplayServer>[0]['sockets'] } = {},
  extra: Record<string, unknown> = {},
): Promise<EdgexVenue> {
  server = await startReplayServer({
    routes: options.routes ?? [],
    sockets: options.sockets ?? [],
    maxLifetimeMs: 20_000,
  });
  return new EdgexVenue({
    ...replayOptions(server),
    wsReconnect: { baseDelayMs: 10, maxDelayMs: 50 },
    clock: new FixedClock(1_734_597_585_432),
    ...extra,
  });
}

function until<T>(get: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const v = get();
      if (v !== undefined) resolve(v);
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

const pageWith = (rows: Json[], next = ''): Json => {
  const page = fixture('docs-funding-rate-page.json');
  return { ...page, data: { dataList: rows, nextPageOffsetData: next } };
};
const docsRow = (): Json => ((fixture('docs-funding-rate-page.json').data as Json).dataList as Json[])[0] as Json;

describe('getFundingHistory (getFundingRatePage)', () => {
  it('docs example: the settled row as a record — fraction per 4 h interval, ms time, oracle as mark, settled only', async () => {
    const c = await venue({ routes: [META, { path: PAGE_PATH, body: fixture('docs-funding-rate-page.json') }] });
    const since = SETTLED_AT - 6 * H;
    const records = await c.getFundingHistory({ symbol: 'BTC', since, until: SETTLED_AT + 6 * H });
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r?.symbol).toBe('BTC');
    expect(r?.time).toBe(SETTLED_AT); // fundingTime, ms (a 4 h boundary, 00:00 UTC)
    expect(r?.rate.toString()).toBe('0.00005'); // "0.00005000": a fraction (= 0.0003 interest / 6 per day)
    expect(r?.rate.gt(0)).toBe(true); // positive: longs pay, the same sign as getFunding
    expect(r?.intervalHours).toBe(4); // fundingRateIntervalMin 240
    expect(r?.markPrice?.toString()).toBe('101120.888977311551570892333984375');
    // One request although the venue sent a cursor: a short page is the last one.
    const calls = server?.requests.filter((q) => q.path === PAGE_PATH) ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query).toEqual({
      contractId: '10000001',
      size: '100',
      filterSettlementFundingRate: 'true',
      filterBeginTimeInclusive: String(since),
      filterEndTimeExclusive: String(SETTLED_AT + 6 * H + 1),
    });
    expect(calls[0]?.headers['x-edgex-api-key']).toBeUndefined(); // public: no credentials
  });

  it('derived: a per-minute estimate (isSettlement false) in the page is never returned as a settlement', async () => {
    const estimate = {
      ...docsRow(),
      fundingTime: String(SETTLED_AT + 60_000),
      fundingRate: '0.00012',
      isSettlement: false,
    };
    const c = await venue({ routes: [META, { path: PAGE_PATH, body: pageWith([estimate, docsRow()]) }] });
    const records = await c.getFundingHistory({ symbol: 'BTC', since: SETTLED_AT - H, until: SETTLED_AT + H });
    expect(records.map((r) => [r.time, r.rate.toString()])).toEqual([[SETTLED_AT, '0.00005']]);
  });

  it('derived: a row without isSettlement is an error, not summed as a settlement', async () => {
    const { isSettlement: _drop, ...row } = docsRow();
    const c = await venue({ routes: [META, { path: PAGE_PATH, body: pageWith([row]) }] });
    const err = await c
      .getFundingHistory({ symbol: 'BTC', since: SETTLED_AT - H, until: SETTLED_AT + H })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
  });

  it('refuses a limit that is not a positive integer before sending', async () => {
    const c = await venue({ routes: [META] });
    await expect(c.getFundingHistory({ symbol: 'BTC', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(server?.requests.filter((q) => q.path === PAGE_PATH)).toHaveLength(0);
  });
});

describe('subscribeTrades (trades.{contractId})', () => {
  const socket = (frames: unknown[]) => [
    {
      path: '/api/v1/public/ws',
      onMessage: (msg: string, send: (f: unknown) => void) => {
        const m = JSON.parse(msg) as { type?: string; channel?: string };
        if (m.type !== 'subscribe') return;
        send({ type: 'subscribed', channel: m.channel });
        for (const f of frames) send(f);
      },
    },
  ];

  it('2026 WS docs frame: isBuyerMaker false is a taker BUY; size in base units, ms time, ticketId as id', async () => {
    const c = await venue({ routes: [META], sockets: socket([fixture('docs-ws-trades-2026.json')]) });
    const trades: PublicTrade[] = [];
    const sub = await c.subscribeTrades('BTC', (t) => trades.push(t));
    const [t] = await until(() => (trades.length > 0 ? trades : undefined));
    expect(t?.symbol).toBe('BTC');
    expect(t?.side).toBe('buy');
    expect(t?.price.toString()).toBe('30065.12');
    expect(t?.size.toString()).toBe('0.01'); // value 300.6512 = price × size: base units
    expect(t?.price.mul(t.size).toString()).toBe('300.6512');
    expect(t?.timestamp).toBe(1_688_365_544_504);
    expect(t?.id).toBe('1');
    expect(server?.received.map((m) => JSON.parse(m) as Json)).toContainEqual({
      type: 'subscribe',
      channel: 'trades.10000001',
    });
    await sub.unsubscribe();
    await c.close();
  });

  it('derived: isBuyerMaker true is a taker SELL; a print without the flag is reported, not guessed', async () => {
    const base = fixture('docs-ws-trades-2026.json');
    const content = base.content as Json;
    const row = (content.data as Json[])[0] as Json;
    const { isBuyerMaker: _drop, ...noFlag } = row;
    const frame = (r: Json) => ({ ...base, content: { ...content, data: [r] } });
    const errors: DnError<object>[] = [];
    const c = await venue(
      { routes: [META], sockets: socket([frame(noFlag), frame({ ...row, ticketId: '2', isBuyerMaker: true })]) },
      { onStreamError: (e: DnError<object>) => errors.push(e) },
    );
    const trades: PublicTrade[] = [];
    await c.subscribeTrades('BTC', (t) => trades.push(t));
    await until(() => (trades.length > 0 ? trades : undefined));
    expect(trades.map((t) => [t.id, t.side])).toEqual([['2', 'sell']]);
    expect(errors.some((e) => e instanceof TransportError)).toBe(true);
    await c.close();
  });
});

describe('getLeverage (account trade settings)', () => {
  const assetPath = '/api/v2/private/account/getAccountAsset';

  it('V2 docs getAccountAsset: the contract setting (isSetMaxLeverage, maxLeverage 50) is the applied leverage', async () => {
    const c = await venue({ routes: [META, { path: assetPath, body: fixture('docs-v2-account-asset.json') }] }, V2);
    expect((await c.getLeverage('BTC'))?.toString()).toBe('50');
    // The position's own maxLeverage in the same answer agrees.
    expect((await c.getPositions())[0]?.leverage?.toString()).toBe('50');
  });

  it('derived: neither the contract nor the account default sets it (isSetMaxLeverage false) → undefined', async () => {
    const body = fixture('docs-v2-account-asset.json');
    const data = body.data as Json;
    const account = data.account as Json;
    const unset = { isSetMaxLeverage: false, maxLeverage: '0' };
    const c = await venue(
      {
        routes: [
          META,
          {
            path: assetPath,
            body: {
              ...body,
              data: { ...data, account: { ...account, contractIdToTradeSetting: { '10000001': unset } } },
            },
          },
        ],
      },
      V2,
    );
    expect(await c.getLeverage('BTC')).toBeUndefined();
  });
});

describe('subscribeAccount: reconnected', () => {
  it('emits reconnected once per re-established connection, not for the first', async () => {
    const snapshot = {
      type: 'trade-event',
      content: { event: 'Snapshot', version: '1', data: { order: [], position: [] } },
    };
    let connects = 0;
    const c = await venue(
      {
        routes: [META],
        sockets: [
          {
            path: '/api/v1/private/ws',
            onConnect: (send) => {
              connects++;
              send({ type: 'connected', sid: `s${connects}` });
              send(snapshot);
            },
          },
        ],
      },
      V2,
    );
    const events: AccountEvent[] = [];
    const sub = await c.subscribeAccount((e) => events.push(e));
    await until(() => (connects === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(0);

    const transport = c.client.accountStream()?.transport;
    transport?.reconnect('test drop');
    await until(() => (events.some((e) => e.type === 'reconnected') ? true : undefined));
    expect(connects).toBe(2);
    const r = events.find((e) => e.type === 'reconnected');
    expect(r?.type === 'reconnected' && r.at).toBe(1_734_597_585_432); // the client's clock
    transport?.reconnect('test drop 2');
    await until(() => (events.filter((e) => e.type === 'reconnected').length === 2 ? true : undefined));
    await sub.unsubscribe();
    await c.close();
  });
});
