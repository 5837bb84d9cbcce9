import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BotStatus } from '../src/bot.js';
import { startConsole } from '../src/dashboard/console.js';
import { OpsStatusTracker } from '../src/ops-status.js';
import { type BotState, emptyState } from '../src/state.js';
import { heldEthCycle } from './cycle-fixture.js';

const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const H = 3_600_000;

/** A stream standing in for the terminal; `text()` is everything written to it, escape codes removed. */
function terminal(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; rows: number };
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  Object.assign(stream, { isTTY, columns: 120, rows: 40 });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escape codes
  const text = () => written.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return { stdout: stream as unknown as NodeJS.WriteStream, text };
}

function tracker() {
  return new OpsStatusTracker(
    { mode: 'paper', isHalted: () => false, speed: 1, checkIntervalMs: 300_000, scanIntervalMs: 60_000, holdMs: 8 * H },
    () => ({ totalSeconds: 0 }),
  );
}

/** The console on `term`, 8 h hold, with the options a test varies. */
function consoleOn(
  term: ReturnType<typeof terminal>,
  track: OpsStatusTracker,
  o: { dashboard: boolean; mode: 'LIVE' | 'SIM'; speed: number; now: () => number },
) {
  return startConsole({ ...o, holdMs: 8 * H, tracker: track, stdout: term.stdout });
}

function held(): BotState {
  const state = emptyState();
  state.cycle = heldEthCycle('rb1', t0);
  return state;
}

describe('bot console', () => {
  it('without a TTY: every printed line, and a status line on each change and hourly while holding', async () => {
    const term = terminal(false);
    const track = tracker();
    const out = await consoleOn(term, track, { dashboard: false, mode: 'LIVE', speed: 1, now: () => t0 });
    out.print('opened ETH: lighter 0.5 / edgex -0.5');
    const state = held();
    for (const now of [t0, t0 + 10 * 60_000, t0 + 30 * 60_000, t0 + H, t0 + H + 60_000]) {
      const s: BotStatus = { state, now };
      track.update(s);
      out.status(s);
    }
    out.close();
    expect(term.text().split('\n')).toEqual([
      'opened ETH: lighter 0.5 / edgex -0.5',
      '[LIVE] [2026-01-05T12:00:00.000Z] open ETH lighter:0.5 edgex:-0.5 | cycles 0 net $0.00',
      '[LIVE] [2026-01-05T13:00:00.000Z] open ETH lighter:0.5 edgex:-0.5 | cycles 0 net $0.00',
      '',
    ]);
  });

  it('on a TTY: printed lines become events on the screen; after close they print as lines again', async () => {
    const term = terminal(true);
    const track = tracker();
    const out = await consoleOn(term, track, { dashboard: true, mode: 'SIM', speed: 60, now: () => t0 + 5 * 60_000 });
    out.print('\n[2026-01-05T12:00:00Z] scan: 12 pairs\n # sym long short …\n 1 ETH …');
    out.print('open ETH: long lighter / short edgex, size 0.5 (net APR 9.10%)');
    out.print('ALERT: funding on lighter is 8.1× the predicted value: units? — no new opens on this venue');
    const s: BotStatus = { state: held(), now: t0 + 5 * 60_000 };
    track.update(s);
    out.status(s);
    out.close();
    out.print('done: 0 cycles, volume $0.00, net $0.0000');
    const text = term.text();
    // The last frame: mode on it, the held pair, the events (the scan table is not an event, its heading is).
    expect(text).toContain(' SIM  rotation-bot · open · cycle rb1 ETH');
    expect(text).toMatch(/lighter\s+LONG\s+0\.5/);
    expect(text).toMatch(/12:05:00 scan\s+scan: 12 pairs/);
    expect(text).not.toContain('# sym long short');
    expect(text).toMatch(/12:05:00 open\s+open ETH: long lighter/);
    expect(text).toMatch(/12:05:00 alert\s+ALERT: funding on lighter/);
    expect(text.trimEnd().endsWith('done: 0 cycles, volume $0.00, net $0.0000')).toBe(true);
  });
});
