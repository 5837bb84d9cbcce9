import { Decimal } from '@dn/core';
import type { CandleRow, FundingRow, HistoryStore, MarketRow } from '../history/store.js';

const DAY_MS = 86_400_000;

/** One venue's stored series of one symbol, read forward in time. */
export interface Series {
  funding: FundingRow[];
  candles: CandleRow[];
}

/**
 * Stored history, indexed for a replay that only moves forward: what each venue's market looked like at time t
 * (last settled rate, price, previous day's volume) without looking ahead.
 */
export class HistoryView {
  readonly markets: MarketRow[];
  readonly venues: string[];
  readonly start: number;
  readonly end: number;
  private readonly series = new Map<string, Series>();

  constructor(data: { markets: MarketRow[]; funding: FundingRow[]; candles: CandleRow[] }) {
    this.markets = data.markets;
    this.venues = [...new Set(data.markets.map((m) => m.venue))].sort();
    for (const f of data.funding) this.seriesOf(f.venue, f.symbol).funding.push(f);
    for (const c of data.candles) this.seriesOf(c.venue, c.symbol).candles.push(c);
    for (const s of this.series.values()) {
      s.funding.sort((a, b) => a.time - b.time);
      s.candles.sort((a, b) => a.time - b.time);
    }
    // A loop, not Math.min(...): a month of four venues is far more rows than a call's arguments may be.
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const f of data.funding) {
      if (f.time < start) start = f.time;
      if (f.time > end) end = f.time;
    }
    this.start = Number.isFinite(start) ? start : 0;
    this.end = Number.isFinite(end) ? end : 0;
  }

  static fromStore(store: HistoryStore): HistoryView {
    return new HistoryView({ markets: store.markets(), funding: store.funding(), candles: store.candles() });
  }

  get(venue: string, symbol: string): Series | undefined {
    return this.series.get(`${venue}:${symbol}`);
  }

  /** Last rate settled at or before t. */
  fundingAt(venue: string, symbol: string, t: number): FundingRow | undefined {
    const f = this.get(venue, symbol)?.funding;
    return f ? f[lastIndexAtOrBefore(f, t)] : undefined;
  }

  /** Settlements in (from, to]. */
  settlements(venue: string, symbol: string, from: number, to: number): FundingRow[] {
    const f = this.get(venue, symbol)?.funding ?? [];
    const out: FundingRow[] = [];
    for (let i = lastIndexAtOrBefore(f, from) + 1; i < f.length && (f[i] as FundingRow).time <= to; i++) {
      out.push(f[i] as FundingRow);
    }
    return out;
  }

  /** Price at t: the mark of the last settlement, else the close of the last complete day. */
  priceAt(venue: string, symbol: string, t: number): Decimal | undefined {
    const mark = this.fundingAt(venue, symbol, t)?.markPrice;
    if (mark) return mark;
    return this.lastDay(venue, symbol, t)?.close;
  }

  /** Volume (USD) of the last complete day before t; 0 when none is stored. */
  volumeUsdAt(venue: string, symbol: string, t: number): Decimal {
    const day = this.lastDay(venue, symbol, t);
    return day ? day.volume.mul(day.close) : new Decimal(0);
  }

  private lastDay(venue: string, symbol: string, t: number): CandleRow | undefined {
    const c = this.get(venue, symbol)?.candles ?? [];
    // A day's candle is known once the day is over.
    return c[lastIndexAtOrBefore(c, t - DAY_MS)];
  }

  private seriesOf(venue: string, symbol: string): Series {
    const key = `${venue}:${symbol}`;
    let s = this.series.get(key);
    if (!s) {
      s = { funding: [], candles: [] };
      this.series.set(key, s);
    }
    return s;
  }
}

function lastIndexAtOrBefore(rows: Array<{ time: number }>, t: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as { time: number }).time <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
