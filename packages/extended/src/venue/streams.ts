import {
  type AccountEvent,
  bookSubscriptionDepth,
  type OrderBookSnapshot,
  type PublicTrade,
  SequenceGapError,
  type SubscribeOrderBookOptions,
  TransportError,
  type UnifiedSymbol,
} from '@dn/core';
import type { ExtendedClient } from '../client.js';
import { EXTENDED_VENUE } from '../config.js';
import { toPublicTrade } from '../mappers.js';
import type { ExtendedAccountUpdate, ExtendedMarket } from '../wire.js';
import { decodeAccountMessage } from '../ws/account.js';
import { ExtendedBookSync } from '../ws/order-book.js';
import { deliver, type ExtendedSubscription } from '../ws/streams.js';

/**
 * Book of one market from `/orderbooks/{market}`: snapshot then deltas checked by `seq`; on a gap the connection is
 * dropped and re-opened, which brings a fresh snapshot. `onBook` gets the top `options.depth` levels per side (else
 * the client's `bookDepth`, else 50): only those are turned into Decimals on each update. Depth 1 reads the venue's
 * best bid/ask stream (`?depth=1`: a snapshot every 10 ms, docs) instead of the full book (every 100 ms, and every
 * level of each delta applied just to read the top).
 * @throws InvalidInputError when `options.depth` is not a positive integer (nothing is subscribed)
 */
export async function subscribeBook(
  client: ExtendedClient,
  symbol: UnifiedSymbol,
  market: ExtendedMarket,
  onBook: (book: OrderBookSnapshot) => void,
  options?: SubscribeOrderBookOptions,
): Promise<ExtendedSubscription> {
  const depth = bookSubscriptionDepth(options, client.options.bookDepth ?? 50, EXTENDED_VENUE);
  const { onStreamError } = client.options;
  const sync = new ExtendedBookSync({
    symbol,
    tickSize: market.tradingConfig.minPriceChange,
    lotSize: market.tradingConfig.minOrderSizeChange,
  });
  let generation = -1;
  let sub: ExtendedSubscription | undefined;
  sub = await client.subscribe({
    path: `/orderbooks/${encodeURIComponent(market.name)}${depth === 1 ? '?depth=1' : ''}`,
    staleAfterMs: client.options.bookStaleAfterMs ?? 30_000,
    onMessage: (msg, gen) => {
      if (gen !== generation) {
        // `seq` restarts on every connection: never chain a new connection's deltas onto the old book.
        generation = gen;
        sync.reset();
      }
      const r = sync.apply(msg);
      if (r === 'updated') deliver(() => onBook(sync.snapshot(depth)), onStreamError);
      else if (r === 'resync') {
        // Reported, not thrown: the stream heals itself by reconnecting (the venue re-sends a snapshot).
        onStreamError?.(new SequenceGapError({ symbol, reason: 'gap', mode: 'increment' }));
        sub?.reconnect('sequence gap');
      }
    },
  });
  return sub;
}

/**
 * The private `/account` stream with the venue's payloads and their unified events: the full state on connect
 * (balance, positions, open orders), then order changes (including asynchronous rejections), fills, positions,
 * balance. Unreadable rows are reported; the others are still delivered.
 */
export async function subscribeAccountStream(
  client: ExtendedClient,
  symbolOf: (market: string) => UnifiedSymbol,
  onUpdate: (type: string, update: ExtendedAccountUpdate, events: AccountEvent[]) => void,
): Promise<ExtendedSubscription> {
  const { onStreamError } = client.options;
  await client.loadMarkets();
  return client.subscribe({
    path: '/account',
    auth: true,
    // Quiet accounts are normal; liveness comes from the ping/pong heartbeat.
    staleAfterMs: false,
    // The socket authenticates with its headers, so it is the account stream again as soon as it is open.
    onReconnected: () =>
      deliver(() => onUpdate('RECONNECTED', {}, [{ type: 'reconnected', at: client.now() }]), onStreamError),
    onMessage: (msg) => {
      const decoded = decodeAccountMessage(msg, symbolOf);
      if (decoded.problems.length > 0) {
        onStreamError?.(
          new TransportError(
            `Unreadable rows in an /account ${decoded.type || ''} message (the other rows were delivered)`,
            { venue: EXTENDED_VENUE },
            { details: decoded.problems.join(' | ').slice(0, 1_000) },
          ),
        );
      }
      if (decoded.events.length > 0 || decoded.problems.length === 0) {
        deliver(() => onUpdate(decoded.type, decoded.update, decoded.events), onStreamError);
      }
    },
  });
}

/**
 * Public prints of one market from `/publicTrades/{market}` (`S` = the taker's side), oldest first within a frame.
 * DELEVERAGE rows (ADL: a position closed against another at its bankruptcy price) are left out: no taker crossed the
 * book, and a print far from the mid would read as a market order arriving there.
 */
export async function subscribePublicTrades(
  client: ExtendedClient,
  symbol: UnifiedSymbol,
  market: ExtendedMarket,
  onTrade: (trade: PublicTrade) => void,
): Promise<ExtendedSubscription> {
  const { onStreamError } = client.options;
  return client.subscribeTrades(market.name, (rows) => {
    const prints = rows
      .filter((t) => t.m === market.name && t.tT.toUpperCase() !== 'DELEVERAGE')
      .map((t) => toPublicTrade(symbol, t))
      .sort((a, b) => a.timestamp - b.timestamp);
    for (const t of prints) deliver(() => onTrade(t), onStreamError);
  });
}
