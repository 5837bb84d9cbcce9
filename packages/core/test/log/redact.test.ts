import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../../src/index.js';

describe('redactSecrets', () => {
  it('replaces secret-named keys at any depth', () => {
    const out = redactSecrets({
      venue: 'extended',
      creds: { apiKey: 'FAKE-KEY', nested: [{ privateKey: '0xFAKE', ok: 1 }] },
      headers: { 'X-Api-Key': 'FAKE' },
      signature: 'sig',
    });
    expect(out).toEqual({
      venue: 'extended',
      creds: { apiKey: '[redacted]', nested: [{ privateKey: '[redacted]', ok: 1 }] },
      headers: { 'X-Api-Key': '[redacted]' },
      signature: '[redacted]',
    });
  });
});

describe('createLogger', () => {
  it('writes JSON to the file with secrets redacted', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-log-'));
    const file = path.join(dir, 'bot.log');
    const log = createLogger({ name: 'test', file, console: false });
    log.info({ venue: 'x', apiKey: 'FAKE-SECRET-1', req: { privateKey: 'FAKE-SECRET-2' } }, 'hello');
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    await new Promise((r) => setTimeout(r, 50));
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('"msg":"hello"');
    expect(text).not.toContain('FAKE-SECRET');
    expect(text).toContain('[redacted]');
  });
});
