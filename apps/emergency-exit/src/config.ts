import { Decimal, loadConfig } from '@dn/core';
import { z } from 'zod';

export const VENUES = ['extended', 'pacifica', 'edgex', 'lighter'] as const;
export type VenueName = (typeof VENUES)[number];

/**
 * Environment variables holding live credentials, the same ones the bots read. A venue counts as configured when all
 * of its variables are set.
 */
export const CREDENTIAL_ENV: Record<VenueName, readonly string[]> = {
  extended: ['EXTENDED_API_KEY', 'EXTENDED_STARK_PRIVATE_KEY', 'EXTENDED_VAULT'],
  pacifica: ['PACIFICA_ACCOUNT', 'PACIFICA_SECRET_KEY'],
  edgex: ['EDGEX_ACCOUNT_ID', 'EDGEX_STARK_PRIVATE_KEY'],
  lighter: ['LIGHTER_ACCOUNT_INDEX', 'LIGHTER_API_KEY_INDEX', 'LIGHTER_PRIVATE_KEY'],
};

const decimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = String(v).trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a decimal number` });
    return z.NEVER;
  }
  return new Decimal(s);
});
const bandPct = decimal.refine((d) => d.gt(0) && d.lt(100), 'must be > 0 and < 100 (percent)');

/**
 * The bots' config file, read leniently: emergency-exit takes the keys it shares with them (`halt_file`,
 * `price_band_pct`, `paper_collateral_usd`) and its own `emergency_exit` block, and ignores every other key so the
 * same file serves every app.
 */
export const exitConfigSchema = z.looseObject({
  halt_file: z.string().min(1).default('rotation-bot.HALT.json'),
  /** The bots' band for marketable orders (percent): the first close attempt uses it. */
  price_band_pct: bandPct.optional(),
  paper_collateral_usd: decimal.refine((d) => d.gt(0), 'must be > 0').default(new Decimal(10000)),
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

export function readExitConfig(file: string | undefined, environment = process.env): ExitConfig {
  return loadConfig({ schema: exitConfigSchema, file, environment, dotenvPath: '.env' }).config;
}

/** Venues whose credentials are all present in `environment`. */
export function venuesWithCredentials(environment: Record<string, string | undefined> = process.env): VenueName[] {
  return VENUES.filter((v) => CREDENTIAL_ENV[v].every((k) => Boolean(environment[k])));
}

export function missingCredentials(venue: VenueName, environment: Record<string, string | undefined>): string[] {
  return CREDENTIAL_ENV[venue].filter((k) => !environment[k]);
}

/**
 * Parses a comma-separated venue list.
 * @throws Error naming the unknown venue.
 */
export function parseVenueList(text: string): VenueName[] {
  const out: VenueName[] = [];
  for (const raw of text.split(',')) {
    const v = raw.trim().toLowerCase();
    if (v === '') continue;
    if (!(VENUES as readonly string[]).includes(v)) {
      throw new Error(`unknown venue "${raw.trim()}" (known: ${VENUES.join(', ')})`);
    }
    if (!out.includes(v as VenueName)) out.push(v as VenueName);
  }
  if (out.length === 0) throw new Error('--venues needs at least one venue');
  return out;
}

/** Comma-separated unified symbols, upper-cased ("btc, eth" → ["BTC", "ETH"]). */
export function parseSymbolList(text: string): string[] {
  const out = [...new Set(text.split(',').map((s) => s.trim().toUpperCase()))].filter((s) => s !== '');
  if (out.length === 0) throw new Error('--symbols needs at least one symbol');
  return out;
}
