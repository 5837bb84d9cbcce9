import * as fs from 'node:fs';
import { createRequire as createRuntimeRequire } from 'node:module';
import * as path from 'node:path';
import { acquireInstanceLock, Decimal, type InstanceLock } from '@dn/core';

/**
 * The history database: one SQLite file (`<dir>/history.sqlite`) with one schema for every venue. SQLite through
 * node-sqlite3-wasm: WASM, so it installs from npm alone (no native build, no binary download) on Node 20, and it
 * writes the file itself, page by page, so a killed download keeps every committed page.
 */
export const HISTORY_FILE = 'history.sqlite';
export const HISTORY_SCHEMA_VERSION = 1;

export interface FundingRow {
  venue: string;
  symbol: string;
  /** Settlement time, ms. */
  time: number;
  /** Rate per interval, fraction; positive = longs pay shorts. */
  rate: Decimal;
  intervalHours: number;
  markPrice?: Decimal;
}

export interface CandleRow {
  venue: string;
  symbol: string;
  /** Open time of the day, ms. */
  time: number;
  close: Decimal;
  /** Traded volume in base units. */
  volume: Decimal;
}

export interface MarketRow {
  venue: string;
  symbol: string;
  takerFee: Decimal;
  makerFee: Decimal;
  fundingIntervalHours: number;
  maxLeverage: Decimal;
}

export type RangeKind = 'funding' | 'candles';

type SqlRow = Record<string, unknown>;

interface SqliteDatabase {
  exec(sql: string): void;
  run(sql: string, values?: unknown): unknown;
  all(sql: string, values?: unknown): SqlRow[];
  get(sql: string, values?: unknown): SqlRow | null;
  close(): void;
}

// Loaded at run time, not bundled: the driver finds its .wasm beside its own file in node_modules.
const requireAtRuntime = createRuntimeRequire(import.meta.url);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS funding (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, time INTEGER NOT NULL,
  rate TEXT NOT NULL, interval_hours REAL NOT NULL, mark_price TEXT,
  PRIMARY KEY (venue, symbol, time));
CREATE TABLE IF NOT EXISTS candles (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, time INTEGER NOT NULL, close TEXT NOT NULL, volume TEXT NOT NULL,
  PRIMARY KEY (venue, symbol, time));
CREATE TABLE IF NOT EXISTS markets (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, taker_fee TEXT NOT NULL, maker_fee TEXT NOT NULL,
  funding_interval_hours REAL NOT NULL, max_leverage TEXT NOT NULL, PRIMARY KEY (venue, symbol));
CREATE TABLE IF NOT EXISTS ranges (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, kind TEXT NOT NULL, since INTEGER NOT NULL, until INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol, kind));
`;

export class HistoryStore {
  readonly file: string;

  private constructor(
    file: string,
    private readonly db: SqliteDatabase,
    private readonly lock: InstanceLock,
  ) {
    this.file = file;
  }

  /**
   * Opens (creating with `create`) the database in `dir`, one process at a time (a pid lock beside it). The driver
   * marks an open transaction with a `<file>.lock` folder that a killed process leaves behind; holding the pid lock,
   * such a folder can only be a dead process's, so it is removed and SQLite's journal rolls that transaction back.
   */
  static async open(dir: string, options: { create?: boolean } = {}): Promise<HistoryStore> {
    const file = path.join(dir, HISTORY_FILE);
    if (!options.create && !fs.existsSync(file)) {
      throw new Error(`no history database at ${file} (download one with: rotation-bot history --out ${dir})`);
    }
    fs.mkdirSync(dir, { recursive: true });
    const lock = await acquireInstanceLock(`${file}.pid`, { app: 'rotation-bot-history', state: file });
    try {
      fs.rmSync(`${file}.lock`, { recursive: true, force: true });
      const { Database } = requireAtRuntime('node-sqlite3-wasm') as {
        Database: new (file: string) => SqliteDatabase;
      };
      const db = new Database(file);
      try {
        db.exec(SCHEMA);
        const version = db.get('SELECT value FROM meta WHERE key = ?', ['schema'])?.value;
        if (version === undefined) {
          db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['schema', String(HISTORY_SCHEMA_VERSION)]);
        } else if (version !== String(HISTORY_SCHEMA_VERSION)) {
          throw new Error(`${file} has schema ${String(version)}; this version reads ${HISTORY_SCHEMA_VERSION}`);
        }
      } catch (e) {
        db.close();
        throw e;
      }
      return new HistoryStore(file, db, lock);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  close(): void {
    this.db.close();
    this.lock.release();
  }

  /** Runs `fn` in one transaction: a page and the range it extends are committed together or not at all. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  putMarkets(rows: MarketRow[]): void {
    this.transaction(() =>
      this.replaceRows('markets', rows, (m) => [
        m.venue,
        m.symbol,
        m.takerFee,
        m.makerFee,
        m.fundingIntervalHours,
        m.maxLeverage,
      ]),
    );
  }

  putFunding(rows: FundingRow[]): void {
    this.replaceRows('funding', rows, (r) => [r.venue, r.symbol, r.time, r.rate, r.intervalHours, r.markPrice]);
  }

  putCandles(rows: CandleRow[]): void {
    this.replaceRows('candles', rows, (r) => [r.venue, r.symbol, r.time, r.close, r.volume]);
  }

  /** One row per item in `table`'s column order, replacing the row of the same key; decimals are stored as text. */
  private replaceRows<T>(
    table: 'markets' | 'funding' | 'candles',
    rows: readonly T[],
    values: (row: T) => Array<string | number | Decimal | undefined>,
  ): void {
    for (const row of rows) {
      const v = values(row).map((x) => (x instanceof Decimal ? x.toString() : (x ?? null)));
      this.db.run(`INSERT OR REPLACE INTO ${table} VALUES (${v.map(() => '?').join(', ')})`, v);
    }
  }

  /** The contiguous range already downloaded for (venue, symbol, kind), if any. */
  range(venue: string, symbol: string, kind: RangeKind): { since: number; until: number } | undefined {
    const r = this.db.get('SELECT since, until FROM ranges WHERE venue = ? AND symbol = ? AND kind = ?', [
      venue,
      symbol,
      kind,
    ]);
    return r ? { since: Number(r.since), until: Number(r.until) } : undefined;
  }

  setRange(venue: string, symbol: string, kind: RangeKind, since: number, until: number): void {
    this.db.run('INSERT OR REPLACE INTO ranges VALUES (?, ?, ?, ?, ?)', [venue, symbol, kind, since, until]);
  }

  markets(): MarketRow[] {
    return this.db.all('SELECT * FROM markets ORDER BY venue, symbol').map((r) => ({
      venue: String(r.venue),
      symbol: String(r.symbol),
      takerFee: new Decimal(String(r.taker_fee)),
      makerFee: new Decimal(String(r.maker_fee)),
      fundingIntervalHours: Number(r.funding_interval_hours),
      maxLeverage: new Decimal(String(r.max_leverage)),
    }));
  }

  funding(filter: { venue?: string; symbol?: string } = {}): FundingRow[] {
    return this.timedRows('funding', filter).map((r) => ({
      ...keyOf(r),
      rate: new Decimal(String(r.rate)),
      intervalHours: Number(r.interval_hours),
      ...(r.mark_price === null ? {} : { markPrice: new Decimal(String(r.mark_price)) }),
    }));
  }

  candles(filter: { venue?: string; symbol?: string } = {}): CandleRow[] {
    return this.timedRows('candles', filter).map((r) => ({
      ...keyOf(r),
      close: new Decimal(String(r.close)),
      volume: new Decimal(String(r.volume)),
    }));
  }

  /** The rows of a time series table matching `filter`, by venue, symbol and time. */
  private timedRows(table: 'funding' | 'candles', filter: { venue?: string; symbol?: string }): SqlRow[] {
    const { where, values } = whereOf(filter);
    return this.db.all(`SELECT * FROM ${table} ${where} ORDER BY venue, symbol, time`, values);
  }

  counts(): { funding: number; candles: number; markets: number } {
    const n = (t: string) => Number(this.db.get(`SELECT COUNT(*) AS n FROM ${t}`)?.n ?? 0);
    return { funding: n('funding'), candles: n('candles'), markets: n('markets') };
  }
}

/** The key columns of a time series row. */
function keyOf(r: SqlRow): { venue: string; symbol: string; time: number } {
  return { venue: String(r.venue), symbol: String(r.symbol), time: Number(r.time) };
}

function whereOf(filter: { venue?: string; symbol?: string }): { where: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  if (filter.venue) {
    parts.push('venue = ?');
    values.push(filter.venue);
  }
  if (filter.symbol) {
    parts.push('symbol = ?');
    values.push(filter.symbol);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}
