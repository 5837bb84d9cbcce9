import type { AccountEvent, Decimal, Subscription } from '@dn/core';
import type { PacificaClient } from '../client.js';
import { balanceFromWs, flatPosition, toPosition, tradeToFill, wsOrderToOrder } from '../mappers.js';

/**
 * See `PacificaVenue.subscribeAccount`. `reconnected` is sent once the socket is back after a drop and every
 * account stream has been acked again, so a REST reconcile started on it sees nothing the stream will miss.
 */
export async function subscribeAccountEvents(
  client: PacificaClient,
  account: string,
  onEvent: (event: AccountEvent) => void,
): Promise<Subscription> {
  const marks = new Map<string, Decimal>();
  let held = new Set<string>();
  const subs = await Promise.all([
    client.subscribePrices((prices) => {
      for (const p of prices) marks.set(p.symbol, p.mark);
    }),
    client.subscribeOrderUpdates(account, (orders) => {
      for (const o of orders) onEvent({ type: 'order', order: wsOrderToOrder(o) });
    }),
    client.subscribeAccountTrades(account, (trades) => {
      for (const t of trades) onEvent({ type: 'fill', fill: tradeToFill(t) });
    }),
    client.subscribeAccountPositions(account, (list) => {
      const now = new Set<string>();
      for (const p of list) {
        now.add(p.symbol);
        onEvent({ type: 'position', position: toPosition(p, marks.get(p.symbol)) });
      }
      for (const s of held) if (!now.has(s)) onEvent({ type: 'position', position: flatPosition(s, marks.get(s)) });
      held = now;
    }),
    client.subscribeAccountInfo(account, (info) => onEvent({ type: 'balance', balance: balanceFromWs(info) })),
  ]);
  // Only connections after the one these subscriptions were made on count as reconnections.
  const subscribedOn = client.ws.transport.generation;
  const offRestored = client.ws.onRestored((generation) => {
    if (generation > subscribedOn) onEvent({ type: 'reconnected', at: client.now() });
  });
  return {
    unsubscribe: async () => {
      offRestored();
      await Promise.all(subs.map((s) => s.unsubscribe()));
    },
  };
}
