import { type ExtendedFundingRecord, type ExtendedPublicTrade, ExtendedVenue } from '@dn/extended';
import { firstFrame } from '../check.js';
import { DAY_MS, rest, stream } from './common.js';
import { planFor, symbolOf, type VenuePlan } from './types.js';

/** Extended: REST under `/api/v1`, one WebSocket per topic under `/stream.extended.exchange/v1`. */
export const extendedPlan: VenuePlan = planFor(ExtendedVenue, {
  perpVenueEndpoints: {
    markets: 'GET /info/markets',
    book: 'GET /info/markets/{m}/orderbook',
    funding: 'GET /info/markets/{m}/stats',
    stats: 'GET /info/markets (stats)',
    candles: 'GET /info/candles/{m}/trades',
    bookStream: 'WS /orderbooks/{m}',
  },
  venueChecks(c, ctx) {
    const market = async () => (await c.marketOf(symbolOf(ctx))).name;
    return [
      rest('GET /info/{m}/funding', async () => {
        const rows = await c.client.getFundingHistory(await market(), ctx.now() - DAY_MS);
        return `${rows.length} rates in 24 h${rows[0] ? `, last ${rows[0].f.toString()}` : ''}`;
      }),
      rest(
        'GET /info/markets/{m}/trades',
        async () => `${(await c.client.api.getPublicTrades({ market: await market() })).length} trades`,
      ),
      stream('WS /prices/mark/{m}', () =>
        firstFrame<{ price: { toString(): string } }>(
          async (on) => c.client.subscribePrice(await market(), 'mark', on),
          (p) => `mark ${p.price.toString()}`,
          ctx.timeoutMs,
        ),
      ),
      stream(
        'WS /publicTrades/{m}',
        () =>
          firstFrame(
            async (on) => c.client.subscribeTrades(await market(), on),
            (t: ExtendedPublicTrade[]) => `${t.length} trades`,
            ctx.timeoutMs,
          ),
        { mayBeQuiet: true },
      ),
      stream(
        'WS /funding/{m}',
        () =>
          firstFrame(
            async (on) => c.client.subscribeFundingRates(await market(), on),
            (f: ExtendedFundingRecord) => `rate ${f.f.toString()}`,
            ctx.timeoutMs,
          ),
        // Pushed when a rate is applied (hourly): silence within seconds is normal.
        { mayBeQuiet: true },
      ),
    ];
  },
  privateEndpoints: {
    balance: 'GET /user/balance',
    positions: 'GET /user/positions',
    openOrders: 'GET /user/orders',
    fills: 'GET /user/trades',
    fundingPayments: 'GET /user/funding/history',
  },
});
