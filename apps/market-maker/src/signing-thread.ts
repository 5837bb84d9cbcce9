import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Decimal, SigningError } from '@dn/core';
import type { BuildOrderParameters, BuildOrderReturnType } from '@dn/extended';
import type { SignAnswer, SignRequest, SignWorkerData } from './sign-worker.js';

/** An order builder on its own thread: `build` for `ExtendedVenue.enablePresigning`, `close` when done. */
export interface SigningThread {
  build: (params: BuildOrderParameters) => Promise<BuildOrderReturnType>;
  /** Requests sent and not answered yet. */
  readonly pending: number;
  /** Orders the thread has signed. */
  readonly signed: number;
  close(): Promise<void>;
}

/**
 * Config `presign_thread` (with `presign_ticks`): presigned orders are hashed and signed on a worker thread, so the
 * thread that answers book updates neither spends the ~1 ms of a signature nor collects its garbage while a book
 * update waits. Orders signed on the tick's path (presign misses) stay on the main thread: a round trip to the
 * worker would only add to them. The venue checks every body the thread returns against what was asked.
 */
export function startSigningThread(
  options: SignWorkerData & { onStopped?: (reason: Error) => void } = { precomputedNonces: false },
): SigningThread {
  const worker = spawnWorker({ precomputedNonces: options.precomputedNonces });
  // A maker that is never stopped (a crash on the way out) must not be held open by its signing thread.
  worker.unref();
  let closing = false;
  const waiting = new Map<number, { resolve: (r: BuildOrderReturnType) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let signed = 0;
  let dead: Error | undefined;
  const failAll = (e: Error): void => {
    if (!dead && !closing) options.onStopped?.(e);
    dead ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (a: SignAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if (a.ok) {
      signed++;
      w.resolve(a.result);
    } else w.reject(new SigningError(a.error, { scheme: 'stark', reason: 'signing thread' }));
  });
  worker.on('error', (e) => failAll(new SigningError('the signing thread failed', { scheme: 'stark' }, e)));
  worker.on('exit', () => failAll(new SigningError('the signing thread has stopped', { scheme: 'stark' })));
  return {
    build(params: BuildOrderParameters): Promise<BuildOrderReturnType> {
      if (dead) return Promise.reject(dead);
      const id = ++seq;
      const req: SignRequest = { id, params: cloneable(params) };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(req);
      });
    },
    get pending() {
      return waiting.size;
    },
    get signed() {
      return signed;
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}

/**
 * What crosses to the thread: decimals as plain strings (a structured clone drops their class), no nonce pool (this
 * thread's stays here; the worker has its own when `precomputedNonces` is on).
 */
function cloneable(p: BuildOrderParameters): BuildOrderParameters {
  const { nonces: _pool, ...rest } = p;
  return plain(rest) as BuildOrderParameters;
}

function plain(v: unknown): unknown {
  if (Decimal.isDecimal(v)) return (v as Decimal).toFixed();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

/**
 * Built (`dist/`): the bundled `sign-worker.js` next to this chunk. From source (tsx, vitest): the `.ts` file,
 * loaded through tsx's loader registered inside the worker (a worker's `--import` hooks do not reach its own entry).
 */
function spawnWorker(workerData: SignWorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./sign-worker.js', here), { workerData });
  const api = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/index\.cjs$/, 'index.mjs');
  const entry = new URL('./sign-worker.ts', here).href;
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=@dn/source'], workerData });
}
