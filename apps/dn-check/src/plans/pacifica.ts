import { type PacificaPriceInfo, PacificaVenue, type PacificaWsPublicTrade } from '@dn/pacifica';
import { firstFrame } from '../check.js';
import { rest, stream } from './common.js';
import { planFor, symbolOf, type VenuePlan } from './types.js';

/** Pacifica: REST under `/api/v1`, one WebSocket (`/ws`) carrying every subscription. Venue symbols are unified. */
export const pacificaPlan: VenuePlan = planFor(PacificaVenue, {
  perpVenueEndpoints: {
    markets: 'GET /info',
    book: 'GET /book',
    funding: 'GET /info/prices',
    stats: 'GET /info/prices (all)',
    candles: 'GET /kline',
    bookStream: 'WS book',
  },
  venueChecks(c, ctx) {
    return [
      rest('GET /funding_rate/history', async () => {
        const page = await c.client.rest.getFundingRateHistory({ symbol: symbolOf(ctx), limit: 24 });
        return `${page.items.length} rates`;
      }),
      rest(
        'GET /trades',
        async () => `${(await c.client.rest.getRecentTrades({ symbol: symbolOf(ctx) })).length} trades`,
      ),
      stream('WS prices', () =>
        firstFrame(
          (on) => c.client.subscribePrices(on),
          (p: PacificaPriceInfo[]) => `${p.length} markets`,
          ctx.timeoutMs,
        ),
      ),
      stream(
        'WS trades',
        () =>
          firstFrame(
            (on) => c.client.subscribeTrades(symbolOf(ctx), on),
            (t: PacificaWsPublicTrade[]) => `${t.length} trades`,
            ctx.timeoutMs,
          ),
        { mayBeQuiet: true },
      ),
    ];
  },
  privateEndpoints: {
    balance: 'GET /account',
    positions: 'GET /positions',
    openOrders: 'GET /orders',
    fills: 'GET /trades/history',
    fundingPayments: 'GET /funding/history',
  },
});
