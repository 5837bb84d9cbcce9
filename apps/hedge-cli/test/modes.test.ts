import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SimVenueHandle, startSimVenues } from '@dn/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanHomes, cli, PAIRS, pairConfig, tempHome, writeConfig } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, asserted field by field
type J = Record<string, any>;

let sims: Map<string, SimVenueHandle>;
let simFile: string;

beforeAll(async () => {
  sims = await startSimVenues({ venues: ['extended', 'pacifica', 'edgex', 'lighter'], seed: 3, accounts: 1 });
  const now = Date.now();
  const venues = Object.fromEntries(
    [...sims].map(([name, h]) => {
      const account = h.accounts[0];
      if (!account) throw new Error(`no account on ${name}`);
      return [
        name,
        { restUrl: h.restUrl, wsUrl: h.wsUrl, credentials: account.credentials, accountId: account.accountId },
      ];
    }),
  );
  simFile = path.join(tempHome(), 'sim.json');
  fs.writeFileSync(simFile, JSON.stringify({ clock: { speed: 1, virtualStartMs: now, realStartMs: now }, venues }));
});

afterAll(async () => {
  await Promise.all([...(sims?.values() ?? [])].map((h) => h.close()));
  cleanHomes();
});

describe('--sim <file>: a standalone simulator through its connection file', () => {
  it.each(PAIRS)('$long / $short: status, open, status hedged, close, flat — labelled SIM', async (pair) => {
    const home = tempHome();
    const config = writeConfig(home, pairConfig(pair));
    const run = (...argv: string[]) => cli(home, ['--config', config, '--sim', simFile, ...argv]);
    const first = await run('status');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('[SIM]');
    const opened = await run('open', '--size-quote', '300', '--json');
    expect(opened.code, opened.err).toBe(0);
    expect(opened.json<J>().mode).toBe('sim');
    expect((await run('status', '--json')).json<J>().verdict).toBe('hedged');
    expect((await run('close')).code).toBe(0);
    expect((await run('status', '--json')).json<J>().verdict).toBe('flat');
    // The simulator's own books agree: nothing left on either account.
    for (const venue of [pair.long, pair.short]) {
      const h = sims.get(venue);
      const account = h?.accounts[0]?.accountId as string;
      expect(h?.engine.positions(account).filter((p) => !p.size.isZero())).toEqual([]);
    }
  });
});

describe('--live', () => {
  it('without credentials: exit 2 naming the missing variables of both venues; nothing connected', async () => {
    const home = tempHome();
    const config = writeConfig(home, pairConfig(PAIRS[0]));
    const r = await cli(home, ['--config', config, '--live', 'status']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/EXTENDED_/);
    expect(r.err).toMatch(/LIGHTER_/);
    expect(fs.existsSync(path.join(home, 'logs'))).toBe(false);
  });

  it('--paper and --live together are a usage error (exit 2)', async () => {
    const r = await cli(tempHome(), ['--paper', '--live', 'status']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('exclude each other');
  });
});
