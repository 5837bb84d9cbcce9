/**
 * Lighter end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `LighterVenue` (the PerpVenue) and its `client` (Lighter's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/lighter.ts
 *
 * The simulator hands out FAKE test credentials (an account index, an API key index and a generated key that only the
 * simulator knows); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { Decimal } from '@dn/core';
import { LighterVenue } from '@dn/lighter';
import { startSimVenue } from '@dn/sim';
import { type Print, placeReadCancel, runIfScript, showMarket } from './perp-venue.js';

export async function main(print: Print = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'lighter', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { accountIndex: string; apiKeyIndex: string; privateKey: string };
  const lighter = new LighterVenue({ ...credentials, restUrl: sim.restUrl, wsUrl: `${sim.wsUrl}/stream` });
  try {
    const { market: eth, bid } = await showMarket(lighter, 'ETH', print);

    // Lighter's own API sits under `client`: here its market table, in Lighter's integer market ids.
    const market = await lighter.client.market('ETH');
    print(`lighter market id of ETH: ${market.marketIndex}`);

    // A buy 5 % under the best bid rests on the book; rounded down to the tick.
    const price = bid.mul('0.95').toDecimalPlaces(market.priceDecimals, Decimal.ROUND_DOWN);
    await placeReadCancel(lighter, { symbol: 'ETH', size: eth.minSize, price, clientOrderId: 'example-1' }, print);
  } finally {
    await lighter.close();
    await sim.close();
  }
}

runIfScript(import.meta.url, main);
