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
import { EdgexVenue } from '@dn/edgex';
import { startSimVenue } from '@dn/sim';
import { type Print, placeReadCancel, runIfScript, showMarket } from './perp-venue.js';

export async function main(print: Print = console.log): Promise<void> {
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
    const { market: btc, bid } = await showMarket(edgex, 'BTC', print);

    // edgeX's own API sits under `client`: here its contract table, in edgeX's contract ids.
    const contractId = (await edgex.client.symbols()).contractIdOf('BTC');
    print(`edgex contract id of BTC: ${contractId}`);

    // A buy 5 % under the best bid rests on the book; price rounded down to the tick, the market's minimum size.
    const price = bid.mul('0.95').div(btc.tickSize).floor().mul(btc.tickSize);
    await placeReadCancel(edgex, { symbol: 'BTC', size: btc.minSize, price, clientOrderId: 'example-1' }, print);
  } finally {
    await edgex.close();
    await sim.close();
  }
}

runIfScript(import.meta.url, main);
