/**
 * edgeX end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `EdgexVenue` (the PerpVenue) and its `client` (edgeX's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/edgex.ts
 *
 * The simulator hands out FAKE test credentials (an account id, an API key triple and a generated trading key that
 * only the simulator knows); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the
 * default).
 */
import { pathToFileURL } from 'node:url';
import { EdgexVenue } from '@dn/edgex';
import { startSimVenue } from '@dn/sim';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'edgex', seed: 1 });
  const credentials = sim.accounts[0]?.credentials ?? {};
  const edgex = new EdgexVenue({
    accountId: credentials.accountId,
    apiKey: credentials.apiKey,
    passphrase: credentials.passphrase,
    secret: credentials.secret,
    tradingPrivateKey: credentials.tradingPrivateKey,
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
  });
  try {
    const markets = await edgex.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    if (!btc) throw new Error('no BTC market');
    print(`markets: ${markets.length} (BTC tick ${btc.tickSize.toFixed()}, lot ${btc.lotSize.toFixed()})`);

    const book = await edgex.getOrderBook('BTC', 5);
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (!bid || !ask) throw new Error('empty BTC book');
    print(`book BTC: bid ${bid.toFixed()} / ask ${ask.toFixed()}`);

    const funding = await edgex.getFunding('BTC');
    print(`funding BTC: ${funding.rate.toFixed()} per ${funding.intervalHours} h (APR ${funding.apr.toFixed(4)})`);

    // edgeX's own API sits under `client`: here its contract table, in edgeX's contract ids.
    const contractId = (await edgex.client.symbols()).contractIdOf('BTC');
    print(`edgex contract id of BTC: ${contractId}`);

    // A buy 5 % under the best bid rests on the book; price rounded down to the tick, the market's minimum size.
    const price = bid.mul('0.95').div(btc.tickSize).floor().mul(btc.tickSize);
    const placed = await edgex.placeOrder({
      symbol: 'BTC',
      side: 'buy',
      type: 'limit',
      size: btc.minSize,
      price,
      clientOrderId: 'example-1',
    });
    print(`placed: ${placed.clientOrderId} ${placed.status} (buy ${btc.minSize.toFixed()} BTC @ ${price.toFixed()})`);
    const order = await edgex.getOrder({ symbol: 'BTC', clientOrderId: 'example-1' });
    print(`order: ${order?.status ?? 'not found'}`);

    await edgex.cancelOrder({ symbol: 'BTC', clientOrderId: 'example-1' });
    print(`cancelled: ${(await edgex.getOpenOrders('BTC')).length} open orders left`);
  } finally {
    await edgex.close();
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
