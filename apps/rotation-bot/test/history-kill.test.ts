import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../src/history/store.js';
import { cli, cliArgs, cliEnv } from './cli-run.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-history-kill-'));
// Two symbols, 3 requests per second per venue: the download lasts seconds, so the kill lands in its middle.
const args = ['history', '--paper', '--home', dir, '--venues', 'extended,pacifica', '--symbols', 'BTC,ETH'];
const slow = [...args, '--days', '2', '--page-size', '4', '--rps', '3', '--out', 'data'];

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rotation-bot history, killed and run again', () => {
  it('keeps the pages committed before SIGKILL and continues after them', async () => {
    const child = spawn(process.execPath, cliArgs(slow), { cwd: dir, env: cliEnv() });
    let stderr = '';
    let committed = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress in time: ${stderr}`)), 90_000);
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        // Progress lines after the first finished job: some pages are committed, most are not.
        if (!committed && /\] [1-3]\/8 /.test(stderr)) {
          committed = true;
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(committed).toBe(true);
    const store = await HistoryStore.open(path.join(dir, 'data'));
    const before = store.funding().length;
    store.close();
    // Something was kept, not everything: 2 days × 24 hourly rates × 2 symbols × 2 venues = 192 when complete.
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(192);

    const again = await cli([...args, '--days', '2', '--out', 'data'], dir);
    expect(again.code, again.stderr).toBe(0);
    const stdout = again.stdout;
    // Only what was missing is asked for: the rows kept before the kill are not downloaded again.
    const added = Number(/\+(\d+) funding rows/.exec(stdout)?.[1]);
    expect(added).toBeLessThan(192);
    const after = await HistoryStore.open(path.join(dir, 'data'));
    const rows = after.funding();
    after.close();
    // One row per (venue, symbol, hour), none twice, and the range now reaches the second run's end.
    const keys = new Set(rows.map((r) => `${r.venue}:${r.symbol}:${r.time}`));
    expect(keys.size).toBe(rows.length);
    expect(rows.length).toBe(before + added);
    expect(rows.length).toBeGreaterThanOrEqual(192);
  }, 200_000);
});
