import { hasCredentials, missingCredentials as missingOf, VENUE_NAMES, type VenueName } from '@dn/connect';
import { Decimal, loadConfig, zPercent, zPositiveDecimal } from '@dn/core';
import { z } from 'zod';

/** Every venue the tool knows, in report order. */
export const VENUES: readonly VenueName[] = VENUE_NAMES;
export type { VenueName };

const bandPct = zPercent;

/**
 * The bots' config file, read leniently: emergency-exit takes the keys it shares with them (`price_band_pct`,
 * `paper_collateral_usd`) and its own `emergency_exit` block, and ignores every other key so the
 * same file serves every app.
 */
export const exitConfigSchema = z.looseObject({
  /** Read for compatibility and ignored: every app of a home obeys `<home>/dn.HALT.json`. */
  halt_file: z.string().min(1).optional(),
  /** The bots' band for marketable orders (percent): the first close attempt uses it. */
  price_band_pct: bandPct.optional(),
  paper_collateral_usd: zPositiveDecimal.default(new Decimal(10000)),
  emergency_exit: z
    .object({
      max_attempts: z.number().int().min(1).max(100).optional(),
      initial_band_pct: bandPct.optional(),
      max_band_pct: bandPct.optional(),
    })
    .strict()
    .optional(),
});

export type ExitConfig = z.infer<typeof exitConfigSchema>;

export function readExitConfig(
  file: string | undefined,
  environment: Record<string, string | undefined> = process.env,
  dotenvPath: string | false = '.env',
): ExitConfig {
  return loadConfig({ schema: exitConfigSchema, file, environment, dotenvPath }).config;
}

/** Venues whose credential set (`CREDENTIAL_ENV` of @dn/connect, or the seeds' aliases) is complete in `environment`. */
export function venuesWithCredentials(environment: Record<string, string | undefined>): VenueName[] {
  return VENUES.filter((v) => hasCredentials(v, environment));
}

/** Names of the variables `venue` still needs in `environment` (names only: values are secrets). */
export function missingCredentials(venue: VenueName, environment: Record<string, string | undefined>): string[] {
  return missingOf(venue, environment);
}
