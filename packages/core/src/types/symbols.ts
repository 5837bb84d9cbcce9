import { InvalidInputError } from '../errors/index.js';
import type { UnifiedSymbol, VenueId } from './domain.js';

/**
 * Two-way map between a venue's market ids and unified symbols, built from the venue's market list.
 * Unknown symbols are input errors, never silently passed through.
 */
export class SymbolMap {
  private readonly toVenueMap = new Map<UnifiedSymbol, string>();
  private readonly toUnifiedMap = new Map<string, UnifiedSymbol>();

  constructor(
    readonly venue: VenueId,
    entries: Iterable<readonly [UnifiedSymbol, string]> = [],
  ) {
    for (const [unified, venueSymbol] of entries) this.set(unified, venueSymbol);
  }

  set(unified: UnifiedSymbol, venueSymbol: string): void {
    this.toVenueMap.set(unified, venueSymbol);
    this.toUnifiedMap.set(venueSymbol, unified);
  }

  has(unified: UnifiedSymbol): boolean {
    return this.toVenueMap.has(unified);
  }

  toVenue(unified: UnifiedSymbol): string {
    const v = this.toVenueMap.get(unified);
    if (v === undefined) {
      const expected = `one of ${[...this.toVenueMap.keys()].slice(0, 20).join(', ')}`;
      throw this.unknown(`Unknown symbol ${unified} on ${this.venue}`, 'symbol', unified, expected);
    }
    return v;
  }

  toUnified(venueSymbol: string): UnifiedSymbol {
    const u = this.toUnifiedMap.get(venueSymbol);
    if (u === undefined) {
      throw this.unknown(`Unknown market ${venueSymbol} on ${this.venue}`, 'venueSymbol', venueSymbol);
    }
    return u;
  }

  private unknown(message: string, field: string, value: string, expected?: string): InvalidInputError {
    return new InvalidInputError(message, { field, value, venue: this.venue, ...(expected ? { expected } : {}) });
  }

  unified(): UnifiedSymbol[] {
    return [...this.toVenueMap.keys()];
  }
}

/** Strips common quote suffixes: `BTC-USD`, `BTCUSD`, `BTC-PERP`, `BTC_USDC` → `BTC`. */
export function baseAssetOf(venueSymbol: string): UnifiedSymbol {
  const upper = venueSymbol.toUpperCase();
  const m = /^([A-Z0-9]+?)(?:[-_/]?(?:USDC|USDT|USD|PERP))+$/.exec(upper);
  return m?.[1] ?? upper;
}
