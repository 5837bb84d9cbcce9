/**
 * Extended end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `ExtendedVenue` (the PerpVenue) and its `client` (Extended's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/extended.ts
 *
 * The simulator hands out FAKE test credentials (an API key that says so, a Stark key derived from a public test tag
 * and a vault number); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { Decimal } from '@dn/core';
import { ExtendedVenue } from '@dn/extended';
import { startSimVenue } from '@dn/sim';
import { type Print, placeReadCancel, runIfScript, showMarket } from './perp-venue.js';

export async function main(print: Print = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'extended', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { apiKey: string; starkPrivateKey: string; vault: string };
  const extended = new ExtendedVenue({
    ...credentials,
    // Extended serves REST under /api/v1 and one WebSocket per topic under /stream.extended.exchange/v1.
    restUrl: `${sim.restUrl}/api/v1`,
    wsUrl: `${sim.wsUrl}/stream.extended.exchange/v1`,
  });
  try {
    const { market: btc, bid } = await showMarket(extended, 'BTC', print);

    // Extended's own API sits under `client`: markets by the venue's name, with the Starknet asset ids orders sign.
    const market = await extended.client.market(btc.venueSymbol);
    print(`extended market ${market.name}: synthetic asset ${market.l2Config.syntheticId}`);

    // A buy 5 % under the best bid rests on the book; rounded down to the tick.
    const price = bid.mul('0.95').div(btc.tickSize).toDecimalPlaces(0, Decimal.ROUND_DOWN).mul(btc.tickSize);
    // Placement is asynchronous on Extended: the acknowledgement is not the order, which is read back by client id.
    await placeReadCancel(extended, { symbol: 'BTC', size: btc.minSize, price, clientOrderId: 'example-1' }, print);
  } finally {
    await extended.close();
    await sim.close();
  }
}

runIfScript(import.meta.url, main);
