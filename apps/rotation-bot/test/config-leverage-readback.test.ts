import { Decimal, type PerpVenue } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { faulty, type Harness, harness, recordingOrders, withVenue } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('leverage read back after setting it (simulator)', () => {
  it('a venue that applies another leverage than asked: nothing is sent, the pair rests', async () => {
    h = await harness({ leverage: 3 });
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
    h = await harness({ leverage: 3 });
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
    h = await harness({ leverage: 3 });
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
    h = await harness({ leverage: 3 }, ['extended', 'pacifica'], 7, 'protocol');
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
});
