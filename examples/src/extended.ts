/**
 * Extended end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `ExtendedVenue` (the PerpVenue) and its `client` (Extended's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/extended.ts
 *
 * The simulator hands out FAKE test credentials (an API key that says so, a Stark key derived from a public test tag
 * and a vault number); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { pathToFileURL } from 'node:url';
import { Decimal } from '@dn/core';
import { ExtendedVenue } from '@dn/extended';
import { startSimVenue } from '@dn/sim';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'extended', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { apiKey: string; starkPrivateKey: string; vault: string };
  const extended = new ExtendedVenue({
    ...credentials,
    // Extended serves REST under /api/v1 and one WebSocket per topic under /stream.extended.exchange/v1.
    restUrl: `${sim.restUrl}/api/v1`,
    wsUrl: `${sim.wsUrl}/stream.extended.exchange/v1`,
  });
  try {
    const markets = await extended.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    if (!btc) throw new Error('no BTC market');
    print(`markets: ${markets.length} (BTC tick ${btc.tickSize.toFixed()}, lot ${btc.lotSize.toFixed()})`);

    const book = await extended.getOrderBook('BTC', 5);
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (!bid || !ask) throw new Error('empty BTC book');
    print(`book BTC: bid ${bid.toFixed()} / ask ${ask.toFixed()}`);

    const funding = await extended.getFunding('BTC');
    print(`funding BTC: ${funding.rate.toFixed()} per ${funding.intervalHours} h (APR ${funding.apr.toFixed(4)})`);

    // Extended's own API sits under `client`: markets by the venue's name, with the Starknet asset ids orders sign.
    const market = await extended.client.market(btc.venueSymbol);
    print(`extended market ${market.name}: synthetic asset ${market.l2Config.syntheticId}`);

    // A buy 5 % under the best bid rests on the book; rounded down to the tick.
    const price = bid.mul('0.95').div(btc.tickSize).toDecimalPlaces(0, Decimal.ROUND_DOWN).mul(btc.tickSize);
    const placed = await extended.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      size: btc.minSize,
      price,
      clientOrderId: 'example-1',
    });
    print(`placed: ${placed.clientOrderId} ${placed.status} (buy ${btc.minSize.toFixed()} BTC @ ${price.toFixed()})`);
    // Placement is asynchronous on Extended: the acknowledgement is not the order; read it back by client id.
    const order = await extended.getOrder({ symbol: 'BTC', clientOrderId: 'example-1' });
    print(`order: ${order?.status ?? 'not found'}`);

    await extended.cancelOrder({ symbol: 'BTC', clientOrderId: 'example-1' });
    print(`cancelled: ${(await extended.getOpenOrders('BTC')).length} open orders left`);
  } finally {
    await extended.close();
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
