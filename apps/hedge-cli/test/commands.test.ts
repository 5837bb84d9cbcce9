import * as fs from 'node:fs';
import { Decimal } from '@dn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanHomes, cli, PAIRS, pairConfig, tempHome, writeConfig } from './helpers.js';

afterAll(cleanHomes);

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, asserted field by field
type J = Record<string, any>;
const d = (v: unknown) => new Decimal(String(v));

describe.each(PAIRS)('every command in paper mode: long $long / short $short', (pair) => {
  const home = tempHome();
  const config = writeConfig(home, pairConfig(pair));
  const run = (...argv: string[]) => cli(home, ['--config', config, ...argv]);

  it('status: both venues flat, exit 0', async () => {
    const r = await run('status', '--json');
    expect(r.code).toBe(0);
    const s = r.json<J>();
    expect(s.mode).toBe('paper');
    expect(s.verdict).toBe('flat');
    expect(s.legs.map((l: J) => [l.venue, l.expected, l.size])).toEqual([
      [pair.long, 'long', '0'],
      [pair.short, 'short', '0'],
    ]);
    const text = await run('status');
    expect(text.out).toContain('[PAPER]');
    expect(text.out).toContain('FLAT on both venues');
  });

  it('funding: rate, interval and APR per venue, the pair APR both ways; --no-update leaves the file alone', async () => {
    const before = fs.readFileSync(config, 'utf8');
    const r = await run('funding', '--no-update', '--json');
    expect(r.code).toBe(0);
    const f = r.json<J>();
    expect(f.venues.map((v: J) => v.venue)).toEqual([pair.long, pair.short]);
    for (const v of f.venues) {
      expect(v.intervalHours).toBeGreaterThan(0);
      expect(d(v.apr).toFixed(10)).toBe(d(v.rate).mul(8760).div(v.intervalHours).toFixed(10));
      expect(v.recent).toEqual({ count: 0, total: '0' });
    }
    const [l, s] = f.venues as [J, J];
    // Long pays the long venue's rate, short receives the short venue's.
    const configured = d(s.rate).div(s.intervalHours).minus(d(l.rate).div(l.intervalHours)).mul(8760);
    expect(d(f.configured.apr).toFixed(10)).toBe(configured.toFixed(10));
    expect(d(f.best.apr).gte(d(f.configured.apr))).toBe(true);
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
  });

  it('funding: a config holding the worse direction is rewritten to the better one, other keys kept', async () => {
    const h = tempHome();
    const probe = writeConfig(h, pairConfig(pair));
    const { best } = (await cli(h, ['--config', probe, 'funding', '--no-update', '--json'])).json<J>();
    const worse = { long: best.short, short: best.long };
    const file = writeConfig(h, { ...pairConfig(worse), notional: 123, my_note: 'kept' });
    const r = await cli(h, ['--config', file, 'funding', '--json']);
    expect(r.code).toBe(0);
    expect(r.json<J>()).toMatchObject({ suboptimal: true, update: 'updated' });
    expect(r.err).toContain('unknown keys');
    const rewritten = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(rewritten).toEqual({
      ...pairConfig(worse),
      notional: 123,
      my_note: 'kept',
      long_exchange: best.long,
      short_exchange: best.short,
    });
    const again = await cli(h, ['--config', file, 'funding', '--json']);
    expect(again.json<J>()).toMatchObject({ suboptimal: false, update: 'not-needed' });
  });

  it('funding_all: every common symbol, best pair APR first; --symbols in both spellings', async () => {
    const all = (await run('funding_all', '--json')).json<J>();
    expect(all.rows.length).toBeGreaterThanOrEqual(5);
    const aprs = all.rows.filter((r: J) => r.best).map((r: J) => d(r.best.apr));
    for (let i = 1; i < aprs.length; i++) expect(aprs[i - 1].gte(aprs[i])).toBe(true);
    for (const r of all.rows.filter((x: J) => x.best))
      expect(new Set([r.best.long, r.best.short])).toEqual(new Set([pair.long, pair.short]));
    const spaced = (await run('funding_all', '--symbols', 'BTC', 'eth', '--json')).json<J>();
    const commas = (await run('funding_all', '--symbols', 'BTC,ETH', '--json')).json<J>();
    expect(spaced.rows.map((r: J) => r.symbol).sort()).toEqual(['BTC', 'ETH']);
    expect(commas.rows.map((r: J) => r.symbol).sort()).toEqual(['BTC', 'ETH']);
    const missing = (await run('funding_all', '--symbols', 'NOPE', '--json')).json<J>();
    expect(missing.rows[0].note).toContain('not listed');
  });

  it('check_leverage: maximum per market on both venues, and the configured leverage capped by them', async () => {
    const r = await run('check_leverage', '--symbols', 'BTC', 'ETH', '--json');
    expect(r.code).toBe(0);
    const rows = r.json<J>().rows as J[];
    expect(rows.map((x) => x.symbol)).toEqual(['BTC', 'ETH']);
    for (const row of rows) {
      const maxima = [pair.long, pair.short].map((v) => d(row.venues[v].max));
      expect(maxima.every((m) => m.gt(0))).toBe(true);
      expect(row.effective).toBe(Decimal.min(3, ...maxima).toFixed());
    }
  });

  it('capacity: one size on both lots that both margins carry after fees; the config notional sized the same way', async () => {
    const r = await run('capacity', '--json');
    expect(r.code).toBe(0);
    const c = r.json<J>();
    expect(c.max.ok).toBe(true);
    expect(d(c.max.size).mod(d(c.max.step)).isZero()).toBe(true);
    for (const v of c.venues) expect(d(c.max.size).mul(v.price).div(3).lte(d(v.availableMargin))).toBe(true);
    expect(c.configured.ok).toBe(true);
    expect(c.configured.limitedBy).toBe('max-notional');
    const maxPrice = Decimal.max(...c.venues.map((v: J) => d(v.price)));
    expect(d(c.configured.size).mul(maxPrice).lte(200)).toBe(true);
    expect(d(c.configured.size).plus(d(c.configured.step)).mul(maxPrice).gt(200)).toBe(true);
  });

  it('test_leverage: set on both venues, nothing traded', async () => {
    const r = await run('test_leverage', '--json');
    expect(r.code).toBe(0);
    expect(r.json<J>().venues.map((v: J) => [v.venue, v.set, v.error])).toEqual([
      [pair.long, '3', undefined],
      [pair.short, '3', undefined],
    ]);
    expect((await run('status', '--json')).json<J>().verdict).toBe('flat');
  });

  it('open --size-quote → hedged (status exit 0, sizes equal and opposite) → close → flat', async () => {
    const o = await run('open', '--size-quote', '500', '--json');
    expect(o.code, o.err).toBe(0);
    const opened = o.json<J>();
    expect(opened.opened).toBe(true);
    const s = (await run('status', '--json')).json<J>();
    expect(s.verdict).toBe('hedged');
    const [l, sh] = s.legs as [J, J];
    expect(d(l.size).gt(0)).toBe(true);
    expect(d(l.size).plus(d(sh.size)).isZero()).toBe(true);
    expect(d(l.size).toFixed()).toBe(opened.pair.targetSize);
    expect(d(l.notional).lte(500)).toBe(true);
    // A second open on a held symbol sends nothing.
    const twice = await run('open', '--size-quote', '500');
    expect(twice.code).toBe(1);
    expect(twice.out).toContain('already held');
    const c = await run('close', '--json');
    expect(c.code, c.err).toBe(0);
    expect((await run('status', '--json')).json<J>().verdict).toBe('flat');
    const none = await run('close');
    expect(none.out).toContain('nothing to close');
  });

  it('open --size-base floors to both lots; --cross-ticks sets the first band', async () => {
    const o = await run('open', '--size-base', '0.01234', '--cross-ticks', '20', '--json');
    expect(o.code, o.err).toBe(0);
    const size = d(o.json<J>().pair.targetSize);
    expect(size.gt(0) && size.lte('0.01234')).toBe(true);
    expect((await run('close')).code).toBe(0);
  });

  it('open refuses a size below both minimums and one the margin cannot carry: nothing sent', async () => {
    const small = await run('open', '--size-quote', '1');
    expect(small.code).toBe(1);
    expect(small.out).toMatch(/below what both venues accept.*nothing sent/);
    const big = await run('open', '--size-quote', '1000000');
    expect(big.code).toBe(1);
    expect(big.out).toMatch(/needs more margin.*nothing sent/);
    expect((await run('status', '--json')).json<J>().verdict).toBe('flat');
  });

  it('test --notional 20: opens, waits 5 s, closes', async () => {
    const h = tempHome();
    const file = writeConfig(h, pairConfig(pair, { symbol: 'SOL' }));
    const started = Date.now();
    const r = await cli(h, ['--config', file, 'test', '--notional', '20', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    const t = r.json<J>();
    expect(t.open.opened).toBe(true);
    expect(d(t.open.status.legs[0].notional).lte(20)).toBe(true);
    expect(t.close.closed).toBe(true);
    expect(r.err).toContain('waiting 5 s');
    expect((await cli(h, ['--config', file, 'status', '--json'])).json<J>().verdict).toBe('flat');
  });

  it('test_auto: the round trip in the direction funding favours, config unchanged', async () => {
    const h = tempHome();
    const file = writeConfig(h, pairConfig(pair, { symbol: 'SOL' }));
    const before = fs.readFileSync(file, 'utf8');
    const { best } = (await cli(h, ['--config', file, 'funding', '--no-update', '--json'])).json<J>();
    const r = await cli(h, ['--config', file, 'test_auto', '--wait', '0', '--json'], { speed: 20 });
    expect(r.code, r.err).toBe(0);
    const legs = r.json<J>().open.status.legs as J[];
    expect(legs.map((l) => l.venue)).toEqual([best.long, best.short]);
    expect(r.json<J>().close.closed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});
