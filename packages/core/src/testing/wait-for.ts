/**
 * Polls `read` every `everyMs` until it gives a value (a rejection counts as "not yet": the file may not exist yet,
 * the server may not listen yet) and returns it; after `timeoutMs` throws an error naming `what`.
 */
export async function waitFor<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
