import { VENUE_NAMES } from '@dn/connect';
import {
  alertsConfigSchema,
  Decimal,
  loadAppConfig,
  zConfigDecimal,
  zNonNegativeDecimal,
  zPositiveDecimal,
} from '@dn/core';
import { z } from 'zod';

const coefficient = z.number().finite();

export const QUOTE_MODELS = ['seed', 'avellaneda-stoikov', 'glft'] as const;
export type QuoteModelName = (typeof QUOTE_MODELS)[number];

/**
 * One market's keys. The seed's names and defaults (its src/config.py), plus the keys the model quoters need.
 * Read leniently: the seed's example carries keys its own model ignores (`min_order_size_change`, `position_age_*`…).
 */
const marketShape = {
  /** The seed's example file spells it `enabled`; its issue text `enable`. Either is accepted. */
  enabled: z.boolean().optional(),
  enable: z.boolean().optional(),
  leverage: zPositiveDecimal.optional(),
  /** Seed model: reservation shift per unit of inventory, price units (fair = mid − q·K). */
  K: coefficient.default(0.0005),
  alpha: coefficient.default(0.5),
  beta: coefficient.default(0.25),
  /** Half spread as a fraction of the price before σ and funding terms. */
  base_spread: z.number().nonnegative().default(0.001),
  quote_notional_cap_usd: zPositiveDecimal.default(new Decimal(50)),
  replace_threshold_bps: z.number().nonnegative().default(2),
  min_order_size: zNonNegativeDecimal.default(new Decimal('0.001')),
  post_only: z.boolean().default(true),
  /** Seed model: size skew per unit of inventory (bid −q·s, ask +q·s). */
  inventory_sensitivity: coefficient.default(0),
  /** Seed model: extra half spread |q|·m·base_spread. */
  inventory_spread_multiplier: coefficient.default(0),
  /** Ours: which quoter. `seed` reproduces the seed's formula. */
  model: z.enum(QUOTE_MODELS).default('seed'),
  /** A–S / GLFT risk aversion γ per (fraction of mid × quote-size unit of inventory). */
  gamma: z.number().positive().default(0.5),
  /** A–S horizon T − t, seconds (the model is run on a rolling horizon). */
  horizon_sec: z.number().positive().default(60),
  /** κ (per fraction of mid) and A (per second) until enough trades have been seen to fit them. */
  kappa: z.number().positive().default(5000),
  arrival_rate: z.number().positive().default(1),
  /** false: always quote with the configured κ and A (studies, or a market too quiet to fit). */
  fit_intensity: z.boolean().default(true),
  /** Half-life of the trades-stream κ/A fit's memory, seconds. */
  intensity_half_life_sec: z.number().positive().default(3600),
};
const marketSchema = z.looseObject(marketShape);

const riskSchema = z
  .object({
    max_net_position_usd: zPositiveDecimal.default(new Decimal(200)),
    max_open_orders: z.number().int().positive().default(30),
    min_balance_usd: zNonNegativeDecimal.default(new Decimal(50)),
  })
  .strict();

const rawSchema = z.looseObject({
  /** Ours: the venue to quote on (seed: Extended only). */
  venue: z.enum(VENUE_NAMES).default('extended'),
  stp: z.enum(['ACCOUNT', 'CLIENT', 'DISABLED']).default('ACCOUNT'),
  quote_loop_ms: z.number().int().min(20).max(60_000).default(250),
  replace_coalesce_ms: z.number().int().min(0).max(60_000).default(400),
  /** The seed's model reads the lower-case key; its example file writes the upper-case one. Both are honoured. */
  dead_mans_switch_sec: z.number().int().min(0).max(86_400).optional(),
  DEAD_MANS_SWITCH_SEC: z.number().int().min(0).max(86_400).optional(),
  risk: riskSchema.default({
    max_net_position_usd: new Decimal(200),
    max_open_orders: 30,
    min_balance_usd: new Decimal(50),
  }),
  markets: z.union([
    z.array(z.looseObject({ ...marketShape, name: z.string().min(1) })).min(1),
    z.record(z.string().min(1), marketSchema),
  ]),
  fees_override: z
    .object({
      makerFeeRate: zConfigDecimal.nullable().default(null),
      takerFeeRate: zConfigDecimal.nullable().default(null),
    })
    .default({ makerFeeRate: null, takerFeeRate: null }),
  /**
   * Ours: how a quote is replaced. `cancel-then-place` (default): the new order only after the cancel was
   * acknowledged, so a side never has two orders resting; `back-to-back` (opt-in, a round trip faster): cancel and
   * new order sent one after the other without waiting for the cancel's answer (both may rest for that round trip,
   * and until the next reconcile when the cancel fails: up to twice the side's size can fill).
   */
  replace_mode: z.enum(['back-to-back', 'cancel-then-place']).default('cancel-then-place'),
  /**
   * Ours, OPT-IN, Extended only: sign orders with precomputed nonces (not RFC 6979 deterministic; see the README's
   * security note). Off by default.
   */
  precomputed_nonces: z.boolean().default(false),
  /**
   * Ours, OPT-IN, Extended only: after each quote pass, in idle time, sign the orders the next ticks most likely
   * need (the quote engine's bid and ask for the mid moved by up to this many ticks either way), so that a book
   * update finds its order signed and only sends it. 0 (default): off. See the README's `presign_ticks`.
   */
  presign_ticks: z.number().int().min(0).max(10).default(0),
  /**
   * Ours: oldest presigned order still sent, ms (default 5 000): its expiry (signing time + 1 h) is at most this
   * much earlier than a freshly built order's.
   */
  presign_max_age_ms: z.number().int().positive().max(60_000).default(5_000),
  /**
   * Ours: with `presign_ticks`, sign presigned orders on a worker thread (default true), so that a book update never
   * waits behind a signature or its garbage collection. false: in idle turns of the main thread.
   */
  presign_thread: z.boolean().default(true),
  /**
   * Ours: maximum new orders + cancels per second. The default stays under Extended's documented 1,000 requests a
   * minute (the client's limiter would otherwise queue quotes and make them late).
   */
  max_actions_per_sec: z.number().int().positive().default(15),
  /**
   * Ours, OPT-IN, Linux: run the main thread (the one answering book updates) under SCHED_FIFO at this priority
   * (1–99), so that it never waits for a core behind another thread. Needs root, CAP_SYS_NICE or RLIMIT_RTPRIO; when
   * refused the maker says why and quotes as before. Absent: normal scheduling. See the README's tick-to-order.
   */
  realtime_priority: z.number().int().min(1).max(99).optional(),
  alerts: alertsConfigSchema.optional(),
  paper_collateral_usd: zPositiveDecimal.default(new Decimal(10000)),
});

export type RawMarketConfig = z.infer<z.ZodObject<typeof marketShape>>;
export interface MarketConfig extends Omit<RawMarketConfig, 'enable' | 'enabled'> {
  symbol: string;
  enabled: boolean;
}

export interface MarketMakerConfig {
  venue: (typeof VENUE_NAMES)[number];
  stp: 'ACCOUNT' | 'CLIENT' | 'DISABLED';
  quote_loop_ms: number;
  replace_coalesce_ms: number;
  dead_mans_switch_sec: number;
  risk: { max_net_position_usd: Decimal; max_open_orders: number; min_balance_usd: Decimal };
  markets: MarketConfig[];
  fees_override: { makerFeeRate: Decimal | null; takerFeeRate: Decimal | null };
  max_actions_per_sec: number;
  realtime_priority?: number;
  replace_mode: 'back-to-back' | 'cancel-then-place';
  precomputed_nonces: boolean;
  presign_ticks: number;
  presign_max_age_ms: number;
  presign_thread: boolean;
  alerts?: z.infer<typeof alertsConfigSchema>;
  paper_collateral_usd: Decimal;
}

/** Turns either accepted shape into one: markets as a list with `symbol` and `enabled`, one DMS key. */
export const marketMakerConfigSchema = rawSchema.transform((raw): MarketMakerConfig => {
  const entries: [string, RawMarketConfig][] = Array.isArray(raw.markets)
    ? raw.markets.map((m) => [m.name, m])
    : Object.entries(raw.markets);
  const markets = entries.map(([symbol, m]) => {
    const { enable, enabled, ...rest } = m;
    return { ...rest, symbol: symbol.toUpperCase(), enabled: enabled ?? enable ?? true };
  });
  return {
    venue: raw.venue,
    stp: raw.stp,
    quote_loop_ms: raw.quote_loop_ms,
    replace_coalesce_ms: raw.replace_coalesce_ms,
    dead_mans_switch_sec: raw.dead_mans_switch_sec ?? raw.DEAD_MANS_SWITCH_SEC ?? 120,
    risk: raw.risk,
    markets,
    fees_override: raw.fees_override,
    max_actions_per_sec: raw.max_actions_per_sec,
    ...(raw.realtime_priority !== undefined ? { realtime_priority: raw.realtime_priority } : {}),
    replace_mode: raw.replace_mode,
    precomputed_nonces: raw.precomputed_nonces,
    presign_ticks: raw.presign_ticks,
    presign_max_age_ms: raw.presign_max_age_ms,
    presign_thread: raw.presign_thread,
    ...(raw.alerts ? { alerts: raw.alerts } : {}),
    paper_collateral_usd: raw.paper_collateral_usd,
  };
});

/** A config without a file: the seed's defaults quoting ETH-USD, so `start` works with no setup. */
export const DEFAULT_CONFIG_INPUT = { markets: { 'ETH-USD': { base_spread: 0.0005, quote_notional_cap_usd: 100 } } };

export function readMarketMakerConfig(
  file: string | undefined,
  environment: Record<string, string | undefined>,
  dotenvPath: string,
): MarketMakerConfig {
  if (file === undefined) return marketMakerConfigSchema.parse(DEFAULT_CONFIG_INPUT);
  const cfg = loadAppConfig({ schema: marketMakerConfigSchema, file, environment, dotenvPath });
  // The seed's environment override of the countdown.
  const dms = environment.DEAD_MANS_SWITCH_SEC;
  if (dms !== undefined && /^\d+$/.test(dms.trim())) cfg.dead_mans_switch_sec = Number(dms.trim());
  return cfg;
}

export function enabledMarkets(cfg: MarketMakerConfig): MarketConfig[] {
  return cfg.markets.filter((m) => m.enabled);
}
