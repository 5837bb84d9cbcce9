import * as fs from 'node:fs';
import * as path from 'node:path';
import { VENUE_NAMES, type VenueName } from '@dn/connect';
import { ConfigError, type ConfigIssue, Decimal, zConfigDecimal, zPositiveDecimal } from '@dn/core';
import { z } from 'zod';

/**
 * `hedge_config.json`: seed 001's file (`symbol`, `quote`, `long_exchange`, `short_exchange`, `leverage`,
 * `notional`) is accepted as it is; the other keys are ours and optional. Unknown keys are listed as warnings, not
 * refused, so a seed file with extra notes still loads.
 */
export const DEFAULT_CONFIG_FILE = 'hedge_config.json';

/** The dollar quotes every venue here settles in; the seed's `quote` names one of them. */
const DOLLAR_QUOTES = ['USD', 'USDC', 'USDT'] as const;

const decimal = zConfigDecimal;
const positive = zPositiveDecimal;
const venue = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s): s is VenueName => (VENUE_NAMES as readonly string[]).includes(s), {
    message: `must be one of ${VENUE_NAMES.join(', ')}`,
  })
  .transform((s) => s as VenueName);

const schema = z
  .object({
    symbol: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.toUpperCase()),
    quote: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .refine((s) => (DOLLAR_QUOTES as readonly string[]).includes(s), {
        message: `must be one of ${DOLLAR_QUOTES.join(', ')} (every venue here trades dollar-margined perpetuals)`,
      })
      .default('USD'),
    long_exchange: venue,
    short_exchange: venue,
    /** Whole number from 1; capped per market by the venue's maximum when it is set (the cap is shown). */
    leverage: decimal.refine((d) => d.isInteger() && d.gte(1), 'must be a whole number >= 1'),
    /** Default notional per leg of `open`, in the quote currency (the seed's default when absent: 40). */
    notional: positive.default(new Decimal(40)),
    /** Symbols of `funding_all` and `check_leverage` without `--symbols` (default: every symbol both venues list). */
    symbols: z.array(z.string().trim().min(1)).optional(),
    /** Band of the first IOC around the best price, percent (seed 001 crossed 100 ticks instead). */
    price_band_pct: positive.default(new Decimal('0.5')),
    /** Widest band any retry may use, percent: beyond it a hedge is unwound rather than paid for. */
    max_price_band_pct: positive.default(new Decimal(2)),
    /** Longest a single leg may stand unhedged before it is unwound, seconds. */
    single_leg_timeout_seconds: positive.default(new Decimal(10)),
    /** Paper mode: starting collateral per venue, USD. */
    paper_collateral_usd: positive.default(new Decimal(10000)),
  })
  .refine((c) => c.long_exchange !== c.short_exchange, {
    message: 'long_exchange and short_exchange must differ (one account would hold both legs: not hedged)',
    path: ['short_exchange'],
  });

export type HedgeConfig = z.infer<typeof schema> & {
  /** The file it came from; absent when the defaults are used. */
  file?: string;
  /** Keys of the file that mean nothing here. */
  unknownKeys: string[];
};

/** Used when no config file exists: a pair every simulator serves, so paper mode works with no file at all. */
export const DEFAULT_CONFIG = {
  symbol: 'BTC',
  quote: 'USD',
  long_exchange: 'lighter',
  short_exchange: 'edgex',
  leverage: 3,
  notional: 40,
} as const;

const KNOWN_KEYS = new Set(Object.keys(schema.shape ?? {}));

/**
 * Reads the config; `file` undefined means the defaults. Errors name the key and what it must be (exit 2).
 */
export function readHedgeConfig(file: string | undefined): HedgeConfig {
  let raw: unknown = DEFAULT_CONFIG;
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError([{ key: '(file)', problem: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code}` }]);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError([{ key: '(file)', problem: `${file} is not JSON: ${(e as Error).message}` }]);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError([{ key: '(root)', problem: `${file} must hold a JSON object` }]);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.map((i) => ({
      key: i.path.map(String).join('.') || '(root)',
      problem: i.message,
    }));
    throw new ConfigError(issues);
  }
  const unknownKeys = Object.keys(raw as object).filter((k) => !KNOWN_KEYS.has(k));
  return { ...parsed.data, ...(file !== undefined ? { file } : {}), unknownKeys };
}

/**
 * The config file to use: `--config` as given, else `hedge_config.json` in the folder the command was run in, else
 * in the home; undefined when there is none (the defaults).
 */
export function findConfigFile(flag: string | undefined, invokedIn: string, home: string): string | undefined {
  if (flag !== undefined) return path.resolve(invokedIn, flag);
  for (const dir of [invokedIn, home]) {
    const p = path.join(dir, DEFAULT_CONFIG_FILE);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Rewrites `long_exchange` / `short_exchange` in the file, keeping every other key and its value as written
 * (temp file, fsync, rename: a crash leaves the old file or the new one).
 */
export function writeDirection(file: string, long: VenueName, short: VenueName): void {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  data.long_exchange = long;
  data.short_exchange = short;
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', fs.statSync(file).mode & 0o777);
  try {
    fs.writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
