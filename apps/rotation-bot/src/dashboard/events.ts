export type EventKind = 'open' | 'close' | 'abort' | 'error' | 'alert' | 'scan' | 'info';

export interface DashboardEvent {
  /** Bot clock time (simulated in paper mode) when the line was printed. */
  at: number;
  kind: EventKind;
  text: string;
}

/**
 * What the bot prints for humans (opens, closes, aborts, alerts, errors, scans), kept as the dashboard's event list
 * while the dashboard owns the screen. A scan's ranked table is not an event: the dashboard shows it in its own region.
 */
export class EventLog {
  private readonly items: DashboardEvent[] = [];

  constructor(private readonly limit = 100) {}

  add(text: string, at: number): void {
    const line = firstLine(text);
    if (!line) return;
    this.items.push({ at, kind: classify(line), text: line });
    if (this.items.length > this.limit) this.items.shift();
  }

  /** Newest last. */
  list(): readonly DashboardEvent[] {
    return this.items;
  }
}

/** The first non-empty line, without the `[time]` prefix the bot puts on scan headers. */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/^\[[^\]]*\]\s*/, '').trim();
}

/** The kind of a line the bot or the app prints; lines are matched on their first words. */
export function classify(line: string): EventKind {
  if (/^(open|opened) /.test(line)) return 'open';
  if (/^close /.test(line) || /^cycle \S+ (?!aborted)/.test(line)) return 'close';
  if (/^(aborted |cycle \S+ aborted)/.test(line)) return 'abort';
  if (/^(error|rotation-bot stopped)\b/i.test(line)) return 'error';
  if (/^(ALERT|HALT)\b/.test(line)) return 'alert';
  if (/^scan\b/.test(line)) return 'scan';
  return 'info';
}
