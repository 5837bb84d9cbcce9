import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  Decimal,
  loadAppConfig,
  zConfigDecimal,
  zNonNegativeDecimal,
  zPercent,
  zPositiveDecimal,
} from '../../src/index.js';

describe('config decimals', () => {
  it('reads JSON numbers and decimal strings exactly', () => {
    expect(zConfigDecimal.parse(0.1).eq(new Decimal('0.1'))).toBe(true);
    expect(zConfigDecimal.parse(' 12.50 ').toString()).toBe('12.5');
    expect(zConfigDecimal.parse('1e-3').toString()).toBe('0.001');
  });

  it('quotes what was typed when it is not a decimal', () => {
    const r = zConfigDecimal.safeParse('lots');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('"lots" is not a decimal number');
  });

  it('bounds: positive, non-negative, percent', () => {
    expect(zPositiveDecimal.safeParse('0').success).toBe(false);
    expect(zNonNegativeDecimal.safeParse('0').success).toBe(true);
    expect(zNonNegativeDecimal.safeParse('-0.1').success).toBe(false);
    expect(zPercent.safeParse('100').error?.issues[0]?.message).toBe('must be > 0 and < 100 (percent)');
    expect(zPercent.parse('0.5').toString()).toBe('0.5');
  });
});

describe('loadAppConfig', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  const schema = z.object({
    size: zPositiveDecimal,
    alerts: z.object({ webhook: z.object({ url: z.string() }).optional() }).optional(),
    name: z.string().optional(),
  });

  it('reads the alert secrets from the environment and the file over it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-app-config-'));
    dirs.push(dir);
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify({ size: '2' }));
    const cfg = loadAppConfig({
      schema,
      file,
      environment: { DN_ALERT_WEBHOOK_URL: 'https://hooks.example/FAKE', APP_NAME: 'x' },
      dotenvPath: false,
      env: { name: 'APP_NAME' },
    });
    expect(cfg.size.toString()).toBe('2');
    expect(cfg.name).toBe('x');
    expect(cfg.alerts?.webhook?.url).toBe('https://hooks.example/FAKE');
  });

  it('refuses a bad value by key', () => {
    expect(() =>
      loadAppConfig({ schema, environment: { SIZE: 'lots' }, dotenvPath: false, env: { size: 'SIZE' } }),
    ).toThrow(ConfigError);
  });
});
