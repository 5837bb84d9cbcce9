import type { EngineCore } from './engine-core.js';
import { backgroundTrades } from './prices.js';
import type { SimTrade } from './types.js';

/**
 * Any market's generated prints go out as `trade` events for an advance of at most this long: front-ends listen to
 * every market, and a long jump (a fast clock, a restore) would otherwise emit thousands of prints per market.
 */
export const BACKGROUND_TRADE_EVENT_WINDOW_MS = 10_000;

/**
 * A watched market's generated prints go out for an advance of any length up to this; beyond it only the last
 * part's (the stream's contract allows gaps). At ×36000 with a 100 ms driver an advance covers an hour.
 */
export const WATCHED_TRADE_EVENT_WINDOW_MS = 24 * 3_600_000;

/**
 * Generated (background) prints of (from, to], oldest first across markets: every market's for a short advance,
 * else the watched markets' only.
 */
export function generatedPrints(
  core: EngineCore,
  from: number,
  to: number,
  watched: ReadonlyMap<string, number>,
): SimTrade[] {
  const all = to - from <= BACKGROUND_TRADE_EVENT_WINDOW_MS;
  const out: SimTrade[] = [];
  for (const [sym, mkt] of core.marketStates) {
    if (!all && !watched.has(sym)) continue;
    const start = Math.max(from, to - WATCHED_TRADE_EVENT_WINDOW_MS);
    const prints = backgroundTrades(core.world, mkt, start, to, Number.POSITIVE_INFINITY);
    for (let i = prints.length - 1; i >= 0; i--) out.push(prints[i] as SimTrade);
  }
  // Stable: markets keep their order within a second.
  return out.sort((x, y) => x.time - y.time);
}

/**
 * Puts `prints` (oldest first) into the event queue from index `start` so that `trade` events come out in time
 * order (returns the new queue): each print goes before the first queued print that is later than it; the rest go at the end.
 */
export function mergePrints(
  queue: EngineCore['queue'],
  start: number,
  prints: readonly SimTrade[],
): EngineCore['queue'] {
  if (prints.length === 0) return queue;
  const merged: EngineCore['queue'] = queue.slice(0, start);
  let k = 0;
  for (let i = start; i < queue.length; i++) {
    const entry = queue[i] as EngineCore['queue'][number];
    if (entry.event === 'trade') {
      const t = (entry.payload as { trade: SimTrade }).trade.time;
      while (k < prints.length && (prints[k] as SimTrade).time < t) merged.push(tradeEvent(prints[k++] as SimTrade));
    }
    merged.push(entry);
  }
  while (k < prints.length) merged.push(tradeEvent(prints[k++] as SimTrade));
  return merged;
}

function tradeEvent(trade: SimTrade): EngineCore['queue'][number] {
  return { event: 'trade', payload: { trade } };
}
