import type { AccountEvent, Decimal, FundingRate, OrderBookSnapshot, Subscription } from '@dn/core';
import type { LighterClient } from '../client.js';
import { hourlyRateFromWs } from '../funding-units.js';
import { wsMarketStatsSchema } from '../wire.js';
import { subscribeAccountChannels } from '../ws/account.js';
import { OrderBookStream } from '../ws/order-book.js';
import type { ClientIdMemory } from './client-ids.js';
import { fundingRateOf } from './market-data.js';

export interface OrderBookSubscriptionOptions {
  /** Levels per side (default 20). */
  depth?: number;
  /** Called when the book is rebuilt after a gap or a reconnect. */
  onResync?: () => void;
  onError?: (e: Error) => void;
}

/** Mark / index price and the current funding rate of one market, as `market_stats/{m}` pushes them. */
export interface LighterMarketStatsUpdate {
  symbol: string;
  markPrice?: Decimal;
  indexPrice?: Decimal;
  funding?: FundingRate;
}

/** `order_book/{m}`: snapshot + deltas kept as a book (gap → resync, see ws/order-book.ts). */
export async function subscribeVenueOrderBook(
  client: LighterClient,
  symbol: string,
  onBook: (book: OrderBookSnapshot) => void,
  options: OrderBookSubscriptionOptions,
): Promise<Subscription> {
  const m = await client.market(symbol);
  const channel = `order_book/${m.marketIndex}`;
  const s = new OrderBookStream(client.ws, m, {
    depth: options.depth ?? 20,
    onBook,
    ...(options.onResync ? { onResync: options.onResync } : {}),
    onError: (e) => {
      client.logger.warn({ venue: 'lighter', channel, error: e.message }, 'unreadable Lighter order_book frame');
      options.onError?.(e);
    },
  });
  await s.start();
  return { unsubscribe: async () => s.stop() };
}

/** `market_stats/{m}`: mark / index price and the current funding rate (percent per hour → fraction). */
export async function subscribeVenueMarketStats(
  client: LighterClient,
  symbol: string,
  onStats: (stats: LighterMarketStatsUpdate) => void,
): Promise<Subscription> {
  const m = await client.market(symbol);
  const channel = `market_stats/${m.marketIndex}`;
  const stream = client.ws;
  await stream.subscribe(channel, {
    onFrame: (frame) => {
      if (!(frame.type ?? '').endsWith('/market_stats')) return;
      const r = wsMarketStatsSchema.safeParse(frame['market_stats']);
      if (!r.success) {
        const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        client.logger.warn({ venue: 'lighter', channel, issues }, 'dropped an unreadable Lighter market_stats frame');
        return;
      }
      const s = r.data;
      const rate = s.current_funding_rate ?? s.funding_rate;
      onStats({
        symbol: m.symbol,
        ...(s.mark_price ? { markPrice: s.mark_price } : {}),
        ...(s.index_price ? { indexPrice: s.index_price } : {}),
        ...(rate ? { funding: fundingRateOf(client, m.symbol, hourlyRateFromWs(rate)) } : {}),
      });
    },
  });
  return { unsubscribe: async () => stream.unsubscribe(channel) };
}

/** Orders, fills, positions and balance of the account (see ws/account.ts). */
export async function subscribeVenueAccount(
  client: LighterClient,
  ids: ClientIdMemory,
  onEvent: (event: AccountEvent) => void,
): Promise<Subscription> {
  const markets = await client.loadMarkets();
  return subscribeAccountChannels({
    stream: client.ws,
    accountIndex: client.accountIndex,
    markets,
    auth: () => client.authToken(),
    clientOrderIdOf: (i) => ids.idOf(i),
    onEvent,
    logger: client.logger,
    ...(client.onStreamError ? { onError: client.onStreamError } : {}),
  });
}
