/**
 * Pacifica end to end: markets, book and funding, then one resting limit order placed and cancelled, all through
 * `PacificaVenue` (the PerpVenue) and its `client` (Pacifica's own API), against the in-process simulator.
 *
 *   pnpm --filter @dn/examples exec tsx --conditions=@dn/source src/pacifica.ts
 *
 * The simulator hands out FAKE test credentials (an account public key and its generated secret key that only the
 * simulator knows); against the real venue pass your own and drop `restUrl` / `wsUrl` (mainnet is the default).
 */
import { pathToFileURL } from 'node:url';
import { Decimal } from '@dn/core';
import { newClientOrderId, PacificaVenue } from '@dn/pacifica';
import { startSimVenue } from '@dn/sim';

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const sim = await startSimVenue({ venue: 'pacifica', seed: 1 });
  const credentials = sim.accounts[0]?.credentials as { account: string; secretKey: string };
  const pacifica = new PacificaVenue({
    account: credentials.account,
    secretKey: credentials.secretKey,
    restUrl: `${sim.restUrl}/api/v1`,
    wsUrl: `${sim.wsUrl}/ws`,
  });
  try {
    const markets = await pacifica.getMarkets();
    const btc = markets.find((m) => m.symbol === 'BTC');
    if (!btc) throw new Error('no BTC market');
    print(`markets: ${markets.length} (BTC tick ${btc.tickSize.toFixed()}, lot ${btc.lotSize.toFixed()})`);

    const book = await pacifica.getOrderBook('BTC', 5);
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (!bid || !ask) throw new Error('empty BTC book');
    print(`book BTC: bid ${bid.toFixed()} / ask ${ask.toFixed()}`);

    const funding = await pacifica.getFunding('BTC');
    print(`funding BTC: ${funding.rate.toFixed()} per ${funding.intervalHours} h (APR ${funding.apr.toFixed(4)})`);

    // Pacifica's own API sits under `client`: here its market table, in Pacifica's terms (minimum order in USD).
    const info = (await pacifica.client.loadMarkets()).get('BTC');
    print(`pacifica minimum order of BTC: ${info?.minOrderSize.toFixed()} USD`);

    // A buy 5 % under the best bid rests on the book: price rounded down to the tick, size worth the USD minimum
    // (with a 10 % margin) rounded up to the lot.
    const price = bid.mul('0.95').div(btc.tickSize).floor().mul(btc.tickSize);
    const minimum = btc.minNotional ?? new Decimal(10);
    const size = minimum.mul('1.1').div(price).div(btc.lotSize).ceil().mul(btc.lotSize);
    const clientOrderId = newClientOrderId();
    const placed = await pacifica.placeOrder({ symbol: 'BTC', side: 'buy', type: 'limit', size, price, clientOrderId });
    print(`placed: ${placed.status} (buy ${size.toFixed()} BTC @ ${price.toFixed()})`);
    const order = await pacifica.getOrder({ symbol: 'BTC', clientOrderId });
    print(`order: ${order?.status ?? 'not found'}`);

    await pacifica.cancelOrder({ symbol: 'BTC', clientOrderId });
    print(`cancelled: ${(await pacifica.getOpenOrders('BTC')).length} open orders left`);
  } finally {
    await pacifica.close();
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
