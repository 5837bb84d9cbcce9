/**
 * Pacifica end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `PacificaVenue` (the PerpVenue) and its `client` (Pacifica's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/pacifica.ts
 *
 * The simulator hands out FAKE test credentials (an account public key and its generated secret key that only the
 * simulator knows); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { Decimal } from '@dn/core';
import { newClientOrderId, PacificaVenue } from '@dn/pacifica';
import { startSimVenue } from '@dn/sim';
import { type Print, placeReadCancel, runIfScript, showMarket } from './perp-venue.js';

export async function main(print: Print = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'pacifica', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { account: string; secretKey: string };
  const pacifica = new PacificaVenue({
    account: credentials.account,
    secretKey: credentials.secretKey,
    restUrl: `${sim.restUrl}/api/v1`,
    wsUrl: `${sim.wsUrl}/ws`,
  });
  try {
    const { market: btc, bid } = await showMarket(pacifica, 'BTC', print);

    // Pacifica's own API sits under `client`: here its market table, in Pacifica's terms (minimum order in USD).
    const info = (await pacifica.client.loadMarkets()).get('BTC');
    print(`pacifica minimum order of BTC: ${info?.minOrderSize.toFixed()} USD`);

    // A buy 5 % under the best bid rests on the book: price rounded down to the tick, size worth the USD minimum
    // (with a 10 % margin) rounded up to the lot.
    const price = bid.mul('0.95').div(btc.tickSize).floor().mul(btc.tickSize);
    const minimum = btc.minNotional ?? new Decimal(10);
    const size = minimum.mul('1.1').div(price).div(btc.lotSize).ceil().mul(btc.lotSize);
    await placeReadCancel(pacifica, { symbol: 'BTC', size, price, clientOrderId: newClientOrderId() }, print);
  } finally {
    await pacifica.close();
    await sim.close();
  }
}

runIfScript(import.meta.url, main);
