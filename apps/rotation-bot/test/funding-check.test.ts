import { Decimal, type FundingPayment } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FundingWatch } from '../src/funding-check.js';
import { faulty, type Harness, harness, withVenue } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOUR = 3_600_000;

describe('funding reality check', () => {
  it('payments that match the rate read are not flagged over a day on the simulator', async () => {
    h = await harness({ hold_duration_hours: 24, check_interval_seconds: 300 });
    await h.bot.init();
    await h.runFor(20 * HOUR);
    expect(h.bot.currentState.cycle?.phase).toBe('open');
    expect(h.printed.some((t) => t.includes('ALERT'))).toBe(false);
    const ratios = [...h.bot.fundingRatios.values()];
    expect(ratios.length).toBe(2);
    for (const r of ratios) expect(r.gt('0.33') && r.lt(3)).toBe(true);
  });

  it('payments 8.1× the prediction twice in a row stop new opens on that venue, with an alert line', async () => {
    h = await harness({ hold_duration_hours: 3, check_interval_seconds: 300, wait_between_cycles_minutes: 10 });
    // Pacifica's connector reads payments in the wrong unit: every amount is 8.1× what was really paid.
    const venues = withVenue(h, 'pacifica', (v) =>
      faulty(v, {
        getFundingPayments: async (_a, real) =>
          ((await real()) as FundingPayment[]).map((p) => ({ ...p, amount: p.amount.mul('8.1') })),
      }),
    );
    const bot = h.newBot(venues);
    await bot.init();
    await h.runFor(12 * HOUR, bot);
    const alert = h.printed.find((t) => t.includes('ALERT'));
    expect(alert).toMatch(/funding on pacifica is 8\.1× the predicted value: units\?/);
    // The cycle in progress ends normally; no new one opens on Pacifica (the only other venue).
    expect(bot.currentState.stats.cycles).toBe(1);
    expect(bot.currentState.cycle).toBeNull();
  });

  it('judges sign flips and ignores payments too small to tell', () => {
    const w = new FundingWatch();
    const t0 = Date.UTC(2026, 0, 5);
    w.noteRate('lighter', 'ETH', new Decimal('0.0001'), 1, t0);
    const pay = (at: number, amount: string): FundingPayment => ({
      symbol: 'ETH',
      amount: new Decimal(amount),
      timestamp: at,
    });
    // Long 1 ETH at 2000: predicted −0.2 per hour. Received +0.2 twice: the sign is inverted.
    let r = w.judge('lighter', 'ETH', [pay(t0 + HOUR, '0.2')], new Decimal(1), new Decimal(2000));
    expect(r.verdicts[0]?.wrong).toBe(true);
    expect(r.alert).toBeUndefined();
    w.noteRate('lighter', 'ETH', new Decimal('0.0001'), 1, t0 + HOUR);
    r = w.judge('lighter', 'ETH', [pay(t0 + 2 * HOUR, '0.2')], new Decimal(1), new Decimal(2000));
    expect(r.alert).toMatch(/opposite sign.*sign convention\?/);
    expect(w.blocked('lighter')).toBeDefined();
    // Near-zero rates: no judgement, no strike.
    const q = new FundingWatch();
    q.noteRate('edgex', 'ETH', new Decimal('0.000000001'), 4, t0);
    const quiet = q.judge('edgex', 'ETH', [pay(t0 + HOUR, '-0.00001')], new Decimal(1), new Decimal(2000));
    expect(quiet.verdicts.length).toBe(0);
  });
});
