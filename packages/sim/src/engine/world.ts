import { type Clock, Decimal, InvalidInputError } from '@dn/core';
import { cholesky, DEFAULT_ASSETS, oneFactorCorrelation, type SimAssetSpec } from './assets.js';
import { normalAt } from './random.js';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** The price grid: one point per second. Between points the price is constant. */
export const GRID_MS = 1_000;

export interface SimWorldOptions {
  seed: number;
  clock: Clock;
  /** Defaults to DEFAULT_ASSETS. */
  symbols?: readonly SimAssetSpec[];
  /**
   * Explicit correlation matrix of the assets without a `factor`, in `symbols` order; defaults to the one-factor
   * matrix from their betas. Assets with a `factor` follow their anchor (see SimAssetSpec).
   */
  correlation?: readonly (readonly number[])[];
  /**
   * Start of the path (rounded down to the hour). Defaults to clock.now(). Persist it with the seed: the same seed
   * with another origin is another world.
   */
  originMs?: number;
}

/** A permanent multiplicative jump of one asset's price from `atMs` on (test hook for liquidations, crashes). */
export interface SimShock {
  symbol: string;
  atMs: number;
  factor: number;
}

/** What identifies a world; stored in engine snapshots to refuse restoring onto a different one. */
export interface SimWorldDescriptor {
  seed: number;
  originMs: number;
  assets: SimAssetSpec[];
  /** Present when the world was built with an explicit matrix. */
  correlation?: number[][];
  shocks: SimShock[];
}

const CACHE_ENTRIES = 8;
const LEVEL_MINUTE = 1;
const LEVEL_SECOND = 2;
const HOURS_PER_YEAR = 8760;

/**
 * Shared market data: correlated GBM price paths on a fixed 1-second grid, seeded and deterministic.
 *
 * The path is built top-down (hours, then a Brownian bridge for the minutes of an hour, then one for the seconds
 * of a minute), every draw hashed from (seed, position). So the price at any grid point is a pure function of the
 * seed and that point: querying often or rarely, in order or not, gives the same numbers, and jumping 30 days only
 * costs the hour-level walk plus one minute and one second bridge.
 */
export class SimWorld {
  readonly seed: number;
  readonly clock: Clock;
  readonly originMs: number;
  private readonly assets: readonly SimAssetSpec[];
  private readonly index = new Map<string, number>();
  private readonly chol: number[][];
  /** Latent dimension of each asset: Cholesky assets 0..k-1 in order, satellites k.. in order. */
  private readonly dims: number[];
  /** Per asset: its anchor's asset index and loading, for satellites. */
  private readonly anchors: ({ index: number; loading: number; own: number } | undefined)[];
  /** Latent standard Brownian motion per dimension at hour boundaries, in units of sqrt(hour). */
  private readonly hourZ: number[][];
  private readonly minuteCache = new Map<number, (Float64Array | undefined)[]>();
  private readonly secondCache = new Map<number, (Float64Array | undefined)[]>();
  private readonly shockList: SimShock[] = [];
  private readonly correlation: number[][] | undefined;
  private shockRevision = 0;

  constructor(options: SimWorldOptions) {
    if (!Number.isInteger(options.seed)) {
      throw new InvalidInputError('world seed must be an integer', { field: 'seed', value: options.seed });
    }
    this.seed = options.seed >>> 0;
    this.clock = options.clock;
    this.originMs = Math.floor((options.originMs ?? options.clock.now()) / HOUR_MS) * HOUR_MS;
    this.assets = options.symbols ?? DEFAULT_ASSETS;
    if (this.assets.length === 0) throw new InvalidInputError('world needs at least one symbol', { field: 'symbols' });
    this.assets.forEach((a, i) => {
      if (!(a.startPrice > 0) || !(a.annualVol >= 0)) {
        throw new InvalidInputError(`invalid asset spec for ${a.symbol}`, { field: 'symbols', value: a });
      }
      if (this.index.has(a.symbol)) throw new InvalidInputError(`duplicate symbol ${a.symbol}`, { field: 'symbols' });
      this.index.set(a.symbol, i);
    });
    const core = this.assets.filter((a) => !a.factor);
    if (core.length === 0) throw new InvalidInputError('world needs an asset without a factor', { field: 'symbols' });
    this.correlation = options.correlation?.map((r) => [...r]);
    this.chol = cholesky(options.correlation ?? oneFactorCorrelation(core));
    if (this.chol.length !== core.length) {
      throw new InvalidInputError('correlation matrix size does not match symbols', { field: 'correlation' });
    }
    let nextCore = 0;
    let nextSatellite = core.length;
    this.dims = this.assets.map((a) => (a.factor ? nextSatellite++ : nextCore++));
    this.anchors = this.assets.map((a) => {
      if (!a.factor) return undefined;
      const index = this.index.get(a.factor.on);
      const { loading } = a.factor;
      if (index === undefined || this.assets[index]?.factor || !(Math.abs(loading) <= 1)) {
        throw new InvalidInputError(`invalid factor for ${a.symbol}`, { field: 'symbols', value: a.factor });
      }
      return { index, loading, own: Math.sqrt(1 - loading * loading) };
    });
    this.hourZ = this.assets.map(() => [0]);
  }

  symbols(): string[] {
    return this.assets.map((a) => a.symbol);
  }

  has(symbol: string): boolean {
    return this.index.has(symbol);
  }

  spec(symbol: string): SimAssetSpec {
    return this.assets[this.indexOf(symbol)] as SimAssetSpec;
  }

  /** Everything needed to rebuild this exact world (persist it next to engine snapshots). */
  describe(): SimWorldDescriptor {
    const d: SimWorldDescriptor = {
      seed: this.seed,
      originMs: this.originMs,
      assets: this.assets.map((a) => ({ ...a })),
      shocks: this.shocks(),
    };
    if (this.correlation) d.correlation = this.correlation.map((r) => [...r]);
    return d;
  }

  /** Rebuilds a world from `describe()` output, shocks included. */
  static fromDescriptor(d: SimWorldDescriptor, clock: Clock): SimWorld {
    const options: SimWorldOptions = { seed: d.seed, clock, symbols: d.assets, originMs: d.originMs };
    if (d.correlation) options.correlation = d.correlation;
    const w = new SimWorld(options);
    for (const s of d.shocks) w.shock(s.symbol, s.factor, s.atMs);
    return w;
  }

  shocks(): SimShock[] {
    return this.shockList.map((s) => ({ ...s }));
  }

  /**
   * Multiplies `symbol`'s price by `factor` from `atMs` (default now) on. Engines that already processed times
   * after `atMs` do not revisit them.
   */
  shock(symbol: string, factor: number, atMs: number = this.clock.now()): void {
    this.indexOf(symbol);
    if (!(factor > 0)) throw new InvalidInputError('shock factor must be > 0', { field: 'factor', value: factor });
    this.shockList.push({ symbol, atMs, factor });
    this.shockRevision += 1;
    this.shockList.sort((a, b) => a.atMs - b.atMs);
  }

  /** Changes whenever a shock is added: caches of derived prices key on it. */
  get revision(): number {
    return this.shockRevision;
  }

  /** Grid time (ms) of the point in force at `t`. */
  gridTime(t: number): number {
    return Math.floor(t / GRID_MS) * GRID_MS;
  }

  /** Price (float, internal) at the grid point in force at `t`. Times before the origin give the start price. */
  price(symbol: string, t: number = this.clock.now()): number {
    const i = this.indexOf(symbol);
    const s = Math.max(0, Math.floor((t - this.originMs) / GRID_MS));
    const spec = this.assets[i] as SimAssetSpec;
    const anchor = this.anchors[i];
    const x = anchor
      ? anchor.loading * this.correlated(anchor.index, s) + anchor.own * this.latent(this.dims[i] as number, s)
      : this.correlated(i, s);
    const sigmaH = spec.annualVol / Math.sqrt(HOURS_PER_YEAR);
    const tH = s / 3600;
    let p = spec.startPrice * Math.exp(sigmaH * x - 0.5 * sigmaH * sigmaH * tH);
    for (const sh of this.shockList) {
      if (sh.atMs > t) break;
      if (sh.symbol === symbol) p *= sh.factor;
    }
    return p;
  }

  /** Price as a Decimal with 10 significant digits (what engines build books and marks from). */
  priceDecimal(symbol: string, t: number = this.clock.now()): Decimal {
    return new Decimal(this.price(symbol, t).toPrecision(10));
  }

  /** Correlated latent value of Cholesky asset `i` (asset index) at grid second `s`. */
  private correlated(i: number, s: number): number {
    const d = this.dims[i] as number;
    const row = this.chol[d] as number[];
    let x = 0;
    for (let j = 0; j <= d; j++) {
      const w = row[j] ?? 0;
      if (w !== 0) x += w * this.latent(j, s);
    }
    return x;
  }

  private indexOf(symbol: string): number {
    const i = this.index.get(symbol);
    if (i === undefined) {
      throw new InvalidInputError(`unknown symbol ${symbol}`, {
        field: 'symbol',
        value: symbol,
        expected: this.symbols().join(', '),
      });
    }
    return i;
  }

  /** Latent Brownian value of dimension `d` at grid second `s` (seconds since the origin hour). */
  private latent(d: number, s: number): number {
    const h = Math.floor(s / 3600);
    const inHour = s - h * 3600;
    const m = Math.floor(inHour / 60);
    const k = inHour - m * 60;
    if (k === 0) return this.minuteValue(d, h, m);
    const gm = h * 60 + m;
    const secs = this.bridge(this.secondCache, gm, d, LEVEL_SECOND, 1 / 3600, () => [
      this.minuteValue(d, h, m),
      this.minuteValue(d, h, m + 1),
    ]);
    return secs[k] as number;
  }

  private minuteValue(d: number, h: number, m: number): number {
    if (m === 0) return this.hourValue(d, h);
    if (m === 60) return this.hourValue(d, h + 1);
    const mins = this.bridge(this.minuteCache, h, d, LEVEL_MINUTE, 1 / 60, () => [
      this.hourValue(d, h),
      this.hourValue(d, h + 1),
    ]);
    return mins[m] as number;
  }

  private hourValue(d: number, h: number): number {
    const z = this.hourZ[d] as number[];
    while (z.length <= h) {
      const n = z.length - 1;
      z.push((z[n] as number) + normalAt(this.seed, n, d, 0));
    }
    return z[h] as number;
  }

  /** 61 points from A to B in 60 steps of variance `dt` each, conditioned on both ends (Brownian bridge). */
  private bridge(
    cache: Map<number, (Float64Array | undefined)[]>,
    key: number,
    d: number,
    level: number,
    dt: number,
    ends: () => [number, number],
  ): Float64Array {
    let entry = cache.get(key);
    if (!entry) {
      entry = new Array<Float64Array | undefined>(this.assets.length);
      cache.set(key, entry);
      if (cache.size > CACHE_ENTRIES) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
    }
    let pts = entry[d];
    if (!pts) {
      const [a, b] = ends();
      pts = new Float64Array(61);
      pts[0] = a;
      pts[60] = b;
      for (let i = 1; i < 60; i++) {
        const prev = pts[i - 1] as number;
        const left = 60 - i + 1;
        const mean = prev + (b - prev) / left;
        const sd = Math.sqrt((dt * (left - 1)) / left);
        pts[i] = mean + sd * normalAt(this.seed, key, d, level, i);
      }
      entry[d] = pts;
    }
    return pts;
  }
}
