import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as edgex } from '../src/edgex.js';
import { main as extended } from '../src/extended.js';
import { main as lighter } from '../src/lighter.js';
import { main as pacifica } from '../src/pacifica.js';

type Main = (print: (line: string) => void) => Promise<void>;

/**
 * What each example prints, line by line: the connector's view of the simulator's market (its funding interval), the
 * one line of the venue's own `client` API, then one order's life.
 */
const EXAMPLES: { name: string; main: Main; symbol: string; fundingHours: number; client: RegExp }[] = [
  {
    name: 'extended',
    main: extended,
    symbol: 'BTC',
    fundingHours: 1,
    client: /^extended market BTC-USD: synthetic asset 0x[0-9a-f]+$/,
  },
  {
    name: 'pacifica',
    main: pacifica,
    symbol: 'BTC',
    fundingHours: 1,
    client: /^pacifica minimum order of BTC: [\d.]+ USD$/,
  },
  { name: 'edgex', main: edgex, symbol: 'BTC', fundingHours: 4, client: /^edgex contract id of BTC: \d+$/ },
  { name: 'lighter', main: lighter, symbol: 'ETH', fundingHours: 1, client: /^lighter market id of ETH: \d+$/ },
];

function expectedLines(e: (typeof EXAMPLES)[number]): RegExp[] {
  const s = e.symbol;
  return [
    new RegExp(`^markets: \\d+ \\(${s} tick [\\d.]+, lot [\\d.]+\\)$`),
    new RegExp(`^book ${s}: bid [\\d.]+ / ask [\\d.]+$`),
    new RegExp(`^funding ${s}: -?[\\d.e-]+ per ${e.fundingHours} h \\(APR -?[\\d.]+\\)$`),
    e.client,
    // The client order id: the example's own, or Pacifica's generated UUID.
    new RegExp(`^placed: (example-1|[0-9a-f-]{36}) accepted \\(buy [\\d.]+ ${s} @ [\\d.]+\\)$`),
  ];
}

/** Every example ends the same way: the order seen resting, then cancelled. */
const ENDING = [/^order: open$/, /^cancelled: 0 open orders left$/];

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/src/%s.ts', (name, example) => {
  it('reads markets, book and funding, places and cancels one order', async () => {
    const lines: string[] = [];
    await example.main((line) => lines.push(line));
    const all = [...expectedLines(example), ...ENDING];
    expect(lines).toHaveLength(all.length);
    for (const [i, re] of all.entries()) expect(lines[i]).toMatch(re);
  });

  it('runs as a script and exits 0', () => {
    const file = fileURLToPath(new URL(`../src/${name}.ts`, import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@dn/source', file], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('cancelled: 0 open orders left');
  }, 90_000);
});
