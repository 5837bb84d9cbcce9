import { ConfigError } from '@dn/core';

export type VenueName = 'extended' | 'pacifica' | 'edgex' | 'lighter';
export const VENUE_NAMES: readonly VenueName[] = ['extended', 'pacifica', 'edgex', 'lighter'];

/**
 * Environment variables holding live credentials, per venue: client option name → variable. Required ones first;
 * a venue is "configured" when all of its required variables are set.
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

/** True when every required variable of `venue` is set. */
export function hasCredentials(venue: VenueName, env: Record<string, string | undefined> = process.env): boolean {
  return Object.values(CREDENTIAL_ENV[venue].required).every((k) => Boolean(env[k]));
}

/**
 * The client options of `venue` read from the environment.
 * @throws ConfigError naming every missing variable (values are never echoed).
 */
export function credentialsFromEnv(
  venue: VenueName,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const spec = CREDENTIAL_ENV[venue];
  const missing = Object.values(spec.required).filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((k) => ({
        key: k,
        problem: `is required for live trading on ${venue}`,
        expected: 'set in the environment or .env',
      })),
    );
  }
  const out: Record<string, string> = {};
  for (const [opt, k] of Object.entries({ ...spec.required, ...spec.optional })) {
    const v = env[k];
    if (v) out[opt] = v;
  }
  return out;
}
