/**
 * Counts down `seconds` (real time: an operator is watching), writing one line per second. Resolves true when the
 * window passed, false when `signal` aborted it (Ctrl-C).
 */
export function abortWindow(seconds: number, signal: AbortSignal, write: (text: string) => void): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    let left = seconds;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const tick = (): void => {
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
        return;
      }
      write(`Flattening in ${left}… (Ctrl-C to abort)`);
      left -= 1;
      timer = setTimeout(tick, 1_000);
    };
    tick();
  });
}
