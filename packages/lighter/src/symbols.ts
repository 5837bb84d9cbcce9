import { type Decimal, InvalidInputError, type Market, SymbolMap, type UnifiedSymbol } from '@dn/core';

/** One perp market with what signing needs (integer scales) and what bots need (unified view). */
export interface LighterMarketInfo extends Market {
  marketIndex: number;
  priceDecimals: number;
  sizeDecimals: number;
  /** Minimum order value in USDC (`min_quote_amount`). */
  minNotional: Decimal;
  /** Lowest initial margin fraction the market allows, in 1e-4 units (200 = 2 % = 50×). */
  minInitialMarginFraction: number;
}

/**
 * Fee strings are documented as "in percentage" (openapi) [UNCERTAIN scale, lighter.md §8]: "0.0200" = 0.02 % =
 * 0.0002 as a fraction. Kept in one place.
 */
export function feeFraction(percent: Decimal): Decimal {
  return percent.div(100);
}

/** Perp markets by unified symbol and by market index. */
export class LighterMarkets {
  readonly symbols: SymbolMap;
  private readonly bySymbol = new Map<UnifiedSymbol, LighterMarketInfo>();
  private readonly byIndex = new Map<number, LighterMarketInfo>();

  constructor(markets: readonly LighterMarketInfo[]) {
    this.symbols = new SymbolMap('lighter');
    for (const m of markets) {
      this.bySymbol.set(m.symbol, m);
      this.byIndex.set(m.marketIndex, m);
      this.symbols.set(m.symbol, String(m.marketIndex));
    }
  }

  list(): LighterMarketInfo[] {
    return [...this.bySymbol.values()];
  }

  /** @throws InvalidInputError for an unknown symbol. */
  get(symbol: UnifiedSymbol): LighterMarketInfo {
    const m = this.bySymbol.get(symbol);
    if (!m) this.symbols.toVenue(symbol); // throws with the list of known symbols
    return m as LighterMarketInfo;
  }

  byMarketIndex(index: number): LighterMarketInfo | undefined {
    return this.byIndex.get(index);
  }

  /** @throws InvalidInputError for an unknown market index. */
  requireIndex(index: number): LighterMarketInfo {
    const m = this.byIndex.get(index);
    if (!m) {
      throw new InvalidInputError(`Unknown Lighter market index ${index}`, {
        field: 'market_id',
        value: index,
        venue: 'lighter',
      });
    }
    return m;
  }
}
