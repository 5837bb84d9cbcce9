/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { render } from 'ink';
import { Dashboard } from './view.js';
import type { DashboardView } from './view-model.js';

/** Redraws are coalesced: the paper clock can run many loop steps per second. */
const REFRESH_MS = 100;

export interface Screen {
  /** Redraw soon (coalesced). */
  refresh(): void;
  /** Draws the last frame and gives the terminal back; the frame stays on screen. */
  close(): void;
}

/** Mounts the dashboard on a TTY. Loaded with `import()` only when a dashboard is shown (react and ink stay unloaded otherwise). */
export function mountScreen(stdout: NodeJS.WriteStream, build: (rows: number) => DashboardView): Screen {
  const frame = () => <Dashboard view={build(stdout.rows || 40)} columns={Math.max(40, (stdout.columns || 120) - 1)} />;
  // No keyboard input is read, so Ctrl-C stays a SIGINT for the bot's own handler (stop after the current step).
  const ink = render(frame(), { stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 10 });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const draw = () => {
    timer = undefined;
    if (!closed) ink.rerender(frame());
  };
  stdout.on('resize', draw);
  return {
    refresh() {
      if (closed || timer) return;
      timer = setTimeout(draw, REFRESH_MS);
      timer.unref();
    },
    close() {
      if (closed) return;
      if (timer) clearTimeout(timer);
      draw();
      closed = true;
      stdout.off('resize', draw);
      ink.unmount();
    },
  };
}
