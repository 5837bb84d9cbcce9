import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { tsxLoader } from '@dn/core/testing';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard on a real pseudo-terminal: the bot runs in paper mode inside a detached tmux session (120×40) and the
 * test reads the screen with `capture-pane`, as a person would see it. Each test uses its own tmux server (`-L`) and
 * kills it in `finally`, whatever happened.
 */

const run = promisify(execFile);
const TMUX = '/usr/bin/tmux';
const COLS = 120;
const ROWS = 40;
const main = path.resolve(import.meta.dirname, '../src/main.ts');
const tsx = tsxLoader(import.meta.dirname);

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

async function tmux(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(TMUX, ['-L', socket, ...args], { timeout: 10_000 });
  return stdout;
}

/** Starts the bot in a detached session; the pane stays after it exits so its last screen can be read. */
async function startBot(args: string[]): Promise<{ socket: string; dir: string; screen: () => Promise<string> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-rb-pty-'));
  // Without the spread's decay the seed-1 simulated day has a pair worth opening (as in the CLI test).
  await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ funding_half_life_hours: null }));
  const socket = `dn-rb-pty-${process.pid}-${randomBytes(4).toString('hex')}`;
  // CI=true makes ink print only the last frame; INIT_CWD (pnpm) would move the home away from `dir`.
  const command = [
    'env -u CI -u INIT_CWD NODE_OPTIONS=',
    quote(process.execPath),
    '--import',
    quote(tsx),
    '--conditions=@dn/source',
    quote(main),
    '--config config.json',
    ...args,
    '; echo "EXITED $?"; sleep 600',
  ].join(' ');
  await tmux(socket, 'new-session', '-d', '-x', String(COLS), '-y', String(ROWS), '-c', dir, command);
  return { socket, dir, screen: () => tmux(socket, 'capture-pane', '-p') };
}

async function stop(socket: string, dir: string): Promise<void> {
  await tmux(socket, 'kill-server').catch(() => undefined);
  // The server is gone; its socket file is not always removed with it.
  const uid = process.getuid?.() ?? 0;
  await fs.rm(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, socket), { force: true });
  await fs.rm(dir, { recursive: true, force: true });
}

/** Reads the screen until `done` says it is complete; fails with the last screen after `ms`. */
async function waitForScreen(screen: () => Promise<string>, done: (s: string) => boolean, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    last = await screen();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`screen not complete after ${ms} ms:\n${last}`);
}

const VENUE = '(?:extended|pacifica)';
const regions = {
  mode: /^ PAPER {2}rotation-bot · open( \(\w+\))? · cycle \S+ [A-Z0-9]+/m,
  legsLong: new RegExp(
    `^${VENUE}\\s+LONG\\s+\\d[\\d.]*\\s+\\d[\\d.]*\\s+\\d[\\d.]*\\s+[+-]?\\$\\d+\\.\\d\\d\\s+\\S+`,
    'm',
  ),
  legsShort: new RegExp(
    `^${VENUE}\\s+SHORT\\s+-\\d[\\d.]*\\s+\\d[\\d.]*\\s+\\d[\\d.]*\\s+[+-]?\\$\\d+\\.\\d\\d\\s+\\S+`,
    'm',
  ),
  funding: new RegExp(`^${VENUE}\\s+(LONG|SHORT)\\s+[+-]?\\d+\\.\\d{4}%/\\d+h\\s+[+-]?\\d+\\.\\d\\d%`, 'm'),
  pair: /^pair APR [+-]?\d+\.\d\d% · accrued [+-]?\$\d+\.\d{4} · predicted [+-]?\$\d+\.\d{4} \(\d+ payments?\)/m,
  timer: /^held \d+h\d\dm · closes in \d+h\d\dm [█░]{20}/m,
  scan: /^last scan \d\d:\d\d:\d\d · \d+ pairs · \d+ eligible$/m,
  totals:
    /^cycles \d+ · volume \$[\d,]+\.\d\d · fees \$[\d,]+\.\d\d · funding [+-]?\$[\d,]+\.\d\d · price PnL [+-]?\$[\d,]+\.\d\d · net [+-]?\$[\d,]+\.\d\d$/m,
  counters: /^aborted opens \d+ · stop-loss \d+ · flip exits \d+ · max naked \d+\.\d\d s/m,
  events: /^\d\d:\d\d:\d\d open\s+opened [A-Z0-9]+: \w+ -?[\d.]+ \/ \w+ -?[\d.]+$/m,
};

describe('dashboard in a pseudo-terminal (tmux, paper mode)', () => {
  it('one screen with mode, legs, funding, last scan, totals and events, redrawn in place; the last frame stays', async () => {
    const bot = await startBot(['--speed', '7200', '--run-for', '2d', '--seed', '1']);
    try {
      const held = await waitForScreen(bot.screen, (s) => Object.values(regions).every((r) => r.test(s)), 90_000);
      const lines = held.split('\n');
      expect(lines.length).toBeLessThanOrEqual(ROWS + 1);
      expect(lines.every((l) => l.length <= COLS)).toBe(true);
      // Redrawn in place: one header, one of each region, whatever number of loop steps ran before.
      expect(held.match(/rotation-bot · /g)?.length).toBe(1);
      expect(held.match(/^Totals$/gm)?.length).toBe(1);
      // Real values: the legs are hedged (same size, opposite sides) and the scan found the pair it holds.
      const long = held.match(new RegExp(`^(${VENUE})\\s+LONG\\s+([\\d.]+)`, 'm'));
      const short = held.match(new RegExp(`^(${VENUE})\\s+SHORT\\s+-([\\d.]+)`, 'm'));
      expect(long?.[2]).toBe(short?.[2]);
      expect(long?.[1]).not.toBe(short?.[1]);
      // Symbols may start with digits (1000PEPE); the scan table's 8-wide column shows 7 characters at most.
      const symbol = held.match(/· cycle \S+ ([A-Z0-9]+)/)?.[1] ?? '';
      const cell = symbol.length > 7 ? `${symbol.slice(0, 6)}…` : symbol;
      expect(held).toMatch(new RegExp(`^${cell}\\s+${long?.[1]}\\s+${short?.[1]}\\s+.*\\bok$`, 'm'));

      const end = await waitForScreen(bot.screen, (s) => /^EXITED \d+$/m.test(s), 90_000);
      expect(end).toMatch(/^EXITED 0$/m);
      // The last frame stays on screen and the final line prints below it.
      expect(end).toMatch(regions.totals);
      expect(end).toMatch(/^done: \d+ cycles, volume \$[\d.]+, net [+-]?\$-?[\d.]+$/m);
      expect(end.indexOf('Events')).toBeLessThan(end.indexOf('done: '));
    } finally {
      await stop(bot.socket, bot.dir);
    }
  }, 200_000);

  it('--no-dashboard on a TTY prints plain lines with the mode', async () => {
    const bot = await startBot(['--no-dashboard', '--speed', '36000', '--run-for', '2h', '--seed', '1']);
    try {
      const end = await waitForScreen(bot.screen, (s) => /^EXITED \d+$/m.test(s), 90_000);
      expect(end).toMatch(/^EXITED 0$/m);
      expect(end).toMatch(
        /^\[PAPER\] \[\d{4}-\d\d-\d\dT[\d:.]+Z\] (idle|opening|open|closing)\b.* \| cycles \d+ net \$[\d.-]+$/m,
      );
      expect(end).not.toMatch(/^Totals$/m);
    } finally {
      await stop(bot.socket, bot.dir);
    }
  }, 180_000);
});
