import * as fs from 'node:fs';
import { parseEnv } from 'node:util';
import { CREDENTIAL_ENV, hasCredentials, VENUE_NAMES, type VenueName } from '@dn/connect';
import { ConfigError, Decimal, loadConfig } from '@dn/core';
import { z } from 'zod';

/** Every venue the tool knows, in report order. */
export const VENUES: readonly VenueName[] = VENUE_NAMES;
export type { VenueName };

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

/**
 * The environment live credentials are read from: the process environment plus `.env` in the working directory,
 * the real environment winning (as dotenv does). `.env` is never copied into `process.env`.
 * @throws ConfigError when `.env` exists but cannot be read.
 */
export function credentialEnvironment(
  environment: Record<string, string | undefined> = process.env,
  dotenvPath = '.env',
): Record<string, string | undefined> {
  const env = { ...environment };
  if (!fs.existsSync(dotenvPath)) return env;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(fs.readFileSync(dotenvPath, 'utf8')) as Record<string, string>;
  } catch (e) {
    throw new ConfigError([{ key: '(.env)', problem: `cannot read ${dotenvPath}: ${(e as Error).message}` }]);
  }
  for (const [k, v] of Object.entries(parsed)) if (env[k] === undefined) env[k] = v;
  return env;
}

/** Venues whose required credentials (`CREDENTIAL_ENV` of @dn/connect) are all set in `environment`. */
export function venuesWithCredentials(environment: Record<string, string | undefined>): VenueName[] {
  return VENUES.filter((v) => hasCredentials(v, environment));
}

/** Names of the required variables of `venue` missing from `environment` (names only: values are secrets). */
export function missingCredentials(venue: VenueName, environment: Record<string, string | undefined>): string[] {
  return Object.values(CREDENTIAL_ENV[venue].required).filter((k) => !environment[k]);
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
