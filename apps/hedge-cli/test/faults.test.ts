import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VenueConnection } from '@dn/connect';
import { Decimal } from '@dn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanHomes, cli, pairConfig, tempHome, writeConfig } from './helpers.js';

afterAll(cleanHomes);

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, asserted field by field
type J = Record<string, any>;

/** The pilot is the rotation bot's preferred venue of the two (lighter, edgex, extended, pacifica); the hedge the other. */
const CASES = [
  { long: 'extended', short: 'lighter', pilot: 'lighter', hedge: 'extended' },
  { long: 'pacifica', short: 'edgex', pilot: 'edgex', hedge: 'pacifica' },
] as const;

const engine = (c: VenueConnection, venue: string) => {
  const e = c.engines?.get(venue as never);
  if (!e) throw new Error(`no engine for ${venue}`);
  return e;
};
const lines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l));

describe.each(CASES)('leg risk on $long / $short (pilot $pilot)', (c) => {
  it('open with the hedge rejected: the pilot is unwound reduce-only, both flat, exit 1, no halt', async () => {
    const home = tempHome();
    const config = writeConfig(home, pairConfig(c));
    const r = await cli(home, ['--config', config, 'open', '--size-quote', '500', '--json'], {
      speed: 20,
      onConnected: (conn) => engine(conn, c.hedge).faults.rejectNext(50),
    });
    expect(r.code, r.err).toBe(1);
    const o = r.json<J>();
    expect(o.opened).toBe(false);
    expect(o.pair.abortReason).toBeTruthy();
    // The pilot filled, the hedge was refused (retried), the pilot was sold back reduce-only.
    expect(lines(r.err, new RegExp(`^  ${c.pilot}: \\w+ [\\d.]+ BTC → filled`))).toHaveLength(1);
    expect(lines(r.err, new RegExp(`^  ${c.hedge}: .* → rejected`)).length).toBeGreaterThanOrEqual(1);
    expect(lines(r.err, new RegExp(`^  ${c.pilot}: .* reduce-only → filled`)).length).toBeGreaterThanOrEqual(1);
    expect(o.status.verdict).toBe('flat');
    expect(o.nakedMs.length).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(home, 'paper', 'dn.HALT.json'))).toBe(false);
    // The pair's record (client ids of every order) is in the home's state file.
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'paper', 'hedge-cli.state.json'), 'utf8'));
    expect(saved.data.pair.id).toBe(o.pair.id);
    expect(saved.data.pair.first.clientOrderIds.length).toBeGreaterThanOrEqual(2);
    const status = await cli(home, ['--config', config, 'status', '--json']);
    expect(status.json<J>().verdict).toBe('flat');
  });

  it('close with one venue refusing every order: retried, the other leg closed, halt sentinel written, exit 3', async () => {
    const home = tempHome();
    const config = writeConfig(home, pairConfig(c));
    const run = (argv: string[], onConnected?: (conn: VenueConnection) => void) =>
      cli(home, ['--config', config, ...argv], { speed: 50, ...(onConnected ? { onConnected } : {}) });
    expect((await run(['open', '--size-quote', '500'])).code).toBe(0);

    const closing = await run(['close'], (conn) => engine(conn, c.short).faults.setRejectProbability(1));
    expect(closing.code, closing.out + closing.err).toBe(3);
    expect(
      lines(closing.out, new RegExp(`^  ${c.short}: buy .* reduce-only → rejected`)).length,
    ).toBeGreaterThanOrEqual(6);
    expect(closing.err).toContain('HALTED');
    const sentinel = path.join(home, 'paper', 'dn.HALT.json');
    const record = JSON.parse(fs.readFileSync(sentinel, 'utf8'));
    expect(record.by).toBe('hedge-cli');
    expect(record.reason).toContain('could not close BTC');

    const clear = (conn: VenueConnection) => engine(conn, c.short).faults.setRejectProbability(0);
    const status = (await run(['status', '--json'], clear)).json<J>();
    expect(status.verdict).toBe('one-leg');
    expect(status.legs[0].size).toBe('0');
    expect(new Decimal(status.legs[1].size).lt(0)).toBe(true);

    // Halted: nothing opens; closing (reduce-only) still works, then --clear-halt.
    const blocked = await run(['open', '--size-quote', '500'], clear);
    expect(blocked.code).toBe(3);
    expect(blocked.out).toContain('nothing opened');
    expect((await run(['close'], clear)).code).toBe(0);
    expect((await run(['status', '--json'], clear)).json<J>().verdict).toBe('flat');
    expect((await run(['--clear-halt'])).code).toBe(0);
    expect(fs.existsSync(sentinel)).toBe(false);
  });
});

describe('a failed unwind', () => {
  it.each(CASES)(
    '$long / $short: hedge refused, then the unwind refused too → halt sentinel, exit 3; status shows the lone leg (exit 1)',
    async (c) => {
      const home = tempHome();
      const config = writeConfig(home, pairConfig(c));
      let watch: NodeJS.Timeout | undefined;
      const r = await cli(home, ['--config', config, 'open', '--size-quote', '500', '--json'], {
        speed: 20,
        onConnected: (conn) => {
          const pilot = engine(conn, c.pilot);
          const account = conn.accounts?.get(c.pilot as never) as string;
          engine(conn, c.hedge).faults.setRejectProbability(1);
          // Once the pilot has filled, its venue refuses everything too: the unwind cannot go out.
          watch = setInterval(() => {
            if (pilot.positions(account).some((p) => !p.size.isZero())) pilot.faults.setRejectProbability(1);
          }, 5);
        },
      }).finally(() => clearInterval(watch));
      expect(r.code, r.err).toBe(3);
      expect(r.json<J>()).toMatchObject({ command: 'open', halted: true });
      const record = JSON.parse(fs.readFileSync(path.join(home, 'paper', 'dn.HALT.json'), 'utf8'));
      expect(record.by).toBe('hedge-cli');
      expect(r.err).toMatch(/LEG AT RISK|HALT written/);
      const status = await cli(home, ['--config', config, 'status', '--json'], {
        onConnected: (conn) => {
          for (const v of [c.pilot, c.hedge]) engine(conn, v).faults.setRejectProbability(0);
        },
      });
      expect(status.code).toBe(1);
      expect(status.json<J>().verdict).toBe('one-leg');
    },
  );
});

describe('an open that never finished (process killed after the pilot left)', () => {
  it('the next trading command says so; positions come from the venues and close flattens them', async () => {
    const home = tempHome();
    const config = writeConfig(home, pairConfig(CASES[0]));
    const run = (argv: string[], onConnected?: (conn: VenueConnection) => void) =>
      cli(home, ['--config', config, ...argv], { speed: 20, ...(onConnected ? { onConnected } : {}) });
    // The state file says `pilot_sent` (as if killed right after the pilot left); the venues hold what they hold.
    expect((await run(['open', '--size-quote', '500'])).code).toBe(0);
    const stateFile = path.join(home, 'paper', 'hedge-cli.state.json');
    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    saved.data.pair = { ...saved.data.pair, phase: 'opening', step: 'pilot_sent' };
    fs.writeFileSync(stateFile, JSON.stringify(saved));
    const closing = await run(['close']);
    expect(closing.code, closing.err).toBe(0);
    expect(closing.out).toContain('stopped at step pilot_sent');
    expect((await run(['status', '--json'])).json<J>().verdict).toBe('flat');
  });
});
