import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/index.js';

const schema = z.object({
  leverage: z.coerce.number().int().min(1).max(20),
  hold_duration_hours: z.coerce.number().positive(),
  venues: z.object({ extended: z.object({ apiKey: z.string().min(10) }).optional() }).default({}),
  mode: z.enum(['paper', 'live']).default('paper'),
});

async function tmpFile(name: string, text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-cfg-'));
  const f = path.join(dir, name);
  await fs.writeFile(f, text);
  return f;
}

describe('loadConfig', () => {
  it('reads env, lets the JSON file override it, applies defaults', async () => {
    const file = await tmpFile('c.json', JSON.stringify({ leverage: 5 }));
    const { config } = loadConfig({
      schema,
      env: { leverage: 'DN_LEVERAGE', hold_duration_hours: 'DN_HOLD', 'venues.extended.apiKey': 'EXT_KEY' },
      environment: { DN_LEVERAGE: '3', DN_HOLD: '48', EXT_KEY: 'fake-key-0123456789' },
      file,
      dotenvPath: false,
    });
    expect(config).toEqual({
      leverage: 5,
      hold_duration_hours: 48,
      venues: { extended: { apiKey: 'fake-key-0123456789' } },
      mode: 'paper',
    });
  });

  it('reads .env without overriding the real environment', async () => {
    const dotenv = await tmpFile('.env', 'DN_LEVERAGE=7\nDN_HOLD=8\n');
    const { config } = loadConfig({
      schema,
      env: { leverage: 'DN_LEVERAGE', hold_duration_hours: 'DN_HOLD' },
      environment: { DN_LEVERAGE: '2' },
      dotenvPath: dotenv,
    });
    expect(config.leverage).toBe(2);
    expect(config.hold_duration_hours).toBe(8);
  });

  it('reports every problem with key, problem and expected form', async () => {
    const file = await tmpFile('c.json', JSON.stringify({ leverage: 50, mode: 'yolo', venues: {} }));
    let err: unknown;
    try {
      loadConfig({ schema, file, environment: {}, dotenvPath: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).context.issues;
    const byKey = Object.fromEntries(issues.map((i) => [i.key, i]));
    expect(byKey.leverage?.problem).toContain('50');
    expect(byKey.leverage?.expected).toBe('<= 20');
    expect(byKey.hold_duration_hours?.problem).toBe('is required');
    expect(byKey.mode?.expected).toBe('"paper" | "live"');
  });

  it('never echoes a secret value in the error', async () => {
    let err: unknown;
    try {
      loadConfig({
        schema,
        env: { 'venues.extended.apiKey': 'EXT_KEY', leverage: 'L', hold_duration_hours: 'H' },
        environment: { EXT_KEY: 'short', L: '1', H: '1' },
        secrets: ['venues.extended.apiKey'],
        dotenvPath: false,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('venues.extended.apiKey (env EXT_KEY)');
    expect((err as Error).message).not.toContain('short"');
  });

  it('names a malformed JSON file', async () => {
    const file = await tmpFile('c.json', '{ leverage: 1 ');
    expect(() => loadConfig({ schema, file, environment: {}, dotenvPath: false })).toThrow(/invalid JSON/);
  });
});
