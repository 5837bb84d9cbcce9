import { baseAssetOf, SymbolMap } from '@dn/core';
import { EXTENDED_VENUE } from './config.js';
import type { ExtendedMarket } from './wire.js';

/** True for markets a perp bot can trade: perpetuals (older responses have no `type`). */
export function isPerpetual(market: Pick<ExtendedMarket, 'type'>): boolean {
  return market.type === undefined || market.type === null || market.type === 'PERPETUAL';
}

/** Unified symbol of an Extended market: its base asset (`BTC-USD` → `BTC`). */
export function unifiedSymbolOf(market: Pick<ExtendedMarket, 'name' | 'assetName'>): string {
  return market.assetName ? market.assetName.toUpperCase() : baseAssetOf(market.name);
}

/** `BTC` ↔ `BTC-USD` for every perpetual market of the list. */
export function buildSymbolMap(markets: readonly ExtendedMarket[]): SymbolMap {
  const map = new SymbolMap(EXTENDED_VENUE);
  for (const m of markets) if (isPerpetual(m)) map.set(unifiedSymbolOf(m), m.name);
  return map;
}
