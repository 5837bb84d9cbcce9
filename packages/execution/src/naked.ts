/**
 * Naked-exposure accounting: the real time one leg of a pair stands without its hedge. Wall-clock on purpose — it
 * measures how fast the process reacts, which a sped-up simulated clock must not distort. A window is reported once,
 * when it ends.
 */
export class NakedWindow {
  private since: number | undefined;

  constructor(private readonly report: (ms: number) => void) {}

  /** Opens the window at `at` (real ms, `performance.now()`) unless one is already open. */
  start(at: number = performance.now()): void {
    this.since ??= at;
  }

  get isOpen(): boolean {
    return this.since !== undefined;
  }

  /** Closes the window and reports its length; nothing when none is open. */
  end(): void {
    if (this.since === undefined) return;
    const ms = performance.now() - this.since;
    this.since = undefined;
    this.report(ms);
  }

  /** Closes the window without reporting it: nothing was ever exposed (a pilot that did not fill). */
  discard(): void {
    this.since = undefined;
  }
}
