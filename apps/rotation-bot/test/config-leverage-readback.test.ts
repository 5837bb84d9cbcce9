import { Decimal, type PerpVenue } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHarnesses, faulty, harness, recordingOrders, withVenue } from './harness.js';

afterEach(closeHarnesses);

describe('leverage read back after setting it (simulator)', () => {
  it('a venue that applies another leverage than asked: nothing is sent, the pair rests', async () => {
    const h = await harness({ leverage: 3 });
    const sent: Array<{ reduceOnly?: boolean; size: Decimal; side: string }> = [];
    const venues = withVenue(h, 'pacifica', (v: PerpVenue) =>
      recordingOrders(
        // The venue keeps 2× whatever is asked (a cap, an ignored request).
        faulty(v, { setLeverage: async (args) => v.setLeverage(args[0] as string, 2) }),
        sent,
      ),
    ).map((x) => (x.name === 'extended' ? { ...x, venue: recordingOrders(x.venue, sent) } : x));
    const bot = h.newBot(venues);
    await h.drive(bot.init());
    await h.runFor(30 * 60_000, bot);

    expect(bot.currentState.cycle).toBeFalsy();
    expect(sent).toEqual([]);
    expect(h.printed.join('\n')).toMatch(/leverage on pacifica reads back 2× after asking 3×; not opened/);
    const cooldowns = Object.keys(bot.currentState.cooldowns ?? {});
    expect(cooldowns.length).toBeGreaterThan(0);
    expect(cooldowns.every((k) => k.endsWith(':extended+pacifica'))).toBe(true);
  });

  it('a failed read refuses this open only: the next scan asks again and opens', async () => {
    const h = await harness({ leverage: 3 });
    let failing = true;
    const venues = withVenue(h, 'extended', (v: PerpVenue) =>
      faulty(v, {
        getLeverage: async (_args, real) => {
          if (failing) throw new Error('socket hang up');
          return real();
        },
      }),
    );
    const bot = h.newBot(venues);
    await h.drive(bot.init());
    await h.runFor(10 * 60_000, bot);
    expect(bot.currentState.cycle).toBeFalsy();
    expect(h.printed.join('\n')).toMatch(/leverage on extended could not be read back \(socket hang up\); not opened/);
    expect(bot.currentState.cooldowns ?? {}).toEqual({});

    failing = false;
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle?.phase).toBe('open');
  });

  it('when the venues apply what was asked the pair opens, at the leverage read back', async () => {
    const h = await harness({ leverage: 3 });
    await h.drive(h.bot.init());
    await h.runFor(30 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    for (const { venue } of h.conn.venues) {
      const read = await venue.getLeverage?.(c?.symbol ?? '');
      expect(read?.toString()).toBe(new Decimal(c?.leverage ?? 0).toString());
    }
  });

  it('over the real protocols: a leverage request Pacifica never applied is caught from /account/settings', async () => {
    const h = await harness({ leverage: 3 }, ['extended', 'pacifica'], 7, 'protocol');
    const pacifica = h.conn.venues.find((v) => v.name === 'pacifica')?.venue as PerpVenue;
    expect(typeof pacifica.getLeverage).toBe('function');
    const venues = withVenue(h, 'pacifica', (v: PerpVenue) => faulty(v, { setLeverage: async () => undefined }));
    const bot = h.newBot(venues);
    await h.drive(bot.init());
    await h.runFor(30 * 60_000, bot);
    expect(bot.currentState.cycle).toBeFalsy();
    // Left at its default, the market's maximum, which the venue omits from its settings.
    expect(h.printed.join('\n')).toMatch(/leverage on pacifica reads back \d+× after asking 3×; not opened/);

    await h.drive(h.bot.init());
    await h.runFor(30 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    // Both connectors read it back over their protocols (Extended: GET /user/leverage).
    for (const { venue } of h.conn.venues) expect((await venue.getLeverage?.(c?.symbol ?? ''))?.toString()).toBe('3');
  });

  it('a venue whose connector cannot read leverage: the pair opens, with one clear note naming it', async () => {
    const h = await harness({ leverage: 3, hold_duration_hours: 0.5, wait_between_cycles_minutes: 1 });
    // A connector without getLeverage (the method is optional in PerpVenue).
    const blind = (v: PerpVenue): PerpVenue =>
      new Proxy(v, {
        get(target, prop, receiver) {
          if (prop === 'getLeverage') return undefined;
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const bot = h.newBot(withVenue(h, 'pacifica', blind));
    await h.drive(bot.init());
    await h.runFor(3 * 3_600_000, bot);
    // Several cycles, one note.
    expect(bot.currentState.stats.cycles).toBeGreaterThan(1);
    const notes = h.printed.filter((t) => t.startsWith('note: leverage'));
    expect(notes).toEqual([
      'note: leverage on pacifica not read back: its connector cannot read leverage (no PerpVenue.getLeverage); trusting setLeverage (3×)',
    ]);
  });

  it('over the real protocols: edgeX and Lighter read the leverage back; a venue that applies another one is caught', async () => {
    for (const name of ['edgex', 'lighter'] as const) {
      // A fresh world each: a leverage set on the other venue's turn would already be in place.
      const h = await harness({ leverage: 3 }, ['edgex', 'lighter'], 7, 'protocol');
      // The venue applies 5× whatever is asked (a cap of its own).
      const venues = withVenue(h, name, (v: PerpVenue) =>
        faulty(v, { setLeverage: async (a) => v.setLeverage(a[0] as string, new Decimal(5)) }),
      );
      const bot = h.newBot(venues);
      await h.drive(bot.init());
      await h.runFor(30 * 60_000, bot);
      expect(bot.currentState.cycle, name).toBeFalsy();
      expect(h.printed.join('\n')).toMatch(
        new RegExp(`leverage on ${name} reads back 5(\\.0+)?× after asking 3×; not opened`),
      );
      await h.close();
    }
    const h = await harness({ leverage: 3 }, ['edgex', 'lighter'], 7, 'protocol');
    await h.drive(h.bot.init());
    await h.runFor(30 * 60_000);
    const c = h.bot.currentState.cycle;
    expect(c?.phase).toBe('open');
    expect(h.printed.some((t) => t.startsWith('note: leverage'))).toBe(false);
    // Lighter keeps an initial-margin fraction: 3× reads back within a basis point of 3.
    for (const { venue } of h.conn.venues) {
      const read = await venue.getLeverage?.(c?.symbol ?? '');
      expect(read?.minus(3).abs().lte('0.003'), `${venue.id} reads ${read}`).toBe(true);
    }
  });
});
