import type { KnownVenueId } from '@dn/core';
import type { SimAssetSpec } from './assets.js';

/**
 * The simulated market universe beyond the eight majors: real venues list 80–130 perpetuals each, most of them
 * shared, a long tail thin, a few being wound down. A scanner tested on eight liquid symbols says nothing about how it
 * behaves on that, so the default world carries a realistic one.
 *
 * Tiers: `A` liquid alts listed everywhere; `B` mid caps and `C` thin tail listed on three venues of four (each venue
 * leaves out its own quarter). With 32 + 48 + 32 extras: 100 markets per venue (8 + 32 + 60), 80 shared by any two
 * (8 + 32 + 40). Names are real tickers, start prices round figures near 2025 levels; none of it is a venue fact.
 */
export type UniverseTier = 'A' | 'B' | 'C';

export interface UniverseAsset {
  spec: SimAssetSpec;
  tier: UniverseTier;
  /** Global 24 h volume in USD (a simulated venue shows a share of it). */
  volumeUsd: number;
  /** Full spread in bps and best-level depth in USD, before the venue multipliers. */
  spreadBps: number;
  depthUsd: number;
}

/** [symbol, start price, annual vol, beta, global daily volume USD]. */
type Row = [string, number, number, number, number];

const TIER_A: Row[] = [
  ['BNB', 650, 0.6, 0.75, 900e6],
  ['SUI', 3.5, 1.0, 0.72, 600e6],
  ['HYPE', 25, 1.1, 0.65, 700e6],
  ['LTC', 100, 0.75, 0.75, 400e6],
  ['BCH', 450, 0.75, 0.74, 300e6],
  ['ADA', 0.9, 0.85, 0.74, 500e6],
  ['DOT', 6, 0.85, 0.74, 200e6],
  ['TRX', 0.25, 0.5, 0.5, 150e6],
  ['TON', 5, 0.8, 0.6, 150e6],
  ['NEAR', 5, 0.95, 0.74, 250e6],
  ['APT', 9, 1.0, 0.72, 200e6],
  ['OP', 1.8, 1.05, 0.74, 180e6],
  ['INJ', 20, 1.05, 0.72, 150e6],
  ['TIA', 5, 1.1, 0.7, 150e6],
  ['SEI', 0.4, 1.1, 0.7, 150e6],
  ['WIF', 1.5, 1.3, 0.65, 400e6],
  ['1000PEPE', 0.012, 1.2, 0.68, 700e6],
  ['1000BONK', 0.025, 1.2, 0.66, 250e6],
  ['ENA', 0.6, 1.15, 0.7, 350e6],
  ['ONDO', 1.2, 1.0, 0.66, 200e6],
  ['JUP', 0.9, 1.05, 0.68, 120e6],
  ['AAVE', 300, 0.9, 0.72, 350e6],
  ['UNI', 12, 0.9, 0.73, 250e6],
  ['LDO', 1.8, 1.0, 0.72, 120e6],
  ['CRV', 0.8, 1.1, 0.68, 150e6],
  ['MKR', 1500, 0.85, 0.65, 80e6],
  ['FIL', 5, 0.9, 0.72, 120e6],
  ['ATOM', 7, 0.85, 0.72, 120e6],
  ['ETC', 25, 0.8, 0.72, 150e6],
  ['POL', 0.45, 0.9, 0.72, 100e6],
  ['TAO', 450, 1.1, 0.62, 250e6],
  ['WLD', 2.2, 1.15, 0.66, 250e6],
];

const TIER_B: Row[] = [
  ['RENDER', 7, 1.1, 0.7, 60e6],
  ['FET', 1.3, 1.15, 0.7, 80e6],
  ['STX', 1.5, 1.1, 0.68, 40e6],
  ['IMX', 1.4, 1.1, 0.7, 30e6],
  ['GRT', 0.2, 1.05, 0.7, 30e6],
  ['SAND', 0.5, 1.05, 0.7, 40e6],
  ['MANA', 0.45, 1.05, 0.7, 25e6],
  ['AXS', 6, 1.05, 0.68, 25e6],
  ['GALA', 0.03, 1.15, 0.68, 40e6],
  ['APE', 1.1, 1.15, 0.68, 40e6],
  ['DYDX', 1.4, 1.1, 0.68, 35e6],
  ['GMX', 25, 1.0, 0.62, 15e6],
  ['PENDLE', 5, 1.15, 0.66, 45e6],
  ['JTO', 3, 1.1, 0.64, 30e6],
  ['PYTH', 0.35, 1.1, 0.64, 35e6],
  ['W', 0.3, 1.2, 0.62, 25e6],
  ['STRK', 0.5, 1.15, 0.66, 40e6],
  ['ZK', 0.18, 1.2, 0.64, 30e6],
  ['ZRO', 5, 1.1, 0.64, 30e6],
  ['EIGEN', 3.5, 1.2, 0.64, 45e6],
  ['ETHFI', 2, 1.2, 0.66, 35e6],
  ['ALT', 0.12, 1.25, 0.62, 15e6],
  ['MANTA', 0.8, 1.25, 0.62, 12e6],
  ['DYM', 1.5, 1.25, 0.62, 12e6],
  ['ORDI', 30, 1.2, 0.64, 50e6],
  ['KAS', 0.12, 1.0, 0.55, 30e6],
  ['ICP', 10, 0.95, 0.66, 40e6],
  ['HBAR', 0.28, 0.95, 0.66, 60e6],
  ['XLM', 0.4, 0.85, 0.66, 50e6],
  ['ALGO', 0.35, 0.9, 0.68, 25e6],
  ['VET', 0.045, 0.95, 0.68, 20e6],
  ['EGLD', 35, 0.95, 0.66, 15e6],
  ['S', 0.6, 1.15, 0.64, 40e6],
  ['KAVA', 0.5, 1.0, 0.64, 10e6],
  ['RUNE', 4, 1.15, 0.66, 40e6],
  ['CAKE', 2.5, 1.0, 0.62, 20e6],
  ['SNX', 2.2, 1.1, 0.66, 20e6],
  ['COMP', 60, 1.0, 0.66, 20e6],
  ['YFI', 8000, 0.95, 0.64, 8e6],
  ['SUSHI', 1.2, 1.1, 0.66, 15e6],
  ['1INCH', 0.4, 1.0, 0.66, 10e6],
  ['BLUR', 0.3, 1.2, 0.62, 12e6],
  ['MEME', 0.015, 1.3, 0.6, 15e6],
  ['NOT', 0.007, 1.3, 0.58, 20e6],
  ['POPCAT', 0.8, 1.5, 0.58, 45e6],
  ['TRUMP', 15, 1.4, 0.5, 120e6],
  ['VIRTUAL', 2.5, 1.5, 0.6, 90e6],
  ['AI16Z', 0.8, 1.6, 0.58, 40e6],
];

const TIER_C: Row[] = [
  ['FARTCOIN', 1.2, 1.8, 0.55, 3e6],
  ['GOAT', 0.5, 1.8, 0.52, 1.5e6],
  ['PNUT', 0.6, 1.8, 0.52, 2e6],
  ['MOODENG', 0.25, 1.9, 0.5, 1.2e6],
  ['CHILLGUY', 0.1, 2.0, 0.48, 0.8e6],
  ['ACT', 0.3, 1.8, 0.5, 1e6],
  ['GRASS', 2.5, 1.5, 0.55, 2.5e6],
  ['KAITO', 1.5, 1.5, 0.55, 2.5e6],
  ['IP', 5, 1.5, 0.52, 2e6],
  ['BERA', 6, 1.5, 0.55, 3e6],
  ['LAYER', 1.5, 1.6, 0.52, 1e6],
  ['PENGU', 0.03, 1.6, 0.55, 2.5e6],
  ['USUAL', 0.5, 1.5, 0.52, 0.8e6],
  ['MOVE', 0.6, 1.5, 0.55, 1.5e6],
  ['ME', 3, 1.5, 0.52, 0.7e6],
  ['ANIME', 0.05, 1.8, 0.5, 0.6e6],
  ['MORPHO', 2, 1.4, 0.55, 1e6],
  ['XAI', 0.25, 1.5, 0.55, 0.5e6],
  ['PIXEL', 0.15, 1.5, 0.55, 0.4e6],
  ['PORTAL', 0.4, 1.5, 0.55, 0.3e6],
  ['AEVO', 0.5, 1.4, 0.55, 0.5e6],
  ['ZETA', 0.6, 1.4, 0.55, 0.6e6],
  ['SAGA', 2, 1.4, 0.55, 0.4e6],
  ['OMNI', 10, 1.5, 0.52, 0.3e6],
  ['REZ', 0.07, 1.6, 0.52, 0.25e6],
  ['BB', 0.4, 1.5, 0.52, 0.3e6],
  ['LISTA', 0.5, 1.4, 0.52, 0.3e6],
  ['IO', 3, 1.5, 0.55, 0.6e6],
  ['SCR', 0.8, 1.4, 0.52, 0.3e6],
  ['HMSTR', 0.004, 1.7, 0.5, 0.5e6],
  ['CATI', 0.4, 1.6, 0.5, 0.2e6],
  ['GRIFFAIN', 0.1, 2.0, 0.45, 0.6e6],
];

const TIER_MICRO: Record<UniverseTier, { spreadBps: number; depthPerVolume: number }> = {
  // Best-level depth scales with volume: ~1/10,000 of a day's volume, floored so a book is never empty.
  A: { spreadBps: 4, depthPerVolume: 1e-4 },
  B: { spreadBps: 10, depthPerVolume: 1.5e-4 },
  C: { spreadBps: 30, depthPerVolume: 4e-4 },
};

/** BTC's loading on the common factor in MAJOR_ASSETS. */
const BTC_BETA = 0.92;
const round2 = (x: number): number => Math.round(x * 100) / 100;

function toAsset(tier: UniverseTier, [symbol, startPrice, annualVol, beta, volumeUsd]: Row): UniverseAsset {
  const micro = TIER_MICRO[tier];
  // Thinner markets quote wider: +50 % spread per halving of volume below the tier's typical figure.
  const typical = tier === 'A' ? 200e6 : tier === 'B' ? 30e6 : 1e6;
  const widen = Math.max(1, 1 + 0.5 * Math.log2(typical / volumeUsd));
  return {
    // Loaded on BTC's path: the one-factor correlation with BTC (beta × BTC's beta), at O(1) cost per price.
    spec: { symbol, startPrice, annualVol, beta, factor: { on: 'BTC', loading: round2(beta * BTC_BETA) } },
    tier,
    volumeUsd,
    spreadBps: Math.round(micro.spreadBps * widen * 10) / 10,
    depthUsd: Math.max(500, Math.round(volumeUsd * micro.depthPerVolume)),
  };
}

/** The assets after the eight majors, in world order (appending keeps the majors' price paths unchanged). */
export const UNIVERSE: readonly UniverseAsset[] = [
  ...TIER_A.map((r) => toAsset('A', r)),
  ...TIER_B.map((r) => toAsset('B', r)),
  ...TIER_C.map((r) => toAsset('C', r)),
];

const BY_SYMBOL = new Map(UNIVERSE.map((a, i) => [a.spec.symbol, { asset: a, index: i }]));

const VENUE_ORDER: readonly KnownVenueId[] = ['extended', 'pacifica', 'lighter', 'edgex'];

export function universeAsset(symbol: string): UniverseAsset | undefined {
  return BY_SYMBOL.get(symbol)?.asset;
}

/**
 * Whether `venue` lists `symbol`. Majors and tier A everywhere; tiers B and C (numbered together) leave out a
 * quarter per venue, each venue its own quarter. Symbols outside the universe (custom worlds) are listed everywhere.
 */
export function isListed(venue: KnownVenueId, symbol: string): boolean {
  const entry = BY_SYMBOL.get(symbol);
  if (!entry || entry.asset.tier === 'A') return true;
  const tail = entry.index - TIER_A.length;
  const slot = tail % 8;
  const v = VENUE_ORDER.indexOf(venue);
  return slot !== 2 * v && slot !== 2 * v + 1;
}

/**
 * Markets being wound down (reduce-only / delisting): listed, shown, not tradable. Two thin ones per venue, none
 * shared, so a pair with one inactive leg exists on every venue pair.
 */
const INACTIVE: Record<KnownVenueId, readonly string[]> = {
  extended: ['PORTAL', 'CATI'],
  pacifica: ['ACT', 'REZ'],
  lighter: ['XAI', 'OMNI'],
  edgex: ['BB', 'HMSTR'],
};

export function isWoundDown(venue: KnownVenueId, symbol: string): boolean {
  return INACTIVE[venue].includes(symbol);
}
