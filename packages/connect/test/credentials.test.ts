import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, createLogger, Decimal } from '@dn/core';
import { thrownBy } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';
import {
  connectVenues,
  credentialsFromEnv,
  edgexApiVersion,
  endpointProblems,
  explainCredentialError,
  hasCredentials,
  missingCredentials,
  variableAsSet,
} from '../src/index.js';

/** A seed's `.env.example` as a user's `.env` (placeholder values, no real key). */
function seedEnv(name: string): Record<string, string | undefined> {
  return parseEnv(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/seeds', name), 'utf8'));
}

const configErrorOf = (work: () => unknown): ConfigError => thrownBy(ConfigError, work);

describe("the seeds' .env files, as they are", () => {
  it("seed 001: edgeX's V1 set and Lighter's SDK names make both venues complete", () => {
    const env = seedEnv('seed-001.env.example');
    expect(edgexApiVersion(env)).toBe('v1');
    expect(hasCredentials('edgex', env)).toBe(true);
    expect(credentialsFromEnv('edgex', env)).toEqual({
      accountId: 'your_edgex_account_id',
      starkPrivateKey: 'your_edgex_stark_private_key_here',
      apiVersion: 'v1',
    });
    expect(credentialsFromEnv('lighter', env)).toEqual({
      accountIndex: '0',
      apiKeyIndex: '0',
      privateKey: 'your_lighter_private_key_here',
    });
    // Its EDGEX_BASE_URL / EDGEX_WS_URL are edgeX's production (V1) endpoints: accepted.
    expect(endpointProblems('edgex', env)).toEqual([]);
  });

  it("seed 002: Extended's key, private key and vault id under the market maker's names", () => {
    const env = seedEnv('seed-002.env.example');
    expect(credentialsFromEnv('extended', env)).toEqual({
      apiKey: 'your_api_key_here',
      starkPrivateKey: 'your_api_key_here',
      vault: 'your_api_key_here',
    });
    // The example sets EXTENDED_ENV twice, mainnet last: that one counts, as in the seed.
    expect(endpointProblems('extended', env)).toEqual([]);
  });

  // Seed 003's names for Extended and Pacifica: its .env.example as it is, and FAKE values of other shapes.
  it.each([
    {
      name: 'seed 003: API_KEY, STARK_PRIVATE, VAULT_NUMBER, SOL_WALLET, API_PUBLIC, API_PRIVATE',
      env: seedEnv('seed-003.env.example'),
      extended: ['your_extended_api_key_here', '0xYOUR_STARK_PRIVATE_KEY_HERE', '123456'],
      pacifica: ['YourSolanaWalletAddressHere', 'YourAgentWalletPublicKeyHere', 'YourAgentWalletPrivateKeyHere'],
    },
    {
      name: 'seed 003 names with FAKE values',
      env: {
        API_KEY: 'FAKE-ext-key',
        STARK_PRIVATE: '0xFAKE1',
        VAULT_NUMBER: '42',
        SOL_WALLET: 'FAKEsolWallet',
        API_PUBLIC: 'FAKEagentPublic',
        API_PRIVATE: 'FAKEagentPrivate',
      },
      extended: ['FAKE-ext-key', '0xFAKE1', '42'],
      pacifica: ['FAKEsolWallet', 'FAKEagentPublic', 'FAKEagentPrivate'],
    },
  ])('$name', ({ env, extended: [apiKey, starkPrivateKey, vault], pacifica: [account, agentWallet, secretKey] }) => {
    expect(credentialsFromEnv('extended', env)).toEqual({ apiKey, starkPrivateKey, vault });
    expect(credentialsFromEnv('pacifica', env)).toEqual({ account, agentWallet, secretKey });
  });
});

describe('edgeX API version', () => {
  it('explicit wins; V1 only when the Stark key is the only signing key', () => {
    expect(edgexApiVersion({})).toBe('v2');
    expect(edgexApiVersion({ EDGEX_STARK_PRIVATE_KEY: '0x1', EDGEX_API_KEY: 'FAKE' })).toBe('v2');
    expect(edgexApiVersion({ EDGEX_STARK_PRIVATE_KEY: '0x1', EDGEX_API_VERSION: 'v2' })).toBe('v2');
    expect(edgexApiVersion({ EDGEX_API_VERSION: 'V1' })).toBe('v1');
    // A V1 key beside part of a V2 set: V2 is meant, and what it lacks is named.
    expect(
      missingCredentials('edgex', { EDGEX_ACCOUNT_ID: '1', EDGEX_STARK_PRIVATE_KEY: '0x1', EDGEX_API_KEY: 'x' }),
    ).toEqual(['EDGEX_PASSPHRASE', 'EDGEX_API_SECRET', 'EDGEX_TRADING_PRIVATE_KEY']);
  });
});

describe('endpoint variables: production or refused, never silently ignored', () => {
  const lighter = { LIGHTER_ACCOUNT_INDEX: '1', LIGHTER_API_KEY_INDEX: '2', LIGHTER_PRIVATE_KEY: '0xFAKE' };

  it('a testnet URL or EXTENDED_ENV=testnet stops a live start, naming the variable', () => {
    const edgex = configErrorOf(() =>
      credentialsFromEnv('edgex', {
        EDGEX_ACCOUNT_ID: '1',
        EDGEX_STARK_PRIVATE_KEY: '0xFAKE',
        EDGEX_BASE_URL: 'https://testnet.edgex.exchange',
      }),
    );
    expect(edgex.context.issues.map((i) => i.key)).toEqual(['EDGEX_BASE_URL']);
    expect(edgex.message).toMatch(
      /EDGEX_BASE_URL: is "https:\/\/testnet.edgex.exchange": this bot connects to edgex's production/,
    );
    const ext = configErrorOf(() =>
      credentialsFromEnv('extended', {
        API_KEY: 'FAKE',
        STARK_PRIVATE: '0x1',
        VAULT_NUMBER: '7',
        EXTENDED_ENV: 'testnet',
      }),
    );
    expect(ext.context.issues.map((i) => i.key)).toEqual(['EXTENDED_ENV']);
  });

  it('generic names are judged only when they point at the venue; production values (any case, trailing /) pass', () => {
    expect(endpointProblems('lighter', { ...lighter, BASE_URL: 'https://api.example.com' })).toEqual([]);
    expect(endpointProblems('lighter', { BASE_URL: 'https://testnet.zklighter.elliot.ai' }).map((i) => i.key)).toEqual([
      'BASE_URL',
    ]);
    expect(endpointProblems('lighter', { LIGHTER_BASE_URL: 'HTTPS://mainnet.zklighter.elliot.ai/' })).toEqual([]);
    expect(endpointProblems('lighter', { WEBSOCKET_URL: 'wss://mainnet.zklighter.elliot.ai/stream' })).toEqual([]);
    expect(
      credentialsFromEnv('lighter', { ...lighter, LIGHTER_WS_URL: 'wss://mainnet.zklighter.elliot.ai/stream' }),
    ).toEqual({
      accountIndex: '1',
      apiKeyIndex: '2',
      privateKey: '0xFAKE',
    });
  });

  it('missing credentials and a bad endpoint are reported together, values of secrets never', () => {
    const e = configErrorOf(() =>
      credentialsFromEnv('lighter', { API_KEY_PRIVATE_KEY: 'FAKE-SECRET', LIGHTER_BASE_URL: 'http://127.0.0.1:1' }),
    );
    expect(e.context.issues.map((i) => i.key)).toEqual([
      'LIGHTER_ACCOUNT_INDEX (or ACCOUNT_INDEX)',
      'LIGHTER_API_KEY_INDEX (or API_KEY_INDEX)',
      'LIGHTER_BASE_URL',
    ]);
    expect(e.message).not.toContain('FAKE-SECRET');
  });
});

describe('a connector refusing a value names the variable, not its option', () => {
  it('variableAsSet says which alias carried the value', () => {
    expect(variableAsSet('LIGHTER_API_KEY_INDEX', { API_KEY_INDEX: '3' })).toBe(
      'LIGHTER_API_KEY_INDEX (set as API_KEY_INDEX)',
    );
    expect(variableAsSet('LIGHTER_API_KEY_INDEX', { LIGHTER_API_KEY_INDEX: '3', API_KEY_INDEX: '4' })).toBe(
      'LIGHTER_API_KEY_INDEX',
    );
  });

  it('live connect with API_KEY_INDEX=999 fails before sending, naming LIGHTER_API_KEY_INDEX', async () => {
    const env = { ACCOUNT_INDEX: '1', API_KEY_INDEX: '999', API_KEY_PRIVATE_KEY: `0x${'11'.repeat(40)}` };
    const log = createLogger({ name: 'test', level: 'silent', console: false });
    const err = await connectVenues({
      mode: 'live',
      venues: ['lighter'],
      log,
      env,
      seed: 1,
      speed: 1,
      collateral: new Decimal(1),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain('LIGHTER_API_KEY_INDEX (set as API_KEY_INDEX)');
    expect(message).not.toMatch(/\bapiKeyIndex\b/);
  });

  it('other errors pass through unchanged', () => {
    const e = new Error('boom');
    expect(explainCredentialError('lighter', e, {})).toBe(e);
  });
});
