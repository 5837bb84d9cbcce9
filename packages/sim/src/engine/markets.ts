import { Decimal, type KnownVenueId, type Market } from '@dn/core';
import { isListed, isWoundDown, UNIVERSE, type UniverseAsset, universeAsset } from './universe.js';

/** Parameters of the mean-reverting (Ornstein–Uhlenbeck) process behind a market's funding rate, per hour. */
export interface SimFundingModel {
  /** Long-run mean of the hourly rate. */
  meanPerHour: number;
  /** Stationary standard deviation of the hourly rate. */
  sdPerHour: number;
  /** Time for a deviation to halve. */
  halfLifeHours: number;
}

/** A market as the engine runs it: the public `Market` plus what shapes its simulated microstructure. */
export interface SimMarket extends Market {
  /** Maintenance margin as a fraction of notional (default half the initial margin at max leverage). */
  maintenanceMarginRate: Decimal;
  /** Absolute cap on the rate of one funding interval. */
  fundingRateCap: Decimal;
  funding: SimFundingModel;
  /** Full bid–ask spread of the generated book, in bps of mid. */
  spreadBps: number;
  /** Distance between generated levels, in bps of mid. */
  levelStepBps: number;
  /** Notional (USD) at the best level; deeper levels grow linearly. */
  depthUsd: number;
  /** Generated levels per side. */
  bookLevels: number;
  /** Mean and wobble amplitude of the venue's basis to the world price, in bps. */
  basisBps: { mean: number; amplitude: number };
  /** Background (non-user) 24 h volume and open interest, in USD. */
  dailyVolumeUsd: number;
  openInterestUsd: number;
  /** Charged on the notional closed by a liquidation (capped at the equity left). */
  liquidationPenaltyRate: Decimal;
  /** Default band for market orders as a fraction of the best price. */
  marketOrderSlippage: Decimal;
}

interface VenueProfile {
  makerFee: string;
  takerFee: string;
  fundingIntervalHours: number;
  /** Cap per hour of interval; multiplied by the interval. */
  fundingCapPerHour: string;
  funding: SimFundingModel;
  spreadMult: number;
  depthMult: number;
  basisMeanBps: number;
  liquidationPenalty: string;
  slippage: string;
  venueSymbol: (symbol: string) => string;
}

/*
 * Figures from /work/shared/venues/<venue>.md where it has them:
 * - extended: fees taker 0.025 %, maker 0 % (docs via `/user/fees`); hourly funding; BTC-USD tick 1, step 0.00001,
 *   min 0.0001, maxLeverage 50 (ccxt's mainnet sample). hourlyFundingRateCap is "0.25" in ccxt's BTC-USD sample with
 *   an undocumented unit [UNCERTAIN]; read as percent: 0.25 %/h. Market-order slippage 0.0075 (SDK default).
 * - pacifica: hourly funding, capped at ±4 %/h, baseline 0.0000125/h (docs). Fees are not in the notes: tier-1
 *   0.015 % maker / 0.04 % taker [UNCERTAIN]. Min order size is USD notional (10).
 * - lighter: hourly funding; clamp "4.0000" read as percent per hour [UNCERTAIN unit]. Standard accounts pay no
 *   trading fees [UNCERTAIN scale of `taker_fee`]. Tick and lot follow price/size decimals.
 * - edgex: maker 0.00015 / taker 0.00038, BTC tick 0.1, step 0.001, funding every 240 min (mainnet capture 2025-09).
 *   `fundingMaxRate` value not captured: 0.5 % per interval [UNCERTAIN].
 * Everything else (alts' ticks, OU parameters, spreads, depth) is a plausible choice, not a venue fact.
 */
const PROFILES: Record<KnownVenueId, VenueProfile> = {
  extended: {
    makerFee: '0',
    takerFee: '0.00025',
    fundingIntervalHours: 1,
    fundingCapPerHour: '0.0025',
    funding: { meanPerHour: 0.00001, sdPerHour: 0.000012, halfLifeHours: 8 },
    spreadMult: 1,
    depthMult: 1,
    basisMeanBps: 0.5,
    liquidationPenalty: '0.01',
    slippage: '0.0075',
    venueSymbol: (s) => `${s}-USD`,
  },
  pacifica: {
    makerFee: '0.00015',
    takerFee: '0.0004',
    fundingIntervalHours: 1,
    fundingCapPerHour: '0.04',
    funding: { meanPerHour: 0.0000125, sdPerHour: 0.000016, halfLifeHours: 6 },
    spreadMult: 1.3,
    depthMult: 0.6,
    basisMeanBps: -0.8,
    liquidationPenalty: '0.01',
    slippage: '0.05',
    venueSymbol: (s) => s,
  },
  lighter: {
    makerFee: '0',
    takerFee: '0',
    fundingIntervalHours: 1,
    fundingCapPerHour: '0.04',
    funding: { meanPerHour: 0.000009, sdPerHour: 0.00002, halfLifeHours: 4 },
    spreadMult: 0.8,
    depthMult: 1.2,
    basisMeanBps: 0.2,
    liquidationPenalty: '0.01',
    slippage: '0.05',
    venueSymbol: (s) => LIGHTER_MARKET_IDS[s] ?? lighterUniverseId(s) ?? s,
  },
  edgex: {
    makerFee: '0.00015',
    takerFee: '0.00038',
    fundingIntervalHours: 4,
    fundingCapPerHour: '0.00125',
    funding: { meanPerHour: 0.000011, sdPerHour: 0.00001, halfLifeHours: 12 },
    spreadMult: 1.5,
    depthMult: 0.7,
    basisMeanBps: 1.2,
    liquidationPenalty: '0.01',
    slippage: '0.05',
    venueSymbol: (s) => `${s}USD`,
  },
};

/** Lighter market indexes [UNCERTAIN: taken from memory of the public market list; front-ends may override]. */
const LIGHTER_MARKET_IDS: Record<string, string> = {
  ETH: '0',
  BTC: '1',
  SOL: '2',
  DOGE: '3',
  XRP: '7',
  LINK: '8',
  AVAX: '9',
  ARB: '50',
};

/** Universe markets are numbered on from 10 in universe order, skipping the ids the majors use. */
function lighterUniverseId(symbol: string): string | undefined {
  const i = UNIVERSE.findIndex((a) => a.spec.symbol === symbol);
  if (i < 0) return undefined;
  const id = 10 + i;
  return String(id >= 50 ? id + 1 : id);
}

/** [tick, lot, minSize, maxLeverage] per venue and symbol. */
type Grid = [string, string, string, number];
const GRIDS: Record<KnownVenueId, Record<string, Grid>> = {
  extended: {
    BTC: ['1', '0.00001', '0.0001', 50],
    ETH: ['0.1', '0.001', '0.01', 50],
    SOL: ['0.01', '0.01', '0.1', 25],
    DOGE: ['0.00001', '1', '100', 20],
    XRP: ['0.0001', '1', '10', 20],
    AVAX: ['0.001', '0.1', '1', 20],
    LINK: ['0.001', '0.1', '1', 20],
    ARB: ['0.0001', '1', '10', 10],
  },
  pacifica: {
    BTC: ['1', '0.00001', '0.00001', 50],
    ETH: ['0.1', '0.0001', '0.0001', 50],
    SOL: ['0.01', '0.01', '0.01', 20],
    DOGE: ['0.00001', '1', '1', 20],
    XRP: ['0.0001', '0.1', '0.1', 20],
    AVAX: ['0.001', '0.01', '0.01', 10],
    LINK: ['0.001', '0.01', '0.01', 10],
    ARB: ['0.0001', '0.1', '0.1', 10],
  },
  lighter: {
    BTC: ['0.1', '0.00001', '0.0002', 50],
    ETH: ['0.01', '0.0001', '0.005', 50],
    SOL: ['0.001', '0.001', '0.05', 25],
    DOGE: ['0.000001', '1', '10', 10],
    XRP: ['0.000001', '1', '20', 20],
    AVAX: ['0.0001', '0.01', '0.5', 10],
    LINK: ['0.0001', '0.01', '1', 10],
    ARB: ['0.00001', '0.1', '20', 10],
  },
  edgex: {
    BTC: ['0.1', '0.001', '0.001', 100],
    ETH: ['0.01', '0.01', '0.01', 100],
    SOL: ['0.001', '0.1', '0.1', 50],
    DOGE: ['0.00001', '10', '10', 50],
    XRP: ['0.0001', '1', '1', 50],
    AVAX: ['0.001', '0.1', '0.1', 20],
    LINK: ['0.001', '0.1', '0.1', 20],
    ARB: ['0.0001', '1', '1', 20],
  },
};

/** Per-symbol microstructure before the venue multipliers: [spread bps, best-level USD, daily volume USD]. */
const MICRO: Record<string, [number, number, number]> = {
  BTC: [2, 150_000, 1_500_000_000],
  ETH: [3, 100_000, 800_000_000],
  SOL: [5, 50_000, 300_000_000],
  DOGE: [8, 20_000, 80_000_000],
  XRP: [6, 25_000, 100_000_000],
  AVAX: [8, 15_000, 40_000_000],
  LINK: [8, 15_000, 40_000_000],
  ARB: [12, 10_000, 20_000_000],
};

const MAJORS = new Set(['BTC', 'ETH']);

/** Leverage caps per tier and venue (values 10 000 divides, as Lighter's margin fractions need). */
const TIER_LEVERAGE: Record<UniverseAsset['tier'], Record<KnownVenueId, number>> = {
  A: { extended: 20, pacifica: 20, lighter: 20, edgex: 50 },
  B: { extended: 10, pacifica: 10, lighter: 10, edgex: 20 },
  C: { extended: 5, pacifica: 5, lighter: 5, edgex: 10 },
};

const pow10 = (e: number): string => new Decimal(10).pow(e).toString();

/**
 * A universe market's grid from its start price: a tick of ~5 significant digits (Lighter 6, its decimals are
 * finer), a lot worth $1–10 (at most 1 on venues that count size in decimals), a minimum of about $1 or more.
 */
function universeGrid(venue: KnownVenueId, a: UniverseAsset): Grid {
  const mag = Math.floor(Math.log10(a.spec.startPrice));
  const tickExp = venue === 'lighter' ? Math.min(mag - 5, -1) : mag - 4;
  let lotExp = Math.floor(Math.log10(10 / a.spec.startPrice));
  if (venue === 'lighter' || venue === 'edgex') lotExp = Math.min(lotExp, 0);
  // Extended and Lighter ask for at least ~$1 of notional; Pacifica and edgeX take one lot.
  const lotUsd = a.spec.startPrice * 10 ** lotExp;
  const minExp = (venue === 'extended' || venue === 'lighter') && lotUsd < 1 ? lotExp + 1 : lotExp;
  return [pow10(tickExp), pow10(lotExp), pow10(minExp), TIER_LEVERAGE[a.tier][venue]];
}

/** The world symbols `venue` lists by default: all majors and custom symbols, the universe per its listing. */
export function listedSymbols(venue: KnownVenueId, symbols: readonly string[]): string[] {
  return symbols.filter((s) => isListed(venue, s));
}

export function isKnownVenue(venue: string): venue is KnownVenueId {
  return venue in PROFILES;
}

/**
 * The markets a simulated venue lists by default: realistic grids, fees, leverage and funding interval per venue.
 * Without `symbols`: the majors and the universe markets this venue lists (universe.ts). `symbols` restricts or
 * orders the list (taken as given, listed there or not); symbols outside both get a generic alt-coin grid.
 */
export function defaultMarkets(venue: KnownVenueId, symbols?: readonly string[]): SimMarket[] {
  const profile = PROFILES[venue];
  const grids = GRIDS[venue];
  const all = symbols ?? listedSymbols(venue, [...Object.keys(grids), ...UNIVERSE.map((a) => a.spec.symbol)]);
  return all.map((symbol) => {
    const u = universeAsset(symbol);
    const [tick, lot, min, maxLev] = grids[symbol] ?? (u ? universeGrid(venue, u) : ['0.0001', '1', '1', 10]);
    const [spread, depth, volume] =
      MICRO[symbol] ?? (u ? [u.spreadBps, u.depthUsd, u.volumeUsd] : [10, 10_000, 10_000_000]);
    const major = MAJORS.has(symbol);
    // The thin tail's funding swings wider still: little open interest, one-sided flows.
    const tailSd = u?.tier === 'C' ? 1.5 : 1;
    const maxLeverage = new Decimal(maxLev);
    const market: SimMarket = {
      symbol,
      venueSymbol: profile.venueSymbol(symbol),
      tickSize: new Decimal(tick),
      lotSize: new Decimal(lot),
      minSize: new Decimal(min),
      maxLeverage,
      makerFee: new Decimal(profile.makerFee),
      takerFee: new Decimal(profile.takerFee),
      fundingIntervalHours: profile.fundingIntervalHours,
      active: !isWoundDown(venue, symbol),
      maintenanceMarginRate: new Decimal(1).div(maxLeverage.mul(2)),
      fundingRateCap: new Decimal(profile.fundingCapPerHour).mul(profile.fundingIntervalHours),
      funding: {
        meanPerHour: profile.funding.meanPerHour * (major ? 1 : 1.5),
        // Alt funding swings far more than BTC/ETH on every venue; that spread between venues is what rotation
        // bots live on, so it must be large enough for opportunities to appear and fade over hours.
        sdPerHour: profile.funding.sdPerHour * (major ? 1.5 : 4) * tailSd,
        halfLifeHours: profile.funding.halfLifeHours,
      },
      spreadBps: spread * profile.spreadMult,
      levelStepBps: Math.max(0.5, (spread * profile.spreadMult) / 2),
      depthUsd: depth * profile.depthMult,
      bookLevels: 50,
      basisBps: { mean: profile.basisMeanBps, amplitude: major ? 1.5 : 4 },
      dailyVolumeUsd: volume * profile.depthMult * 0.1,
      openInterestUsd: volume * profile.depthMult * 0.05,
      liquidationPenaltyRate: new Decimal(profile.liquidationPenalty),
      marketOrderSlippage: new Decimal(profile.slippage),
    };
    if (venue === 'pacifica' || venue === 'lighter') market.minNotional = new Decimal(10);
    return market;
  });
}
