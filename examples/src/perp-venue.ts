/**
 * The half of every example that is the same on each venue, because it goes through `PerpVenue` alone: a market, its
 * book and its funding; then one resting order's life (placed, read back by client id, cancelled). Each venue's
 * example holds the other half — building the connector, the venue's own `client` API, its price and size rules —
 * and calls these two in between. Read them once; they run unchanged on all four connectors.
 */
import { pathToFileURL } from 'node:url';
import type { Decimal, Market, PerpVenue } from '@dn/core';

export type Print = (line: string) => void;

/** Prints the market's tick and lot, the top of its book and its funding; returns the market and the best bid. */
export async function showMarket(
  venue: PerpVenue,
  symbol: string,
  print: Print,
): Promise<{ market: Market; bid: Decimal }> {
  const markets = await venue.getMarkets();
  const market = markets.find((m) => m.symbol === symbol);
  if (!market) throw new Error(`no ${symbol} market`);
  print(`markets: ${markets.length} (${symbol} tick ${market.tickSize.toFixed()}, lot ${market.lotSize.toFixed()})`);

  const book = await venue.getOrderBook(symbol, 5);
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (!bid || !ask) throw new Error(`empty ${symbol} book`);
  print(`book ${symbol}: bid ${bid.toFixed()} / ask ${ask.toFixed()}`);

  const funding = await venue.getFunding(symbol);
  print(`funding ${symbol}: ${funding.rate.toFixed()} per ${funding.intervalHours} h (APR ${funding.apr.toFixed(4)})`);
  return { market, bid };
}

/** Places a resting limit buy, reads it back by its client id (the acknowledgement is not the order), cancels it. */
export async function placeReadCancel(
  venue: PerpVenue,
  order: { symbol: string; size: Decimal; price: Decimal; clientOrderId: string },
  print: Print,
): Promise<void> {
  const { symbol, size, price, clientOrderId } = order;
  const placed = await venue.placeOrder({ symbol, side: 'buy', type: 'limit', size, price, clientOrderId });
  print(`placed: ${placed.clientOrderId} ${placed.status} (buy ${size.toFixed()} ${symbol} @ ${price.toFixed()})`);
  const found = await venue.getOrder({ symbol, clientOrderId });
  print(`order: ${found?.status ?? 'not found'}`);

  await venue.cancelOrder({ symbol, clientOrderId });
  print(`cancelled: ${(await venue.getOpenOrders(symbol)).length} open orders left`);
}

/** Runs `main` when the file is run as a script (`tsx src/<venue>.ts`), not when a test imports it. */
export function runIfScript(moduleUrl: string, main: () => Promise<void>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
