import type { StatusSnapshot } from '@dn/ops';
import type { BotStatus } from '../bot.js';
import { EventLog } from './events.js';
import { statusLine } from './status-line.js';
import { dashboardView } from './view-model.js';

/** Where the bot's human output goes: a live dashboard on a TTY, plain lines elsewhere. */
export interface BotConsole {
  /** A line for humans (open, close, alert, error, scan table…): an event on the dashboard, a line otherwise. */
  print(text: string): void;
  /** After every bot status (the tracker already updated). */
  status(status: BotStatus): void;
  /** Gives the terminal back (last frame stays); later prints are plain lines. Idempotent. */
  close(): void;
}

export interface ConsoleOptions {
  /** Show the dashboard (stdout is a TTY and --no-dashboard was not given). */
  dashboard: boolean;
  /** PAPER, SIM or LIVE: on every dashboard frame and every plain status line. */
  mode: string;
  holdMs: number;
  speed: number;
  /** The bot's clock (simulated in paper mode): event times. */
  now: () => number;
  /** The status page's tracker: the dashboard shows the same figures. */
  tracker: { snapshot(): StatusSnapshot; latest(): BotStatus | undefined };
  stdout: NodeJS.WriteStream;
}

/** Plain status lines while a pair is held come at most this often (clock time); every other state change prints. */
const PLAIN_EVERY_MS = 3_600_000;

export async function startConsole(o: ConsoleOptions): Promise<BotConsole> {
  const line = (text: string) => o.stdout.write(`${text}\n`);
  if (o.dashboard) {
    try {
      return await dashboardConsole(o, line);
    } catch (e) {
      line(`rotation-bot: dashboard unavailable (${(e as Error).message}); plain status lines instead`);
    }
  }
  let lastLine = Number.NEGATIVE_INFINITY;
  return {
    print: line,
    status(status) {
      if (status.now - lastLine >= PLAIN_EVERY_MS || status.state.cycle?.phase !== 'open') {
        lastLine = status.now;
        line(`[${o.mode}] ${statusLine(status)}`);
      }
    },
    close: () => undefined,
  };
}

async function dashboardConsole(o: ConsoleOptions, line: (text: string) => void): Promise<BotConsole> {
  // react + ink (and yoga's WebAssembly) load only here: `--help`, non-TTY runs and live runs without a TTY skip them.
  const { mountScreen } = await import('./screen.js');
  const events = new EventLog();
  const screen = mountScreen(o.stdout, (rows) =>
    dashboardView({
      mode: o.mode,
      snapshot: o.tracker.snapshot(),
      status: o.tracker.latest(),
      holdMs: o.holdMs,
      speed: o.speed,
      events: events.list(),
      rows,
    }),
  );
  let open = true;
  return {
    print(text) {
      if (!open) return line(text);
      events.add(text, o.now());
      screen.refresh();
    },
    status() {
      if (open) screen.refresh();
    },
    close() {
      if (!open) return;
      open = false;
      screen.close();
    },
  };
}
