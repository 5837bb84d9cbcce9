import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createLogger, HaltSentinel } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { RotationBot } from '../src/bot.js';
import { commandFile } from '../src/commands.js';
import { createStateStore } from '../src/state.js';
import { closeHarnesses, harness } from './harness.js';

afterEach(closeHarnesses);

describe('operator controls', () => {
  it('first-trade mode: max_notional caps each leg', async () => {
    const h = await harness({ max_notional: 20, symbols_to_monitor: [] });
    await h.bot.init();
    await h.runFor(30 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    let legs = 0;
    for (const { venue } of h.conn.venues) {
      for (const p of await venue.getPositions()) {
        if (p.size.isZero()) continue;
        legs += 1;
        expect(p.size.abs().mul(p.markPrice).lte('20.5')).toBe(true);
      }
    }
    expect(legs).toBe(2);
  });

  it('symbols_to_skip is never traded', async () => {
    const h = await harness({ symbols_to_skip: ['BTC'] });
    await h.bot.init();
    await h.runFor(30 * 60_000);
    expect(h.bot.currentState.cycle?.symbol).toBe('ETH');
    expect(h.bot.lastScanResult?.opportunities.some((o) => o.symbol === 'BTC')).toBe(false);
  });

  it('force_rotation from the command file closes the held pair and scans at once', async () => {
    const h = await harness({ hold_duration_hours: 48, wait_between_cycles_minutes: 600 });
    const file = path.join(h.dir, 'rotation-bot.command');
    const x = h;
    const bot = new RotationBot({
      config: x.config,
      venues: x.conn.venues,
      clock: x.clock,
      log: createLogger({ name: 't', level: 'silent', console: false }),
      store: createStateStore(x.statePath),
      halt: new HaltSentinel(x.config.halt_file),
      print: (t) => x.printed.push(t),
      commands: commandFile(file),
    });
    await bot.init();
    await h.runFor(30 * 60_000, bot);
    const first = bot.currentState.cycle;
    expect(first?.phase).toBe('open');
    await fs.writeFile(file, 'force_rotation\n');
    await h.runFor(10 * 60_000, bot);
    expect(bot.currentState.history.at(-1)?.reason).toBe('force_rotation');
    expect(bot.currentState.history.at(-1)?.id).toBe(first?.id);
    // Re-scanned straight away (not after the 10 h wait): a new cycle is open.
    expect(bot.currentState.cycle?.phase).toBe('open');
    expect(bot.currentState.cycle?.id).not.toBe(first?.id);
    await expect(fs.stat(file)).rejects.toThrow();
  });
});
