import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReportCommand } from '../src/report/command.js';
import { type CompletedCycle, createStateStore, emptyState } from '../src/state.js';
import { tempDir } from './temp-dir.js';

const T = Date.UTC(2026, 10, 1);
const H = 3_600_000;

function cycle(
  id: string,
  symbol: string,
  openedH: number,
  closedH: number,
  net: Partial<CompletedCycle>,
): CompletedCycle {
  return {
    id,
    symbol,
    longVenue: 'extended',
    shortVenue: 'pacifica',
    size: '0.01',
    openedAt: T + openedH * H,
    closedAt: T + closedH * H,
    reason: 'hold_elapsed',
    volumeUsd: '4000',
    feesUsd: '2',
    fundingUsd: '5',
    pricePnlUsd: '-0.5',
    netUsd: '2.5',
    ...net,
  };
}

describe('rotation-bot report --state', () => {
  it('writes one HTML file from the state and its history log, cycles merged by id in closing order', async () => {
    const dir = tempDir('rb-report-state-');
    const statePath = path.join(dir, 'rotation-bot.state.json');
    const a = cycle('c1', 'BTC', 0, 48, {});
    const b = cycle('c2', 'ETH', 50, 60, {
      reason: 'funding_flipped',
      fundingUsd: '1',
      netUsd: '-1.5',
      pricePnlUsd: '-0.5',
    });
    // The log holds both; the state holds the last one only (as after a trimmed history).
    fs.writeFileSync(`${statePath}.history.jsonl`, `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
    await createStateStore(statePath).save({ ...emptyState(), history: [b] });
    const out = path.join(dir, 'report.html');
    const printed: string[] = [];
    const code = await runReportCommand(['--home', dir, '--state', statePath, '--out', out], (t) => printed.push(t));
    expect(code).toBe(0);
    expect(printed.join('\n')).toContain('report: 2 cycles');
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|src="http/);
    // PnL chart rendered; the funding charts need --from and say so.
    expect(html).toMatch(/<section id="pnl">.*<svg/s);
    expect(html).toContain('No funding history given (--from).');
    const rows = html.match(/<tr><td>[A-Z]+<\/td>/g) ?? [];
    expect(rows).toEqual(['<tr><td>BTC</td>', '<tr><td>ETH</td>']);
    // Net 2.5 − 1.5 = $1.00; funding 5 + 1; fees 2 + 2.
    expect(html).toContain('<span>net</span><b>$1.00</b>');
    expect(html).toContain('<span>funding</span><b>$6.00</b>');
    expect(html).toContain('<span>fees</span><b>-$4.00</b>');
  });
});
