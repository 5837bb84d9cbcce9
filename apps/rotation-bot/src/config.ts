import { VENUE_NAMES, type VenueName } from '@dn/connect';
import {
  alertsConfigSchema,
  Decimal,
  InvalidInputError,
  loadAppConfig,
  type Market,
  zConfigDecimal,
  zNonNegativeDecimal,
  zPositiveDecimal,
} from '@dn/core';
import { z } from 'zod';
import { type ConfigNote, type SeedFormat, translateSeedConfig } from './config-seeds.js';

export type { VenueName };

/**
 * Entry filters. The defaults follow the seeds' advice for thin markets (seed 003: combined volume ≥ $10–50 M, intra
 * spread ≤ 0.15 %, cross spread ≤ 0.25 %; its own file uses $20 M): a thin book's funding looks rich and then the
 * pilot does not fill, or fills and pays the spread back on the way out.
 */
const filters = z
  .object({
    /** Sum of both venues' 24 h volume in USD. */
    min_combined_volume_usd: zNonNegativeDecimal.default(new Decimal(10_000_000)),
    /** Best ask − best bid over mid, per venue, in percent. */
    max_intra_exchange_spread_pct: zNonNegativeDecimal.default(new Decimal('0.15')),
    /** Difference of the two venues' mids over the average mid, in percent. */
    max_cross_exchange_spread_pct: zNonNegativeDecimal.default(new Decimal('0.25')),
    /** Minimum net APR (after fees, spread and exit buffer) to open, in percent. */
    min_net_apr_pct: zConfigDecimal.default(new Decimal(5)),
  })
  .strict();

export const configSchema = z
  .object({
    venues: z
      .array(z.enum(VENUE_NAMES))
      .min(2, 'needs at least two venues')
      .refine(
        (v) => new Set(v).size === v.length,
        'venues must be distinct: two legs on one account net out (reported hedged, actually naked)',
      )
      .default(['extended', 'pacifica']),
    /** Symbols to scan; empty = every symbol common to the configured venues. */
    symbols_to_monitor: z.array(z.string().min(1)).default([]),
    /** Symbols never traded (a blacklist), whatever `symbols_to_monitor` says. */
    symbols_to_skip: z.array(z.string().min(1)).default([]),
    /** Whole number from 1 to the markets' maximum (checked against the venues' markets at start). */
    leverage: zConfigDecimal
      .refine((d) => d.isInteger() && d.gte(1), 'must be a whole number >= 1')
      .default(new Decimal(3)),
    /** Target notional per leg in USD. */
    notional_per_position: zPositiveDecimal.default(new Decimal(1000)),
    /** Hard cap per leg in USD. */
    max_position_size_usd: zPositiveDecimal.default(new Decimal(10000)),
    /** First-trade mode: caps the notional per leg (e.g. 20) to try one small real cycle before going big. */
    max_notional: zPositiveDecimal.optional(),
    /** Fraction of available margin × leverage the bot may use. */
    margin_usage: zPositiveDecimal.refine((d) => d.lte(1), 'must be <= 1').default(new Decimal('0.95')),
    hold_duration_hours: zPositiveDecimal.default(new Decimal(48)),
    wait_between_cycles_minutes: zNonNegativeDecimal.default(new Decimal(5)),
    check_interval_seconds: zPositiveDecimal.default(new Decimal(300)),
    /** Seconds between scans while no position is open. */
    scan_interval_seconds: zPositiveDecimal.default(new Decimal(300)),
    /** Alias of filters.min_net_apr_pct kept from the seed configs (percent). Wins when set. */
    min_net_apr_threshold: zConfigDecimal.optional(),
    /**
     * Close both legs when the PAIR's unrealised loss (both legs summed) exceeds this percent of its notional.
     * Default 20.
     */
    stop_loss_pct_of_notional: zPositiveDecimal.optional(),
    /** Seed 001's name for `stop_loss_pct_of_notional` (same unit); used when the explicit key is absent. */
    stop_loss_percent: zPositiveDecimal.optional(),
    /** Optional second stop: the pair's loss as a percent of the margin posted at the effective leverage. */
    stop_loss_pct_of_margin: zPositiveDecimal.optional(),
    enable_stop_loss: z.boolean().default(true),
    /**
     * Liquidation guard, percent: close the pair when either leg's mark is closer than this to its liquidation price
     * (|mark − liq| / mark). The pair stop-loss cannot see it: one venue liquidates a leg while the other leg's gain
     * sits on another venue, leaving the bot naked and paying the penalty. A leg without a known liquidation price
     * never triggers it. Default 5.
     */
    min_liquidation_distance_pct: zPositiveDecimal.refine((d) => d.lt(100), 'must be < 100').default(new Decimal(5)),
    /** Close early when the pair's live funding APR, after `funding_haircut_pct`, stays below this percent … */
    funding_flip_close_apr_pct: zConfigDecimal.default(new Decimal(-50)),
    /** … for this many consecutive checks (one reading is noise: Pacifica's rate is an intra-hour estimate). */
    funding_flip_confirmations: z.number().int().min(1).default(3),
    /**
     * Haircut on the current funding spread when judging an entry, percent: spreads mean-revert within hours, so
     * the rate seen now overstates what a long hold collects (rotation.md: djienne's gate uses 30 %).
     */
    funding_haircut_pct: zNonNegativeDecimal.refine((d) => d.lt(100), 'must be < 100').default(new Decimal(30)),
    /**
     * Half-life of a funding spread between venues, hours: the expected funding over a hold is today's spread
     * averaged over its decay toward zero (then `funding_haircut_pct`). Spreads revert within hours: valuing a 48 h
     * hold at today's rate over-promised every cycle's funding by 2–3× on the simulator (30 days, Extended +
     * Pacifica: funding collected ≈ 40 % of expected, net negative), where 12 keeps the bot flat without an edge and
     * the realised net near the expected one. Default 12; `null` = no decay, the haircut alone.
     */
    funding_half_life_hours: zPositiveDecimal.nullable().default(new Decimal(12)),
    /** Expected exit cost in percent of notional, on top of fees (spread you will pay to get out). */
    exit_cost_buffer_pct: zNonNegativeDecimal.default(new Decimal('0.02')),
    /** A book older than this (by its own timestamp) is not priced: fail closed on stale data. */
    max_book_age_seconds: zPositiveDecimal.default(new Decimal(30)),
    /** Band around the best price for marketable limit IOC orders, percent. */
    price_band_pct: zPositiveDecimal.default(new Decimal('0.5')),
    /**
     * Widest price band any retry may use, percent. Hedge retries are further capped by the opportunity's expected
     * funding over the hold: paying more slippage than that is a certain loss, so the pilot is unwound instead.
     */
    max_slippage_pct: zPositiveDecimal.default(new Decimal(1)),
    /** Longest a single unhedged leg may stay open before it is unwound, seconds. */
    single_leg_timeout_seconds: zPositiveDecimal.default(new Decimal(10)),
    /** While holding, legs whose sizes differ by more than this percent of the larger are re-hedged (the larger reduced). */
    hedge_tolerance_pct: zPositiveDecimal.default(new Decimal(1)),
    /** Pause after an aborted open of a symbol on a venue pair, minutes; doubled for each further abort (≤ 24 h). */
    abort_cooldown_minutes: zPositiveDecimal.default(new Decimal(30)),
    /** Markets (listings, active flag, lots, minimums, fees) are re-read this often, and before every open. */
    markets_refresh_minutes: zPositiveDecimal.default(new Decimal(60)),
    close_on_exit: z.boolean().default(false),
    filters: filters.default(filters.parse({})),
    halt_file: z.string().default('rotation-bot.HALT.json'),
    log_file: z.string().default('logs/rotation-bot.log'),
    /** Operator alerts (webhook / Telegram); absent = events are only logged. See @dn/core's README, "Alerts". */
    alerts: alertsConfigSchema.optional(),
    /** Paper-mode starting collateral per venue, USD. */
    paper_collateral_usd: zPositiveDecimal.default(new Decimal(10000)),
  })
  .strict();

export type BotConfig = z.infer<typeof configSchema>;

const NATIVE_KEYS: ReadonlySet<string> = new Set(Object.keys(configSchema.shape));
/** How each config's seed keys were read, for the start-up lines (`configNotes`). */
const NOTES = new WeakMap<BotConfig, { format: SeedFormat; notes: ConfigNote[] }>();

/**
 * The config the CLI runs with (`--config <file>`): our format, or a seed's file as it is (`config-seeds.ts`): its
 * keys mapped, converted or refused with the reason, unknown ones listed (`configNotes`).
 * @throws ConfigError listing every problem, refusals included
 */
export function readConfig(file: string | undefined, environment = process.env, dotenvPath = '.env'): BotConfig {
  let seen: { format?: SeedFormat; notes: ConfigNote[] } = { notes: [] };
  const schema = z.preprocess((raw, ctx) => {
    const t = translateSeedConfig(raw, NATIVE_KEYS);
    seen = { ...(t.format ? { format: t.format } : {}), notes: t.notes };
    for (const r of t.refusals) {
      ctx.addIssue({ code: 'custom', message: r.message, path: r.key === '(file)' ? [] : r.key.split('.') });
    }
    return t.config;
  }, configSchema);
  const config = loadAppConfig({ schema, file, environment, dotenvPath });
  if (seen.format) NOTES.set(config, { format: seen.format, notes: seen.notes });
  return config;
}

/** The seed format `config` was read from and how its keys were read (none for our own format). */
export function configNotes(config: BotConfig): { format?: SeedFormat; notes: readonly ConfigNote[] } {
  return NOTES.get(config) ?? { notes: [] };
}

/** The lines printed at start for a seed's file: which seed, then one line per key not taken as it is. */
export function configNoteLines(config: BotConfig): string[] {
  const { format, notes } = configNotes(config);
  if (!format) return [];
  return [
    `config: read as ${format}'s format; ${notes.length} key(s) not taken as they are:`,
    ...notes.map((n) => `config: ${n.kind === 'unknown' || n.kind === 'ignored' ? 'warning: ' : ''}${n.message}`),
  ];
}

/** Net APR threshold in percent, honouring the seed alias. */
export function minNetAprPct(config: BotConfig): Decimal {
  return config.min_net_apr_threshold ?? config.filters.min_net_apr_pct;
}

/**
 * `leverage` against the venues' markets, at start: above every market's maximum on a venue it is a typo (1e6 once
 * stopped out every cycle), not something to cap silently. Per market it is still capped at open.
 */
export function checkLeverage(config: BotConfig, markets: Map<VenueName, Map<string, Market>>): void {
  for (const [venue, ms] of markets) {
    const wanted = config.symbols_to_monitor;
    const relevant = [...ms.values()].filter((m) => m.active && (wanted.length === 0 || wanted.includes(m.symbol)));
    if (relevant.length === 0) continue;
    const max = Decimal.max(...relevant.map((m) => m.maxLeverage));
    if (config.leverage.gt(max)) {
      throw new InvalidInputError(`leverage ${config.leverage} is above every market's maximum on ${venue} (${max})`, {
        field: 'leverage',
        value: config.leverage.toString(),
        expected: `a whole number from 1 to ${max}`,
      });
    }
  }
}
