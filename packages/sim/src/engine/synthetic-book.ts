import { type BookLevel, ceilToStep, Decimal, floorToStep, roundToStep } from '@dn/core';
import type { SimMarket } from './markets.js';
import { uniformAt } from './random.js';

export type BookSide = 'bid' | 'ask';

/** Liquidity taken from one generated level, recovering linearly to nothing over the recovery time. */
export interface Depletion {
  side: BookSide;
  price: string;
  size: string;
  at: number;
}

interface Generated {
  gridT: number;
  mid: string;
  bids: BookLevel[];
  asks: BookLevel[];
  /** Depletion keys of the levels above, same order. */
  bidKeys: string[];
  askKeys: string[];
}

/**
 * The venue's background liquidity: levels around the mid with a spread, a linear depth profile and hashed size
 * noise, regenerated at every grid point. What users take is remembered per price and comes back over
 * `recoveryMs`, so a sweep moves the book and repeated sweeps get worse prices.
 */
export class SyntheticBook {
  private generated: Generated | undefined;
  private readonly depletions = new Map<string, { side: BookSide; price: Decimal; size: Decimal; at: number }>();

  constructor(
    readonly market: SimMarket,
    private readonly seed: number,
    private readonly recoveryMs: number,
  ) {}

  /** Net levels (generated minus depletion), best first; empty levels are dropped. */
  levels(side: BookSide, mid: Decimal, gridT: number, now: number): BookLevel[] {
    const g = this.generate(mid, gridT);
    const gross = side === 'bid' ? g.bids : g.asks;
    if (this.depletions.size === 0) return gross;
    const keys = side === 'bid' ? g.bidKeys : g.askKeys;
    const out: BookLevel[] = [];
    gross.forEach((level, i) => {
      const d = this.depletions.has(keys[i] as string) ? this.depletionAt(side, level.price, now) : undefined;
      if (d === undefined || d.isZero()) out.push(level);
      else if (level.size.gt(d)) out.push({ price: level.price, size: level.size.sub(d) });
    });
    return out;
  }

  /**
   * Best generated price of a side: the first level of `levels`, without generating fifty levels when nothing was
   * taken (stats and tickers of a hundred markets ask for the touch of each, every second).
   */
  best(side: BookSide, mid: Decimal, gridT: number, now: number): Decimal | undefined {
    if (this.depletions.size > 0 || this.generated?.gridT === gridT)
      return this.levels(side, mid, gridT, now)[0]?.price;
    const { bestBid, bestAsk } = this.touchOf(mid);
    if (side === 'ask') return bestAsk;
    return bestBid.gt(0) ? bestBid : this.levels(side, mid, gridT, now)[0]?.price;
  }

  consume(side: BookSide, price: Decimal, size: Decimal, now: number): void {
    const key = `${side}:${price.toString()}`;
    const left = this.depletionAt(side, price, now);
    this.depletions.set(key, { side, price, size: left.add(size), at: now });
  }

  /** Drops depletions that have fully recovered. */
  prune(now: number): boolean {
    let changed = false;
    for (const [k, d] of this.depletions) {
      if (now - d.at >= this.recoveryMs) {
        this.depletions.delete(k);
        changed = true;
      }
    }
    return changed;
  }

  hasDepletion(): boolean {
    return this.depletions.size > 0;
  }

  exportDepletions(): Depletion[] {
    return [...this.depletions.values()].map((d) => ({
      side: d.side,
      price: d.price.toString(),
      size: d.size.toString(),
      at: d.at,
    }));
  }

  importDepletions(list: readonly Depletion[]): void {
    this.depletions.clear();
    for (const d of list) {
      this.depletions.set(`${d.side}:${new Decimal(d.price).toString()}`, {
        side: d.side,
        price: new Decimal(d.price),
        size: new Decimal(d.size),
        at: d.at,
      });
    }
  }

  private depletionAt(side: BookSide, price: Decimal, now: number): Decimal {
    const d = this.depletions.get(`${side}:${price.toString()}`);
    if (!d) return new Decimal(0);
    const elapsed = now - d.at;
    if (elapsed >= this.recoveryMs) return new Decimal(0);
    if (elapsed <= 0) return d.size;
    const left = d.size.mul(this.recoveryMs - elapsed).div(this.recoveryMs);
    return ceilToStep(left, this.market.lotSize);
  }

  private generate(mid: Decimal, gridT: number): Generated {
    const midKey = mid.toString();
    if (this.generated && this.generated.gridT === gridT && this.generated.mid === midKey) return this.generated;
    const m = this.market;
    const { bestBid, bestAsk } = this.touchOf(mid);
    let step = roundToStep(mid.mul(m.levelStepBps).div(10_000), m.tickSize);
    if (step.lt(m.tickSize)) step = m.tickSize;
    const midF = mid.toNumber();
    const second = Math.floor(gridT / 1000);
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < m.bookLevels; i++) {
      const bidPrice = bestBid.sub(step.mul(i));
      if (bidPrice.gt(0)) bids.push({ price: bidPrice, size: this.levelSize(midF, second, i, 0) });
      asks.push({ price: bestAsk.add(step.mul(i)), size: this.levelSize(midF, second, i, 1) });
    }
    this.generated = {
      gridT,
      mid: midKey,
      bids,
      asks,
      bidKeys: bids.map((l) => `bid:${l.price.toString()}`),
      askKeys: asks.map((l) => `ask:${l.price.toString()}`),
    };
    return this.generated;
  }

  private touchOf(mid: Decimal): { bestBid: Decimal; bestAsk: Decimal } {
    const m = this.market;
    const half = mid.mul(m.spreadBps).div(20_000);
    const bestBid = floorToStep(mid.sub(half), m.tickSize);
    let bestAsk = ceilToStep(mid.add(half), m.tickSize);
    if (bestAsk.lte(bestBid)) bestAsk = bestBid.add(m.tickSize);
    return { bestBid, bestAsk };
  }

  private levelSize(midF: number, second: number, level: number, side: number): Decimal {
    const noise = 0.6 + 0.8 * uniformAt(this.seed, second, level, side, 3);
    const base = (this.market.depthUsd * (1 + 0.5 * level) * noise) / midF;
    const size = floorToStep(new Decimal(base.toPrecision(8)), this.market.lotSize);
    return size.gt(0) ? size : this.market.lotSize;
  }
}
