import { inspect } from 'node:util';
import { createHttpTransport, type HttpEngineName, type HttpTransportOptions } from '../../src/index.js';

/** FAKE credential the engine tests send: it must never show up in an error, its message or its cause chain. */
export const FAKE_API_KEY = 'FAKE-TEST-KEY-engine-tests-not-a-secret-91c2';

/** A transport to a loopback test server on `engine`: 2 s deadline, three fast attempts, the fake key sent. */
export function engineTransport(engine: HttpEngineName, url: string, extra: Partial<HttpTransportOptions> = {}) {
  return createHttpTransport({
    baseUrl: url,
    venue: 'testvenue',
    engine,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    headers: { 'X-Api-Key': FAKE_API_KEY },
    ...extra,
  });
}

/** Everything a logger could print: the error, its context and its cause chain with hidden properties. */
export function leaksKey(err: unknown): boolean {
  const dump = `${inspect(err, { depth: 20, showHidden: true })}${JSON.stringify(err)}${String((err as Error).message)}`;
  return dump.includes(FAKE_API_KEY);
}
