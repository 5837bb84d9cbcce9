import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main as edgex } from '../src/edgex.js';
import { main as extended } from '../src/extended.js';
import { main as lighter } from '../src/lighter.js';
import { main as pacifica } from '../src/pacifica.js';

type Main = (print: (line: string) => void) => Promise<void>;

/** What each example prints, line by line: the connector's view of the simulator's market, then one order's life. */
const EXAMPLES: { name: string; main: Main; expected: RegExp[] }[] = [
  {
    name: 'extended',
    main: extended,
    expected: [
      /^markets: \d+ \(BTC tick [\d.]+, lot [\d.]+\)$/,
      /^book BTC: bid [\d.]+ \/ ask [\d.]+$/,
      /^funding BTC: -?[\d.e-]+ per 1 h \(APR -?[\d.]+\)$/,
      /^extended market BTC-USD: synthetic asset 0x[0-9a-f]+$/,
      /^placed: example-1 accepted \(buy [\d.]+ BTC @ [\d.]+\)$/,
    ],
  },
  {
    name: 'pacifica',
    main: pacifica,
    expected: [
      /^markets: \d+ \(BTC tick [\d.]+, lot [\d.]+\)$/,
      /^book BTC: bid [\d.]+ \/ ask [\d.]+$/,
      /^funding BTC: -?[\d.e-]+ per 1 h \(APR -?[\d.]+\)$/,
      /^pacifica minimum order of BTC: [\d.]+ USD$/,
      /^placed: accepted \(buy [\d.]+ BTC @ [\d.]+\)$/,
    ],
  },
  {
    name: 'edgex',
    main: edgex,
    expected: [
      /^markets: \d+ \(BTC tick [\d.]+, lot [\d.]+\)$/,
      /^book BTC: bid [\d.]+ \/ ask [\d.]+$/,
      /^funding BTC: -?[\d.e-]+ per 4 h \(APR -?[\d.]+\)$/,
      /^edgex contract id of BTC: \d+$/,
      /^placed: example-1 accepted \(buy [\d.]+ BTC @ [\d.]+\)$/,
    ],
  },
  {
    name: 'lighter',
    main: lighter,
    expected: [
      /^markets: \d+ \(ETH tick [\d.]+, lot [\d.]+\)$/,
      /^book ETH: bid [\d.]+ \/ ask [\d.]+$/,
      /^funding ETH: -?[\d.e-]+ per 1 h \(APR -?[\d.]+\)$/,
      /^lighter market id of ETH: \d+$/,
      /^placed: example-1 accepted \(buy [\d.]+ ETH @ [\d.]+\)$/,
    ],
  },
];

/** Every example ends the same way: the order seen resting, then cancelled. */
const ENDING = [/^order: open$/, /^cancelled: 0 open orders left$/];

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/src/%s.ts', (name, { main, expected }) => {
  it('reads markets, book and funding, places and cancels one order', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    const all = [...expected, ...ENDING];
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
