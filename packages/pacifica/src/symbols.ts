import { SymbolMap } from '@dn/core';
import type { PacificaMarketInfo } from './wire/index.js';

/**
 * Pacifica market ids are already base assets (`BTC`, `ETH`, case-sensitive `kBONK`), so the unified
 * symbol is the market id itself. `kBONK` stays `kBONK` rather than becoming `BONK`: its size unit is
 * 1000 BONK, and a unified `BONK` would let a hedge mix the two units.
 */
export function pacificaSymbolMap(markets: readonly PacificaMarketInfo[]): SymbolMap {
  return new SymbolMap(
    'pacifica',
    perpetualMarkets(markets).map((m) => [m.symbol, m.symbol] as const),
  );
}

/** `/info` also lists spot markets since 2026; only perpetuals are tradable through `PerpVenue`. */
export function perpetualMarkets(markets: readonly PacificaMarketInfo[]): PacificaMarketInfo[] {
  return markets.filter((m) => m.instrumentType === 'perpetual');
}
