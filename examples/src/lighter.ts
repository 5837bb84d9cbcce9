/**
 * Lighter end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `LighterVenue` (the PerpVenue) and its `client` (Lighter's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/lighter.ts
 *
 * The simulator hands out FAKE test credentials (an account index, an API key index and a generated key that only the
 * simulator knows); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { pathToFileURL } from 'node:url';
import { Decimal } from '@dn/core';
import { LighterVenue } from '@dn/lighter';
import { startSimVenue } from '@dn/sim';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'lighter', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
  const lighter = new LighterVenue({ ...credentials, restUrl: sim.restUrl, wsUrl: `${sim.wsUrl}/stream` });
  try {
    const markets = await lighter.getMarkets();
    const eth = markets.find((m) => m.symbol === 'ETH');
    if (!eth) throw new Error('no ETH market');
    print(`markets: ${markets.length} (ETH tick ${eth.tickSize.toFixed()}, lot ${eth.lotSize.toFixed()})`);

    const book = await lighter.getOrderBook('ETH', 5);
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (!bid || !ask) throw new Error('empty ETH book');
    print(`book ETH: bid ${bid.toFixed()} / ask ${ask.toFixed()}`);

    const funding = await lighter.getFunding('ETH');
    print(`funding ETH: ${funding.rate.toFixed()} per ${funding.intervalHours} h (APR ${funding.apr.toFixed(4)})`);

    // Lighter's own API sits under `client`: here its market table, in Lighter's integer market ids.
    const market = await lighter.client.market('ETH');
    print(`lighter market id of ETH: ${market.marketIndex}`);

    // A buy 5 % under the best bid rests on the book; rounded down to the tick.
    const price = bid.mul('0.95').toDecimalPlaces(market.priceDecimals, Decimal.ROUND_DOWN);
    const placed = await lighter.placeOrder({
      symbol: 'ETH',
      side: 'buy',
      type: 'limit',
      size: eth.minSize,
      price,
      clientOrderId: 'example-1',
    });
    print(`placed: ${placed.clientOrderId} ${placed.status} (buy ${eth.minSize.toFixed()} ETH @ ${price.toFixed()})`);
    const order = await lighter.getOrder({ symbol: 'ETH', clientOrderId: 'example-1' });
    print(`order: ${order?.status ?? 'not found'}`);

    await lighter.cancelOrder({ symbol: 'ETH', clientOrderId: 'example-1' });
    print(`cancelled: ${(await lighter.getOpenOrders('ETH')).length} open orders left`);
  } finally {
    await lighter.close();
    await sim.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
