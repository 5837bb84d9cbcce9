/**
 * The signing thread's entry (see `signing-thread.ts`): builds each order it is sent with `@dn/extended`'s own
 * `buildOrder` and answers with the result or the error's message, in order. Signatures: RFC 6979, or, when the
 * app opted in to `precomputed_nonces`, a nonce pool of this thread's own, refilled here in idle time.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type BuildOrderParameters, buildOrder, StarkNoncePool } from '@dn/extended';

/** What the thread is started with. */
export interface SignWorkerData {
  precomputedNonces: boolean;
}

export interface SignRequest {
  id: number;
  params: BuildOrderParameters;
}

export type SignAnswer =
  | { id: number; ok: true; result: ReturnType<typeof buildOrder> }
  | { id: number; ok: false; error: string };

/** Nice value of this thread (Linux: `setpriority` on the calling thread only): lower priority than the main thread. */
const SIGNING_THREAD_NICE = 10;

const port = parentPort;
if (port) {
  // On a machine with few cores the main thread, which answers book updates, must win the CPU over signing ahead.
  // Linux applies the value to this thread alone; elsewhere it would lower the whole process, so only there.
  if (process.platform === 'linux') {
    try {
      setPriority(SIGNING_THREAD_NICE);
    } catch {
      // Not permitted (a sandbox): signing still works, at the same priority.
    }
  }
  const pool = (workerData as SignWorkerData | undefined)?.precomputedNonces
    ? new StarkNoncePool({ size: 256 })
    : undefined;
  // Some made before the first request (an empty pool signs with RFC 6979 instead), the rest in idle time.
  pool?.fill(32);
  pool?.keepFull();
  port.on('message', (req: SignRequest) => {
    let answer: SignAnswer;
    try {
      answer = { id: req.id, ok: true, result: buildOrder(pool ? { ...req.params, nonces: pool } : req.params) };
    } catch (e) {
      // Only the message crosses: an error object's fields could carry the parameters (the key among them).
      answer = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(answer);
  });
}
