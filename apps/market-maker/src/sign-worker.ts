/**
 * The signing thread's entry (see `signing-thread.ts`): builds each order it is sent with `@dn/extended`'s own
 * `buildOrder` (RFC 6979 signatures) and answers with the result or the error's message, in order.
 */
import { parentPort } from 'node:worker_threads';
import { type BuildOrderParameters, buildOrder } from '@dn/extended';

export interface SignRequest {
  id: number;
  params: BuildOrderParameters;
}

export type SignAnswer =
  | { id: number; ok: true; result: ReturnType<typeof buildOrder> }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  port.on('message', (req: SignRequest) => {
    let answer: SignAnswer;
    try {
      answer = { id: req.id, ok: true, result: buildOrder(req.params) };
    } catch (e) {
      // Only the message crosses: an error object's fields could carry the parameters (the key among them).
      answer = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(answer);
  });
}
