import { ConfigError } from '@dn/core';

export type VenueName = 'extended' | 'pacifica' | 'edgex' | 'lighter';
export const VENUE_NAMES: readonly VenueName[] = ['extended', 'pacifica', 'edgex', 'lighter'];

/**
 * Environment variables holding live credentials, per venue: client option name → variable. A venue is
 * "configured" when all of its required variables are set (by their name or an alias) and its credential set is
 * complete (`missingCredentials`).
 */
export const CREDENTIAL_ENV: Record<
  VenueName,
  { required: Record<string, string>; optional?: Record<string, string> }
> = {
  extended: {
    required: { apiKey: 'EXTENDED_API_KEY', starkPrivateKey: 'EXTENDED_STARK_PRIVATE_KEY', vault: 'EXTENDED_VAULT' },
  },
  pacifica: {
    required: { account: 'PACIFICA_ACCOUNT', secretKey: 'PACIFICA_SECRET_KEY' },
    optional: { agentWallet: 'PACIFICA_AGENT_WALLET' },
  },
  edgex: {
    required: { accountId: 'EDGEX_ACCOUNT_ID' },
    optional: {
      apiVersion: 'EDGEX_API_VERSION',
      apiKey: 'EDGEX_API_KEY',
      passphrase: 'EDGEX_PASSPHRASE',
      secret: 'EDGEX_API_SECRET',
      tradingPrivateKey: 'EDGEX_TRADING_PRIVATE_KEY',
      starkPrivateKey: 'EDGEX_STARK_PRIVATE_KEY',
    },
  },
  lighter: {
    required: {
      accountIndex: 'LIGHTER_ACCOUNT_INDEX',
      apiKeyIndex: 'LIGHTER_API_KEY_INDEX',
      privateKey: 'LIGHTER_PRIVATE_KEY',
    },
  },
};

/**
 * Other names the seeds' `.env` files use for the same variables (seed 003: Extended and Pacifica; seed 001 and
 * the public Lighter/edgeX examples: Lighter and edgeX). The canonical name wins when both are set.
 */
export const CREDENTIAL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  EXTENDED_API_KEY: ['API_KEY'],
  EXTENDED_STARK_PRIVATE_KEY: ['STARK_PRIVATE'],
  EXTENDED_VAULT: ['EXTENDED_VAULT_ID', 'VAULT_NUMBER'],
  PACIFICA_ACCOUNT: ['SOL_WALLET'],
  PACIFICA_SECRET_KEY: ['API_PRIVATE'],
  PACIFICA_AGENT_WALLET: ['API_PUBLIC'],
  EDGEX_PASSPHRASE: ['EDGEX_API_PASSPHRASE'],
  EDGEX_API_SECRET: ['EDGEX_SECRET'],
  LIGHTER_ACCOUNT_INDEX: ['ACCOUNT_INDEX'],
  LIGHTER_API_KEY_INDEX: ['API_KEY_INDEX'],
  LIGHTER_PRIVATE_KEY: ['LIGHTER_API_KEY_PRIVATE_KEY', 'LIGHTER_API_PRIVATE_KEY', 'API_KEY_PRIVATE_KEY'],
};

type Env = Record<string, string | undefined>;

/** The value of a canonical variable, read from it or from one of its aliases. */
export function envValue(name: string, env: Env = process.env): string | undefined {
  for (const k of [name, ...(CREDENTIAL_ALIASES[name] ?? [])]) {
    const v = env[k]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** `NAME (or ALIAS, …)`: how a missing variable is named in errors. */
export function describeVariable(name: string): string {
  const aliases = CREDENTIAL_ALIASES[name];
  return aliases?.length ? `${name} (or ${aliases.join(', ')})` : name;
}

/**
 * Canonical names of the variables `venue` still needs: its required ones, plus the set its signing scheme needs
 * (edgeX V2: API key, passphrase, secret and trading key; V1: the Stark key). Names only: values are secrets.
 */
export function missingCredentials(venue: VenueName, env: Env = process.env): string[] {
  const spec = CREDENTIAL_ENV[venue];
  const missing = Object.values(spec.required).filter((k) => !envValue(k, env));
  if (venue === 'edgex') {
    const v1 = envValue('EDGEX_API_VERSION', env) === 'v1';
    const need = v1
      ? ['EDGEX_STARK_PRIVATE_KEY']
      : ['EDGEX_API_KEY', 'EDGEX_PASSPHRASE', 'EDGEX_API_SECRET', 'EDGEX_TRADING_PRIVATE_KEY'];
    missing.push(...need.filter((k) => !envValue(k, env)));
  }
  return missing;
}

/** True when `venue`'s credential set is complete. */
export function hasCredentials(venue: VenueName, env: Env = process.env): boolean {
  return missingCredentials(venue, env).length === 0;
}

/** True when any credential variable of `venue` is set: a partial set is an error, never a silent fallback. */
export function hasAnyCredential(venue: VenueName, env: Env = process.env): boolean {
  const spec = CREDENTIAL_ENV[venue];
  return [...Object.values(spec.required), ...Object.values(spec.optional ?? {})]
    .filter((k) => k !== 'EDGEX_API_VERSION')
    .some((k) => envValue(k, env) !== undefined);
}

/**
 * The client options of `venue` read from the environment (canonical names or their aliases).
 * @throws ConfigError naming every missing variable (values are never echoed).
 */
export function credentialsFromEnv(venue: VenueName, env: Env = process.env): Record<string, string> {
  const missing = missingCredentials(venue, env);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((k) => ({
        key: describeVariable(k),
        problem: `is required for live trading on ${venue}`,
        expected: 'set in the environment or in .env in the home folder',
      })),
    );
  }
  const spec = CREDENTIAL_ENV[venue];
  const out: Record<string, string> = {};
  for (const [opt, k] of Object.entries({ ...spec.required, ...spec.optional })) {
    const v = envValue(k, env);
    if (v) out[opt] = v;
  }
  return out;
}

/** The account a venue's credentials trade (what a state file is stamped with). */
export function accountOf(venue: VenueName, credentials: Record<string, string | undefined>): string | undefined {
  switch (venue) {
    case 'extended':
      return credentials.vault;
    case 'pacifica':
      return credentials.account;
    case 'edgex':
      return credentials.accountId;
    case 'lighter':
      return credentials.accountIndex;
  }
}
