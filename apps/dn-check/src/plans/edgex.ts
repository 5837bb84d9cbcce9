import type { Subscription } from '@dn/core';
import { type EdgexFundingRate, type EdgexTicker, type EdgexTrade, EdgexVenue } from '@dn/edgex';
import { firstFrame } from '../check.js';
import { rest, stream } from './common.js';
import { planFor, symbolOf, type VenuePlan } from './types.js';

/** edgeX: REST under `/api/{v}/public|private/…`, one public quote WebSocket with channels per contract. */
export const edgexPlan: VenuePlan = planFor(EdgexVenue, {
  perpVenueEndpoints: {
    markets: 'GET meta/getMetaData',
    book: 'GET quote/getDepth',
    funding: 'GET funding/getLatestFundingRate',
    stats: 'GET quote/getTicker (all)',
    candles: 'GET quote/getKline',
    bookStream: 'WS depth.{c}.15',
  },
  venueChecks(c, ctx) {
    const contractId = async () => (await c.client.symbols()).contractIdOf(symbolOf(ctx));
    /** A public channel of the probe symbol's contract: the row passes on its first frame. */
    const contractStream = <T>(
      endpoint: string,
      subscribe: (contractId: string, on: (frame: T) => void) => Promise<Subscription>,
      describe: (frame: T) => string,
      options?: { mayBeQuiet?: boolean },
    ) =>
      stream(
        endpoint,
        async () => {
          const id = await contractId();
          return firstFrame((on: (frame: T) => void) => subscribe(id, on), describe, ctx.timeoutMs);
        },
        options,
      );
    return [
      rest('GET funding/getFundingRatePage', async () => {
        const page = await c.client.getFundingRatePage({ contractId: await contractId(), size: 24 });
        return `${page.dataList.length} settled rates`;
      }),
      rest(
        'GET meta/getServerTime',
        async () => `server time ${new Date(await c.client.getServerTime()).toISOString()}`,
        {
          needsSymbol: false,
        },
      ),
      contractStream(
        'WS ticker.{c}',
        (id, on: (t: EdgexTicker) => void) => c.client.publicStream().subscribeTicker(id, on),
        (t) => `ticker of contract ${t.contractId}`,
      ),
      contractStream(
        'WS fundingRate.{c}',
        (id, on: (f: EdgexFundingRate) => void) => c.client.publicStream().subscribeFunding(id, on),
        (f) => `rate ${f.fundingRate.toString()}`,
        { mayBeQuiet: true },
      ),
      contractStream(
        'WS trades.{c}',
        (id, on: (t: EdgexTrade) => void) => c.client.publicStream().subscribeTrades(id, on),
        (t) => `trade at ${t.price}`,
        { mayBeQuiet: true },
      ),
    ];
  },
  privateEndpoints: {
    balance: 'GET account/getAccountAsset',
    positions: 'GET account/getAccountAsset (positions)',
    openOrders: 'GET order/getActiveOrderPage',
    fills: 'GET order/getHistoryOrderFillTransactionPage',
    fundingPayments: 'GET account/getPositionTransactionPage',
  },
});
