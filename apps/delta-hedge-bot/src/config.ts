import * as fs from 'node:fs';
import { VENUE_NAMES, type VenueName } from '@dn/connect';
import {
  alertsConfigSchema,
  ConfigError,
  Decimal,
  loadAppConfig,
  zNonNegativeDecimal,
  zPositiveDecimal,
} from '@dn/core';
import { z } from 'zod';

const positive = zPositiveDecimal;
const nonNegative = zNonNegativeDecimal;
/** Whole seconds, from the environment (a string) or a JSON number. */
const seconds = (min: number, max: number) =>
  z.coerce.number().int('must be a whole number of seconds').min(min).max(max);

/** Extended's production REST endpoint, the only one this bot trades on (with or without the `/api/v1` path). */
export const EXTENDED_PRODUCTION_URLS = [
  'https://api.starknet.extended.exchange',
  'https://api.starknet.extended.exchange/api/v1',
];

/**
 * The seed's keys, same names and defaults, read from the environment (or `.env`) and overridden by `--config
 * file.json` with the same keys. Keys after `STOP_LOSS_MODE` are ours. Unknown keys are refused (a misspelt key
 * would otherwise silently keep its default).
 */
export const configSchema = z
  .object({
    /** Extended's REST URL in the seed; only the production endpoint is accepted (see README). */
    EXTENDED_API_URL: z.string().optional(),
    /** Market of the long leg: the seed's `BTC-PERP`, the venue's `BTC-USD`, or `BTC`. */
    BTC_SYMBOL: z.string().trim().min(1).default('BTC-PERP'),
    /** Market of the short (hedge) leg. */
    ETH_SYMBOL: z.string().trim().min(1).default('ETH-PERP'),
    /** BTC held long, base units. */
    BASE_POSITION_SIZE: positive.default(new Decimal('0.01')),
    /** Days of daily candles the hedge ratio is estimated from. */
    LOOKBACK_DAYS: seconds(3, 3650).default(365),
    /** Seconds between rebalances. */
    REBALANCE_INTERVAL: seconds(5, 86_400).default(300),
    /** Seconds between hedge-ratio refreshes. */
    HEDGE_REFRESH_INTERVAL: seconds(60, 30 * 86_400).default(3600),
    /** A leg (or the pair, see STOP_LOSS_MODE) losing more than this fraction of its notional closes both legs. */
    STOP_LOSS_PCT: positive.refine((d) => d.lt(1), 'must be < 1 (a fraction: 0.08 = 8 %)').default(new Decimal('0.08')),
    /** Smallest rebalance order, base units. */
    MIN_ORDER_SIZE: nonNegative.default(new Decimal('0.0001')),
    /** A leg within this many base units of its target is left alone; also the reconciliation tolerance. */
    POSITION_TOLERANCE: nonNegative.default(new Decimal('0.0001')),
    /** State file (default: `<home>[/paper|/sim]/delta-hedge-bot.state.json`, so paper and live never share one). */
    BOT_STATE_PATH: z.string().trim().min(1).optional(),
    /** `leg` (the seed's rule: either leg's loss) or `pair` (the two legs' combined loss over their combined notional). */
    STOP_LOSS_MODE: z.enum(['leg', 'pair']).default('leg'),
    /** Venue trading both legs (default extended, the seed's). */
    VENUE: z.enum(VENUE_NAMES).default('extended'),
    /** Fewest daily returns a hedge-ratio estimate needs; fewer keeps the last good ratio. */
    MIN_HEDGE_SAMPLES: seconds(3, 3650).default(30),
    /** Price band of a rebalance IOC through the best price, percent. */
    REBALANCE_BAND_PCT: positive.refine((d) => d.lte(5), 'must be <= 5 (percent)').default(new Decimal('0.5')),
    /** Paper mode: simulated collateral, USD. */
    PAPER_COLLATERAL_USD: positive.default(new Decimal(10_000)),
    /** Operator alerts (webhook / Telegram), the same block every app reads. */
    alerts: alertsConfigSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.EXTENDED_API_URL === undefined) return;
    const url = c.EXTENDED_API_URL.trim().replace(/\/+$/, '').toLowerCase();
    if (!EXTENDED_PRODUCTION_URLS.includes(url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXTENDED_API_URL'],
        message: `is "${c.EXTENDED_API_URL}": this bot connects to Extended's production endpoint only, so it would trade there instead (expected unset or ${EXTENDED_PRODUCTION_URLS[1]})`,
      });
    }
  });

export type HedgeBotConfig = z.infer<typeof configSchema>;

/** Keys read from the environment: every key of the schema under its own name. */
const ENV_KEYS = Object.keys(configSchema.shape).filter((k) => k !== 'alerts');

export function readHedgeConfig(
  file: string | undefined,
  environment: Record<string, string | undefined>,
  dotenvPath: string,
): HedgeBotConfig {
  return loadAppConfig({
    schema: configSchema,
    file,
    environment,
    dotenvPath,
    env: Object.fromEntries(ENV_KEYS.map((k) => [k, k])),
  });
}

/**
 * The unified symbol of a configured market: the seed's `BTC-PERP`, a venue's `BTC-USD` / `BTCUSDT` / `BTC_USDC`,
 * or `btc` all name `BTC`.
 */
export function unifiedSymbol(text: string): string {
  const s = text.trim().toUpperCase();
  const m = /^([A-Z0-9]+?)(?:[-_/]?(?:PERP|USDC|USDT|USD))*(?:[-_/]PERP)?$/.exec(s);
  return m?.[1] ?? s;
}

/**
 * The seed names its API secret `EXTENDED_API_SECRET`, but Extended signs orders with a Stark key and trades a vault:
 * the secret alone cannot trade. Asked for by name, never guessed.
 */
export function extendedSecretProblem(env: Record<string, string | undefined>): ConfigError | undefined {
  if (!env.EXTENDED_API_SECRET?.trim()) return undefined;
  const missing = ['EXTENDED_STARK_PRIVATE_KEY', 'EXTENDED_VAULT'].filter((k) => !env[k]?.trim());
  if (missing.length === 0) return undefined;
  return new ConfigError(
    missing.map((key) => ({
      key,
      problem: 'is required: EXTENDED_API_SECRET is set, but Extended signs orders with a Stark key and trades a vault',
      expected: 'the Stark private key and vault number of your Extended API key (app → API management)',
    })),
  );
}

/** `BOT_STATE_PATH` from the environment or the config file, read before start-up (it picks the state file). */
export function statePathSetting(
  file: string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (file && fs.existsSync(file)) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (typeof data.BOT_STATE_PATH === 'string' && data.BOT_STATE_PATH.trim()) return data.BOT_STATE_PATH.trim();
    } catch {
      // The config loader reports a bad file with its key and reason.
    }
  }
  return env.BOT_STATE_PATH?.trim() || undefined;
}

export type { VenueName };
