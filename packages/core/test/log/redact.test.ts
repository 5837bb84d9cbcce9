import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, HaltedError, isSecretKey, loadConfig, redactSecrets, StateError } from '../../src/index.js';

describe('isSecretKey: one rule for every secret name', () => {
  it.each([
    'apiKey',
    'api_key',
    'API_KEY',
    'apiSecret',
    'secretKey',
    'privateKey',
    'tradingPrivateKey',
    'starkPrivateKey',
    'agentSecretKey',
    'api_private',
    'API_PRIVATE',
    'stark_private',
    'STARK_PRIVATE',
    'EDGEX_STARK_PRIVATE_KEY',
    'LIGHTER_API_KEY_PRIVATE_KEY',
    'passphrase',
    'password',
    'signature',
    'l2Signature',
    'sig',
    'X-API-KEY',
    'x-api-key',
    'X-edgeX-Api-Key',
    'X-edgeX-Api-Signature',
    'X-edgeX-Signature',
    'X-edgeX-Passphrase',
    'Authorization',
    'authToken',
    'credentials',
    'mnemonic',
  ])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'venue',
    'symbol',
    'account',
    'accountIndex',
    'apiKeyIndex',
    'API_KEY_INDEX',
    'clientOrderId',
    'X-edgeX-Api-Timestamp',
    'API_PUBLIC',
    'vault',
  ])('%s is not secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('replaces secret-named keys at any depth, case-insensitively', () => {
    const out = redactSecrets({
      venue: 'extended',
      creds: { apiKey: 'FAKE-KEY', nested: [{ privateKey: '0xFAKE', ok: 1 }] },
      headers: { 'X-Api-Key': 'FAKE', 'X-edgeX-Passphrase': 'FAKE', 'X-edgeX-Api-Timestamp': '1' },
      signature: 'sig',
    });
    expect(out).toEqual({
      venue: 'extended',
      creds: { apiKey: '[redacted]', nested: [{ privateKey: '[redacted]', ok: 1 }] },
      headers: { 'X-Api-Key': '[redacted]', 'X-edgeX-Passphrase': '[redacted]', 'X-edgeX-Api-Timestamp': '1' },
      signature: '[redacted]',
    });
  });

  it('has no depth limit and survives cycles', () => {
    let deep: Record<string, unknown> = { stark_private: 'FAKE-DEEP' };
    for (let i = 0; i < 50; i++) deep = { level: deep };
    const cyclic: Record<string, unknown> = { agentSecretKey: 'FAKE-CYCLE' };
    cyclic.self = cyclic;
    const text = JSON.stringify(redactSecrets({ deep, cyclic }));
    expect(text).not.toContain('FAKE-');
    expect(text).toContain('[circular]');
  });

  it('keeps a value shared by two branches (not a cycle)', () => {
    const shared = { size: '1' };
    expect(redactSecrets({ a: shared, b: shared })).toEqual({ a: { size: '1' }, b: { size: '1' } });
  });

  it('walks errors and their context', () => {
    const e = Object.assign(new Error('boom'), { context: { headers: { 'X-edgeX-Signature': 'FAKE-SIG' } } });
    const out = redactSecrets({ err: e }) as { err: { message: string; context: unknown } };
    expect(out.err.message).toBe('boom');
    expect(JSON.stringify(out)).not.toContain('FAKE-SIG');
  });
});

describe('error contexts and config echoes use the same rule', () => {
  it('an error message never prints a secret from its context', () => {
    const e = new StateError('x', { path: '/p', reason: 'r', ...({ tradingPrivateKey: 'FAKE-PK' } as object) });
    expect(e.message).not.toContain('FAKE-PK');
    expect(new HaltedError({ sentinelPath: '/h', reason: 'why' }).message).toContain('why');
  });

  it('a config error does not echo a secret-named value', async () => {
    const { z } = await import('zod');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-cfg-'));
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, JSON.stringify({ edgex: { api_private: 'FAKE-VALUE' }, size: 'FAKE-SHOWN' }));
    const schema = z.object({ edgex: z.object({ api_private: z.number() }), size: z.number() });
    let message = '';
    try {
      loadConfig({ schema, file, environment: {}, dotenvPath: false });
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/2 problems/);
    expect(message).toContain('FAKE-SHOWN');
    expect(message).not.toContain('FAKE-VALUE');
    await fs.rm(dir, { recursive: true });
  });
});

describe('createLogger', () => {
  it('writes JSON to a 0600 file with secrets redacted at any depth', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-log-'));
    const file = path.join(dir, 'logs', 'bot.log');
    const log = createLogger({ name: 'test', file, console: false });
    log.info(
      {
        venue: 'x',
        apiKey: 'FAKE-SECRET-1',
        req: { a: { b: { c: { d: { e: { privateKey: 'FAKE-SECRET-2' } } } } } },
        headers: { 'X-API-KEY': 'FAKE-SECRET-3', 'X-edgeX-Api-Signature': 'FAKE-SECRET-4' },
        creds: { api_private: 'FAKE-SECRET-5', tradingPrivateKey: 'FAKE-SECRET-6' },
      },
      'hello',
    );
    log.child({ agentSecretKey: 'FAKE-SECRET-7' }).warn('child');
    log.error({ err: Object.assign(new Error('bad'), { context: { passphrase: 'FAKE-SECRET-8' } }) }, 'failed');
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('"msg":"hello"');
    expect(text).toContain('"msg":"child"');
    expect(text).toContain('"message":"bad"');
    expect(text).not.toContain('FAKE-SECRET');
    expect(text).toContain('[redacted]');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    await fs.rm(dir, { recursive: true });
  });

  it('narrows an existing log file to 0600', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-log-'));
    const file = path.join(dir, 'bot.log');
    await fs.writeFile(file, '', { mode: 0o644 });
    createLogger({ name: 'test', file, console: false }).info('x');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    await fs.rm(dir, { recursive: true });
  });
});
