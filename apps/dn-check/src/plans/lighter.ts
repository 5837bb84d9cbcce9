import type { FundingRate } from '@dn/core';
import { LighterVenue } from '@dn/lighter';
import { firstFrame } from '../check.js';
import { DAY_MS, HOUR_MS, rest, stream } from './common.js';
import { planFor, symbolOf, type VenuePlan } from './types.js';

/** Lighter: REST under `/api/v1`, one WebSocket (`/stream`) with channels per market. No public trades call. */
export const lighterPlan: VenuePlan = planFor(LighterVenue, {
  perpVenueEndpoints: {
    markets: 'GET /api/v1/orderBookDetails',
    book: 'GET /api/v1/orderBookOrders',
    funding: 'GET /api/v1/funding-rates',
    stats: 'GET /api/v1/orderBookDetails + funding-rates',
    candles: 'GET /api/v1/candles',
    bookStream: 'WS order_book/{m}',
  },
  venueChecks(c, ctx) {
    const marketId = async () => (await c.client.market(symbolOf(ctx))).marketIndex;
    return [
      rest('GET /api/v1/fundings', async () => {
        const end = ctx.now();
        const rows = await c.client.getFundingHistory({
          marketId: await marketId(),
          resolution: '1h',
          startTimestamp: end - DAY_MS,
          endTimestamp: end + HOUR_MS,
          countBack: 24,
        });
        return `${rows.length} rates in 24 h`;
      }),
      rest('GET /api/v1/orderBooks', async () => `${(await c.client.getOrderBooks()).order_books.length} order books`, {
        needsSymbol: false,
      }),
      stream('WS market_stats/{m}', () =>
        firstFrame(
          (on) => c.subscribeMarketStats(symbolOf(ctx), on),
          (s: { markPrice?: { toString(): string }; funding?: FundingRate }) =>
            `mark ${s.markPrice?.toString() ?? '—'}, funding ${s.funding?.rate.toString() ?? '—'}`,
          ctx.timeoutMs,
        ),
      ),
    ];
  },
  privateEndpoints: {
    balance: 'GET /api/v1/account (balance)',
    positions: 'GET /api/v1/account (positions)',
    openOrders: 'GET /api/v1/accountActiveOrders',
    fills: 'GET /api/v1/trades',
    fundingPayments: 'GET /api/v1/positionFunding',
  },
});
