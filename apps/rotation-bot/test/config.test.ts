import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { type Harness, harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('config checks', () => {
  it('rejects the same venue twice (both legs on one account: reported hedged, actually naked)', () => {
    const r = configSchema.safeParse({ venues: ['extended', 'extended'] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/distinct/);
    expect(configSchema.safeParse({ venues: ['extended', 'pacifica', 'extended'] }).success).toBe(false);
  });

  it('leverage must be a whole number from 1', () => {
    for (const bad of [0.5, 0, -3, '2.5']) expect(configSchema.safeParse({ leverage: bad }).success).toBe(false);
    expect(configSchema.parse({ leverage: 5 }).leverage.toNumber()).toBe(5);
  });

  it('leverage above every market maximum is refused at start, before anything is sent', async () => {
    h = await harness({ leverage: 1_000_000 });
    await expect(h.drive(h.bot.init())).rejects.toThrow(/leverage 1000000 is above every market's maximum/);
  });
});
