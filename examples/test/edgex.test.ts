import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/edgex.js';

const EXPECTED = [
  /^markets: \d+ \(BTC tick [\d.]+, lot [\d.]+\)$/,
  /^book BTC: bid [\d.]+ \/ ask [\d.]+$/,
  /^funding BTC: -?[\d.e-]+ per 4 h \(APR -?[\d.]+\)$/,
  /^edgex contract id of BTC: \d+$/,
  /^placed: example-1 accepted \(buy [\d.]+ BTC @ [\d.]+\)$/,
  /^order: open$/,
  /^cancelled: 0 open orders left$/,
];

describe('examples/src/edgex.ts', () => {
  it('reads markets, book and funding, places and cancels one order', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toHaveLength(EXPECTED.length);
    for (const [i, re] of EXPECTED.entries()) expect(lines[i]).toMatch(re);
  });

  it('runs as a script and exits 0', () => {
    const file = fileURLToPath(new URL('../src/edgex.ts', import.meta.url));
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
