import { VENUE_NAMES, type VenueName } from '@dn/connect';
import { alertsConfigSchema, Decimal, loadAppConfig, zPercent, zPositiveDecimal } from '@dn/core';
import { z } from 'zod';
import type { Thresholds } from './assess.js';

const pct = zPercent;
const seconds = z.number().int().min(1).max(86_400);

/**
 * The monitor's keys. Read leniently (`looseObject`) so the bots' config file — or seed 001's `hedge_config.json` —
 * can be passed as is: unknown keys are other apps' business.
 */
export const monitorConfigSchema = z.looseObject({
  liquidation_monitor: z
    .object({
      /** Venues to watch; default: live = every venue with credentials, --sim = the file's, --paper = all four. */
      venues: z.array(z.enum(VENUE_NAMES)).min(1).optional(),
      /** Symbols to watch (default: every position found). */
      symbols: z.array(z.string().min(1)).min(1).optional(),
      interval_seconds: seconds.default(60),
      /** Close when maintenance margin / equity reaches this, percent (100 = at liquidation). */
      margin_threshold_pct: pct.default(new Decimal(80)),
      /** Close a pair when a leg's mark is nearer its liquidation price than this, percent. */
      min_liquidation_distance_pct: pct.default(new Decimal(5)),
      /** An unhedged symbol is closed after this long (bots' opens and closes are unhedged for seconds). */
      unhedged_grace_seconds: seconds.default(120),
      /** A venue that cannot be read this long has its symbols closed. */
      stale_limit_seconds: seconds.default(300),
      /** Legs within this percent of each other count as hedged. */
      hedge_tolerance_pct: pct.default(new Decimal(1)),
      /** false: report and alert only, close nothing. */
      auto_close: z.boolean().default(true),
    })
    .strict()
    .default({
      interval_seconds: 60,
      margin_threshold_pct: new Decimal(80),
      min_liquidation_distance_pct: new Decimal(5),
      unhedged_grace_seconds: 120,
      stale_limit_seconds: 300,
      hedge_tolerance_pct: new Decimal(1),
      auto_close: true,
    }),
  /** Operator alerts (webhook / Telegram), the same block every app reads. */
  alerts: alertsConfigSchema.optional(),
  paper_collateral_usd: zPositiveDecimal.default(new Decimal(10000)),
});

export type MonitorConfig = z.infer<typeof monitorConfigSchema>;
export type MonitorSettings = MonitorConfig['liquidation_monitor'];

export function readMonitorConfig(
  file: string | undefined,
  environment: Record<string, string | undefined>,
  dotenvPath: string,
): MonitorConfig {
  return loadAppConfig({ schema: monitorConfigSchema, file, environment, dotenvPath });
}

export function thresholdsOf(s: MonitorSettings): Thresholds {
  return {
    marginThresholdPct: s.margin_threshold_pct,
    minLiquidationDistancePct: s.min_liquidation_distance_pct,
    unhedgedGraceMs: s.unhedged_grace_seconds * 1000,
    staleLimitMs: s.stale_limit_seconds * 1000,
    hedgeTolerancePct: s.hedge_tolerance_pct,
  };
}

export type { VenueName };
