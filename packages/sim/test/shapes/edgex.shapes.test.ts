import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '@dn/core';
import { EdgexVenue, signV2Request } from '@dn/edgex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SimVenueHandle, startSimVenue } from '../../src/index.js';
import { type ShapeRules, shapeDiff } from './shape-diff.js';

/*
 * The simulator's edgeX front-end answers with the shapes the live venue sends: for each real fixture of
 * packages/edgex/test/fixtures/real (one mainnet capture, docs examples), the same request to the simulator gives the
 * same keys with the same JSON types (every number a string, `level` a number, `""` where unset). Keys the
 * simulator does not carry are listed in RULES with the reason.
 */

const FIXTURES = fileURLToPath(new URL('../../../edgex/test/fixtures/real/', import.meta.url));
const real = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8'));

const RULES: ShapeRules = {
  omitted: {
    // StarkEx / L1 plumbing the simulator has no use for.
    'data.global.appName': 'branding',
    'data.global.appEnv': 'branding',
    'data.global.appOnlySignOn': 'branding',
    'data.global.feeAccountId': 'no fee account',
    'data.global.feeAccountL2Key': 'no fee account',
    'data.global.poolAccountId': 'no pool account',
    'data.global.poolAccountL2Key': 'no pool account',
    'data.global.fastWithdrawAccountId': 'no withdrawals',
    'data.global.fastWithdrawAccountL2Key': 'no withdrawals',
    'data.global.fastWithdrawMaxAmount': 'no withdrawals',
    'data.global.fastWithdrawRegistryAddress': 'no withdrawals',
    'data.global.starkExMaxFundingRate': 'StarkEx internals',
    'data.global.starkExOrdersTreeHeight': 'StarkEx internals',
    'data.global.starkExPositionsTreeHeight': 'StarkEx internals',
    'data.global.starkExFundingValidityPeriod': 'StarkEx internals',
    'data.global.starkExPriceValidityPeriod': 'StarkEx internals',
    'data.global.maintenanceReason': 'no maintenance windows',
    'data.coinList[].iconUrl': 'UI',
    'data.coinList[].showStepSize': 'UI',
    'data.contractList[].iconUrl': 'UI',
    'data.contractList[].displayDigitMerge': 'UI',
    'data.contractList[].displayMinLeverage': 'UI',
    'data.contractList[].displayNewIcon': 'UI',
    'data.contractList[].displayHotIcon': 'UI',
    'data.contractList[].matchServerName': 'no match server',
    'data.contractList[].starkExOraclePriceQuorum': 'no oracle signers',
    'data.contractList[].starkExOraclePriceSignedAssetId': 'no oracle signers',
    'data.contractList[].starkExOraclePriceSigner': 'no oracle signers',
    'data.contractList[].riskTierList[].starkExRisk': 'StarkEx internals',
    'data.contractList[].riskTierList[].starkExUpperBound': 'StarkEx internals',
    'data.contractList[].maxOrderBuyPriceRatio': 'no price band',
    'data.contractList[].minOrderSellPriceRatio': 'no price band',
    'data.contractList[].maxMarketPositionSize': 'no market-order size cap',
    'data.contractList[].liquidateFeeRate': 'liquidation fee not modelled',
    'data.contractList[].enableDisplay': 'UI',
    'data.contractList[].enableOpenPosition': 'no reduce-only listings',
    'data.contractList[].fundingImpactMarginNotional': 'no impact-price funding',
    // Account extras.
    'data.account.l2KeyYCoordinate': 'stark key y not used',
    'data.account.clientAccountId': 'no subaccount labels',
    'data.account.isSystemAccount': 'no system accounts',
    'data.account.maxLeverageLimit': 'no account leverage cap',
    'data.account.createOrderPerMinuteLimit': 'no per-account rate limits',
    'data.account.createOrderDelayMillis': 'no per-account delays',
    'data.account.extraType': 'unused',
    'data.account.extraDataJson': 'unused',
    'data.collateralList[].legacyAmount': 'StarkEx legacy cash',
    'data.global.starkExCollateralCoin.iconUrl': 'UI',
    'data.positionAssetList[].riskRate': 'per-position risk figures not modelled (account-level riskValue is)',
    'data.positionAssetList[].riskValue': 'per-position risk figures not modelled (account-level riskValue is)',
    'data.positionAssetList[].worstClosePrice': 'no worst-close estimate',
    'data.positionList[].longTermStat': 'term statistics not modelled',
    'data.positionList[].shortTermStat': 'term statistics not modelled',
    'data.positionList[].longTotalStat': 'term statistics not modelled',
    'data.positionList[].shortTotalStat': 'term statistics not modelled',
    'data.positionList[].longTermCount': 'term statistics not modelled',
    'data.positionList[].shortTermCount': 'term statistics not modelled',
    'data.positionList[].longTermCreatedTime': 'term statistics not modelled',
    'data.positionList[].longTermUpdatedTime': 'term statistics not modelled',
    'data.positionList[].shortTermCreatedTime': 'term statistics not modelled',
    'data.positionList[].shortTermUpdatedTime': 'term statistics not modelled',
    // Envelope trace fields.
    traceId: 'no tracing',
  },
};

let venue: SimVenueHandle;
let client: EdgexVenue;
let creds: { accountId: string; apiKey: string; passphrase: string; secret: string };
const clock = new VirtualClock({ startMs: Date.UTC(2026, 0, 1, 0, 30), mode: 'stepped' });

async function get(path: string, query: Record<string, string> = {}, signed = false): Promise<Record<string, unknown>> {
  const qs = new URLSearchParams(query);
  const headers = signed
    ? signV2Request({ timestamp: clock.now(), method: 'GET', path, query }, creds).headers
    : undefined;
  const res = await fetch(
    `${venue.restUrl}${path}${qs.size > 0 ? `?${qs}` : ''}`,
    headers ? { headers: { ...headers } } : {},
  );
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  venue = await startSimVenue({ venue: 'edgex', seed: 5, clock });
  creds = venue.accounts[0]?.credentials as typeof creds;
  client = new EdgexVenue({ ...creds, restUrl: venue.restUrl, wsUrl: venue.wsUrl, clock });
  await client.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
});

afterAll(async () => {
  await client?.close();
  await venue?.close();
});

describe('simulated edgeX REST shapes = real payloads', () => {
  const P = '/api/v2/public';
  const cases: [string, string, () => Record<string, string>, boolean][] = [
    ['capture-mainnet-metadata.json', `${P}/meta/getMetaData`, () => ({}), false],
    [
      'capture-mainnet-latest-funding.json',
      `${P}/funding/getLatestFundingRate`,
      () => ({ contractId: '10000001' }),
      false,
    ],
    ['docs-latest-funding.json', `${P}/funding/getLatestFundingRate`, () => ({}), false],
    ['docs-ticker.json', `${P}/quote/getTicker`, () => ({ contractId: '10000001' }), false],
    ['docs-depth.json', `${P}/quote/getDepth`, () => ({ contractId: '10000001', level: '15' }), false],
    [
      'docs-kline.json',
      `${P}/quote/getKline`,
      () => ({ contractId: '10000001', klineType: 'MINUTE_1', priceType: 'LAST_PRICE', size: '10' }),
      false,
    ],
    [
      'docs-v2-account-asset.json',
      '/api/v2/private/account/getAccountAsset',
      () => ({ accountId: creds.accountId }),
      true,
    ],
  ];
  for (const [file, path, query, signed] of cases) {
    it(`${path} (${file})`, async () => {
      const sim = await get(path, query(), signed);
      expect(shapeDiff(real(file), sim, RULES)).toEqual([]);
    });
  }
});

describe('simulated edgeX funding history and trade prints = real payloads', () => {
  it('/api/v2/public/funding/getFundingRatePage (docs-funding-rate-page.json), with a settled row', async () => {
    await clock.advance(5 * 3_600_000);
    const sim = await get('/api/v2/public/funding/getFundingRatePage', {
      contractId: '10000001',
      size: '1',
      filterSettlementFundingRate: 'true',
    });
    const rows = (sim.data as { dataList: unknown[] }).dataList;
    expect(rows.length).toBe(1);
    expect(shapeDiff(real('docs-funding-rate-page.json'), sim, RULES)).toEqual([]);
  });

  it('WS trades.{contractId} push (docs-ws-trades-2026.json)', async () => {
    const ws = new WebSocket(`${venue.wsUrl}/api/v1/public/ws`);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', channel: 'trades.10000001' }));
    await new Promise((r) => setTimeout(r, 100));
    await client.placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.01' });
    const started = Date.now();
    while (!frames.some((f) => f.type === 'quote-event') && Date.now() - started < 3_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    ws.close();
    const push = frames.find((f) => f.type === 'quote-event');
    expect(shapeDiff(real('docs-ws-trades-2026.json'), push, RULES)).toEqual([]);
  });
});
