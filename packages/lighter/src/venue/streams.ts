import {
  type AccountEvent,
  bookSubscriptionDepth,
  type Decimal,
  type FundingRate,
  type OrderBookSnapshot,
  type PublicTrade,
  type SubscribeOrderBookOptions,
  type Subscription,
} from '@dn/core';
import type { z } from 'zod';
import type { LighterClient } from '../client.js';
import { hourlyRateFromWs } from '../funding-units.js';
import { toPublicTrade } from '../mappers.js';
import { wsMarketStatsSchema, wsTradesSchema } from '../wire.js';
import { subscribeAccountChannels } from '../ws/account.js';
import { OrderBookStream } from '../ws/order-book.js';
import type { LighterFrame } from '../ws/stream.js';
import type { ClientIdMemory } from './client-ids.js';
import { fundingRateOf } from './market-data.js';

/** Core's `SubscribeOrderBookOptions` (`depth`: levels per side, default 20) plus Lighter's stream hooks. */
export interface OrderBookSubscriptionOptions extends SubscribeOrderBookOptions {
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

/**
 * `order_book/{m}`: snapshot + deltas kept as a book (gap → resync, see ws/order-book.ts); each snapshot carries the
 * top `options.depth` levels per side (default 20), only those built per update.
 * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
 */
export async function subscribeVenueOrderBook(
  client: LighterClient,
  symbol: string,
  onBook: (book: OrderBookSnapshot) => void,
  options: OrderBookSubscriptionOptions,
): Promise<Subscription> {
  const depth = bookSubscriptionDepth(options, 20, 'lighter');
  const m = await client.market(symbol);
  const channel = `order_book/${m.marketIndex}`;
  const s = new OrderBookStream(client.ws, m, {
    depth,
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

/**
 * Subscribes `channel` and hands `onData` every frame of an accepted type that `schema` reads (from `bodyOf(frame)`);
 * an unreadable frame is logged with its issues and dropped, so one bad frame never ends the stream.
 */
async function subscribeReadFrames<T>(
  client: LighterClient,
  channel: string,
  reader: {
    /** Names the frame in the log line. */
    what: string;
    accepts: (type: string) => boolean;
    schema: z.ZodType<T>;
    bodyOf?: (frame: LighterFrame) => unknown;
    onData: (data: T, type: string) => void;
  },
): Promise<Subscription> {
  const stream = client.ws;
  await stream.subscribe(channel, {
    onFrame: (frame) => {
      const type = frame.type ?? '';
      if (!reader.accepts(type)) return;
      const r = reader.schema.safeParse(reader.bodyOf ? reader.bodyOf(frame) : frame);
      if (!r.success) {
        const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        client.logger.warn({ venue: 'lighter', channel, issues }, `dropped an unreadable Lighter ${reader.what} frame`);
        return;
      }
      reader.onData(r.data, type);
    },
  });
  return { unsubscribe: async () => stream.unsubscribe(channel) };
}

/** `market_stats/{m}`: mark / index price and the current funding rate (percent per hour → fraction). */
export async function subscribeVenueMarketStats(
  client: LighterClient,
  symbol: string,
  onStats: (stats: LighterMarketStatsUpdate) => void,
): Promise<Subscription> {
  const m = await client.market(symbol);
  return subscribeReadFrames(client, `market_stats/${m.marketIndex}`, {
    what: 'market_stats',
    accepts: (type) => type.endsWith('/market_stats'),
    schema: wsMarketStatsSchema,
    bodyOf: (frame) => frame['market_stats'],
    onData: (s) => {
      const rate = s.current_funding_rate ?? s.funding_rate;
      onStats({
        symbol: m.symbol,
        ...(s.mark_price ? { markPrice: s.mark_price } : {}),
        ...(s.index_price ? { indexPrice: s.index_price } : {}),
        ...(rate ? { funding: fundingRateOf(client, m.symbol, hourlyRateFromWs(rate)) } : {}),
      });
    },
  });
}

const MAX_SEEN_PRINTS = 5_000;

/**
 * `trade/{m}`: the market's prints as they happen. The `subscribed/trade` snapshot (recent history, also after every
 * reconnect) only seeds the de-duplication by trade id, so nothing is replayed; `trades` and `liquidation_trades` are
 * both read and a trade id is delivered once. Taker side from `is_maker_ask` (true: the maker sold, the taker bought).
 */
export async function subscribeVenueTrades(
  client: LighterClient,
  symbol: string,
  onTrade: (trade: PublicTrade) => void,
): Promise<Subscription> {
  // Trade ids already delivered (or seeded by a snapshot), oldest dropped first past MAX_SEEN_PRINTS.
  const seen = new Set<string>();
  const m = await client.market(symbol);
  return subscribeReadFrames(client, `trade/${m.marketIndex}`, {
    what: 'trade',
    accepts: (type) => type.startsWith('subscribed/') || type.startsWith('update/'),
    schema: wsTradesSchema,
    onData: (data, type) => {
      const snapshot = type.startsWith('subscribed/');
      const rows = [...data.trades, ...data.liquidation_trades].sort((a, b) => a.timestamp - b.timestamp);
      for (const t of rows) {
        const id = t.trade_id.toString();
        if (t.market_id !== m.marketIndex || seen.has(id)) continue;
        seen.add(id);
        if (seen.size > MAX_SEEN_PRINTS) seen.delete(seen.values().next().value as string);
        if (!snapshot) onTrade(toPublicTrade(t, m));
      }
    },
  });
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
    now: () => client.clock.now(),
    logger: client.logger,
    ...(client.onStreamError ? { onError: client.onStreamError } : {}),
  });
}
