import type { SimMarket } from '../../engine/index.js';
import type { SimWsConnection } from '../../server/sim-server.js';
import { encodePublicTrade, marketIndexOf } from './encode.js';
import type { LighterSimState } from './state.js';

/**
 * The public `trade/{m}` channel: a `subscribed/trade` snapshot of recent prints, then an `update/trade` frame per
 * engine print (users' orders, the taker flow, the generated tape of a watched market), liquidations in
 * `liquidation_trades` (shapes of nautilus_trader's docs frames `ws_trade_*`). The engine emits a market's generated
 * tape only while someone watches it (SimEngine.watchTrades): the watch follows the subscribers.
 */
export function tradeChannel(state: LighterSimState) {
  const engine = state.engine;
  const subs = new Map<number, Set<SimWsConnection>>(); // market index → subscribers
  const watches = new Map<number, () => void>(); // market index → withdraw
  let nonce = 0;

  const syncWatch = (m: SimMarket) => {
    const index = marketIndexOf(m);
    const watched = (subs.get(index)?.size ?? 0) > 0;
    const withdraw = watches.get(index);
    if (watched && !withdraw) watches.set(index, engine.watchTrades(m.symbol));
    if (!watched && withdraw) {
      withdraw();
      watches.delete(index);
    }
  };

  const off = engine.events.on('trade', ({ trade }) => {
    const m = state.markets().find((x) => x.symbol === trade.symbol);
    const set = m && subs.get(marketIndexOf(m));
    if (!m || !set || set.size === 0) return;
    const row = encodePublicTrade(m, trade);
    nonce++;
    const frame = {
      channel: `trade:${marketIndexOf(m)}`,
      liquidation_trades: trade.liquidation ? [row] : [],
      nonce,
      trades: trade.liquidation ? [] : [row],
      type: 'update/trade',
    };
    for (const c of set) c.send(frame, `trade:${trade.symbol}`);
  });

  return {
    subscribe(conn: SimWsConnection, m: SimMarket): void {
      const index = marketIndexOf(m);
      let set = subs.get(index);
      if (!set) {
        set = new Set();
        subs.set(index, set);
      }
      set.add(conn);
      syncWatch(m);
      // Recent history, newest first as the venue lists trades.
      const recent = engine.trades(m.symbol, 20);
      const rows = (liquidation: boolean) =>
        recent.filter((t) => t.liquidation === liquidation).map((t) => encodePublicTrade(m, t));
      conn.send(
        {
          channel: `trade:${index}`,
          liquidation_trades: rows(true),
          nonce,
          trades: rows(false),
          type: 'subscribed/trade',
        },
        `trade:${m.symbol}`,
      );
    },
    /** Removes `conn` from one market's channel, or from all when `marketIndex` is undefined. */
    unsubscribe(conn: SimWsConnection, marketIndex?: number): void {
      for (const [index, set] of subs) {
        if (marketIndex !== undefined && index !== marketIndex) continue;
        set.delete(conn);
        const m = state.marketByIndex(index);
        if (m) syncWatch(m);
      }
    },
    close(): void {
      off();
      for (const withdraw of watches.values()) withdraw();
      watches.clear();
    },
  };
}
