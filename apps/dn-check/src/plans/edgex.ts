import type { PerpVenue } from '@dn/core';
import { type EdgexFundingRate, type EdgexTicker, type EdgexTrade, EdgexVenue } from '@dn/edgex';
import { type Check, firstFrame } from '../check.js';
import { rest, stream } from './common.js';
import { narrowTo, type PlanContext, symbolOf, type VenuePlan } from './types.js';

const edgexOf = narrowTo(EdgexVenue);

/** edgeX: REST under `/api/{v}/public|private/…`, one public quote WebSocket with channels per contract. */
export const edgexPlan: VenuePlan = {
  perpVenueEndpoints: {
    markets: 'GET meta/getMetaData',
    book: 'GET quote/getDepth',
    funding: 'GET funding/getLatestFundingRate',
    stats: 'GET quote/getTicker (all)',
    candles: 'GET quote/getKline',
    bookStream: 'WS depth.{c}.15',
  },
  venueChecks(client: PerpVenue, ctx: PlanContext): Check[] {
    const c = edgexOf(client);
    const contractId = async () => (await c.client.symbols()).contractIdOf(symbolOf(ctx));
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
      stream('WS ticker.{c}', async () => {
        const id = await contractId();
        return firstFrame(
          (on) => c.client.publicStream().subscribeTicker(id, on),
          (t: EdgexTicker) => `ticker of contract ${t.contractId}`,
          ctx.timeoutMs,
        );
      }),
      stream(
        'WS fundingRate.{c}',
        async () => {
          const id = await contractId();
          return firstFrame(
            (on) => c.client.publicStream().subscribeFunding(id, on),
            (f: EdgexFundingRate) => `rate ${f.fundingRate.toString()}`,
            ctx.timeoutMs,
          );
        },
        { mayBeQuiet: true },
      ),
      stream(
        'WS trades.{c}',
        async () => {
          const id = await contractId();
          return firstFrame(
            (on) => c.client.publicStream().subscribeTrades(id, on),
            (t: EdgexTrade) => `trade at ${t.price}`,
            ctx.timeoutMs,
          );
        },
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
};
