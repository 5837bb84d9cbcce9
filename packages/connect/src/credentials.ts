import { ConfigError, type ConfigIssue, isDnError } from '@dn/core';

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
 * Other names the seeds' `.env` files use for the same variables (seed 003: Extended and Pacifica; seed 002:
 * Extended; seed 001 and the public Lighter/edgeX examples: Lighter and edgeX). The canonical name wins when both
 * are set.
 */
export const CREDENTIAL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  EXTENDED_API_KEY: ['API_KEY'],
  EXTENDED_STARK_PRIVATE_KEY: ['STARK_PRIVATE', 'EXTENDED_PRIVATE_KEY'],
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

/** `NAME`, or `NAME (set as ALIAS)` when the value came from an alias: how a set variable is named in errors. */
export function variableAsSet(name: string, env: Env = process.env): string {
  if (env[name]?.trim()) return name;
  const alias = (CREDENTIAL_ALIASES[name] ?? []).find((a) => env[a]?.trim());
  return alias ? `${name} (set as ${alias})` : name;
}

const EDGEX_V2 = ['EDGEX_API_KEY', 'EDGEX_PASSPHRASE', 'EDGEX_API_SECRET', 'EDGEX_TRADING_PRIVATE_KEY'];

/**
 * The edgeX API version the environment is for: `EDGEX_API_VERSION` when set; else V1 (StarkEx) when the only
 * signing key set is V1's `EDGEX_STARK_PRIVATE_KEY` — seed 001's `.env` — since V2 cannot sign with it; else V2.
 */
export function edgexApiVersion(env: Env = process.env): 'v1' | 'v2' {
  const explicit = envValue('EDGEX_API_VERSION', env)?.toLowerCase();
  if (explicit === 'v1' || explicit === 'v2') return explicit;
  const v1Only = envValue('EDGEX_STARK_PRIVATE_KEY', env) && !EDGEX_V2.some((k) => envValue(k, env));
  return v1Only ? 'v1' : 'v2';
}

/**
 * Endpoint variables the seeds' `.env` files carry. Connections go to each venue's production endpoints, so a
 * production value changes nothing and any other one — a testnet, a proxy — is refused (naming the variable) rather
 * than silently ignored: a setup meant for a testnet must never trade on mainnet. Generic names (`BASE_URL`,
 * `WEBSOCKET_URL`) are only checked when they point at the venue, else they belong to another program.
 */
export const ENDPOINT_ENV: Record<
  VenueName,
  ReadonlyArray<{ name: string; production: readonly string[]; onlyIfMatches?: RegExp }>
> = {
  extended: [{ name: 'EXTENDED_ENV', production: ['mainnet'] }],
  pacifica: [],
  edgex: [
    { name: 'EDGEX_BASE_URL', production: ['https://pro.edgex.exchange', 'https://edgex-prod-v2.edgex.exchange'] },
    { name: 'EDGEX_WS_URL', production: ['wss://quote.edgex.exchange', 'wss://edgex-quote-prod-v2.edgex.exchange'] },
  ],
  lighter: [
    { name: 'LIGHTER_BASE_URL', production: ['https://mainnet.zklighter.elliot.ai'] },
    { name: 'BASE_URL', production: ['https://mainnet.zklighter.elliot.ai'], onlyIfMatches: /zklighter|lighter/i },
    {
      name: 'LIGHTER_WS_URL',
      production: ['wss://mainnet.zklighter.elliot.ai/stream', 'wss://mainnet.zklighter.elliot.ai'],
    },
    {
      name: 'WEBSOCKET_URL',
      production: ['wss://mainnet.zklighter.elliot.ai/stream', 'wss://mainnet.zklighter.elliot.ai'],
      onlyIfMatches: /zklighter|lighter/i,
    },
  ],
};

/** Endpoint variables of `venue` set to something other than its production endpoint (values are not secrets). */
export function endpointProblems(venue: VenueName, env: Env = process.env): ConfigIssue[] {
  const norm = (v: string) => v.trim().replace(/\/+$/, '').toLowerCase();
  return ENDPOINT_ENV[venue].flatMap(({ name, production, onlyIfMatches }) => {
    const v = env[name]?.trim();
    if (!v || (onlyIfMatches && !onlyIfMatches.test(v)) || production.some((p) => norm(p) === norm(v))) return [];
    return [
      {
        key: name,
        problem: `is "${v}": this bot connects to ${venue}'s production endpoints only, so it would trade there instead`,
        expected: `unset (or ${production.join(' / ')})`,
      },
    ];
  });
}

/**
 * Canonical names of the variables `venue` still needs: its required ones, plus the set its signing scheme needs
 * (edgeX V2: API key, passphrase, secret and trading key; V1: the Stark key). Names only: values are secrets.
 */
export function missingCredentials(venue: VenueName, env: Env = process.env): string[] {
  const spec = CREDENTIAL_ENV[venue];
  const missing = Object.values(spec.required).filter((k) => !envValue(k, env));
  if (venue === 'edgex') {
    const need = edgexApiVersion(env) === 'v1' ? ['EDGEX_STARK_PRIVATE_KEY'] : EDGEX_V2;
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
 * @throws ConfigError naming every missing variable and every non-production endpoint variable (credential values
 *   are never echoed).
 */
export function credentialsFromEnv(venue: VenueName, env: Env = process.env): Record<string, string> {
  const issues: ConfigIssue[] = missingCredentials(venue, env).map((k) => ({
    key: describeVariable(k),
    problem: `is required for live trading on ${venue}`,
    expected: 'set in the environment or in .env in the home folder',
  }));
  issues.push(...endpointProblems(venue, env));
  if (issues.length > 0) throw new ConfigError(issues);
  const spec = CREDENTIAL_ENV[venue];
  const out: Record<string, string> = {};
  for (const [opt, k] of Object.entries({ ...spec.required, ...spec.optional })) {
    const v = envValue(k, env);
    if (v) out[opt] = v;
  }
  if (venue === 'edgex') out.apiVersion = edgexApiVersion(env);
  return out;
}

/**
 * A connector's refusal of a credential value (e.g. `apiKeyIndex must be an integer 0 … 254`), retold with the
 * environment variable it came from in place of the client option: the user sets variables, not options. Other
 * errors come back unchanged.
 */
export function explainCredentialError(venue: VenueName, error: unknown, env: Env = process.env): unknown {
  if (!isDnError(error)) return error;
  const field = (error.context as { field?: unknown }).field;
  const spec = CREDENTIAL_ENV[venue];
  const variable = typeof field === 'string' ? { ...spec.required, ...spec.optional }[field] : undefined;
  if (!variable) return error;
  const named = variableAsSet(variable, env);
  const problem = error.shortMessage.replace(new RegExp(`\\b${field}\\b`, 'g'), named);
  return new ConfigError([
    { key: named, problem: problem.startsWith(named) ? problem.slice(named.length).trim() : problem },
  ]);
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
