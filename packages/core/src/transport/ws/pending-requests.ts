import { TransportError, UnknownOutcomeError } from '../../errors/index.js';
import type { WsMessage } from './types.js';

interface Pending {
  resolve: (m: WsMessage) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
  generation: number;
  idempotent: boolean;
  operation: string;
  clientOrderId: string | undefined;
  startedAt: number;
  cleanup: () => void;
}

/**
 * Requests awaiting a correlated reply. A request that was sent and then timed out or lost its
 * connection is `UnknownOutcomeError` unless flagged idempotent (then `TransportError`).
 */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly venue: string) {}

  has(id: string): boolean {
    return this.pending.has(id);
  }

  get size(): number {
    return this.pending.size;
  }

  add(
    id: string,
    options: {
      generation: number;
      timeoutMs: number;
      idempotent: boolean;
      operation: string;
      clientOrderId: string | undefined;
      signal: AbortSignal | undefined;
    },
  ): Promise<WsMessage> {
    return new Promise<WsMessage>((resolve, reject) => {
      const onAbort = (): void => this.fail(id, 'was aborted by the caller after sending');
      const entry: Pending = {
        resolve,
        reject,
        generation: options.generation,
        idempotent: options.idempotent,
        operation: options.operation,
        clientOrderId: options.clientOrderId,
        startedAt: performance.now(),
        timer: setTimeout(() => this.fail(id, `got no reply within ${options.timeoutMs} ms`), options.timeoutMs),
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, entry);
    });
  }

  /** Resolves the request waiting for `id` if it was sent on `generation`; returns whether it did. */
  resolve(id: string, message: WsMessage): boolean {
    const entry = this.pending.get(id);
    if (!entry || entry.generation !== message.generation) return false;
    this.remove(id, entry);
    entry.resolve(message);
    return true;
  }

  /** Fails one request as "sent, outcome unknown" (or a transport error when idempotent). */
  fail(id: string, what: string, cause?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.remove(id, entry);
    entry.reject(this.errorFor(entry, what, cause));
  }

  /** Fails every request sent on `generation` (or all when omitted): their connection is gone. */
  failAll(what: string, generation?: number): void {
    for (const [id, entry] of [...this.pending]) {
      if (generation === undefined || entry.generation === generation) this.fail(id, what);
    }
  }

  private remove(id: string, entry: Pending): void {
    clearTimeout(entry.timer);
    entry.cleanup();
    this.pending.delete(id);
  }

  private errorFor(entry: Pending, what: string, cause: unknown): Error {
    const short = `${this.venue} ${entry.operation} ${what}`;
    if (entry.idempotent) return new TransportError(short, { venue: this.venue }, { cause });
    return new UnknownOutcomeError(
      short,
      {
        venue: this.venue,
        operation: entry.operation,
        elapsedMs: Math.round(performance.now() - entry.startedAt),
        ...(entry.clientOrderId !== undefined ? { clientOrderId: entry.clientOrderId } : {}),
      },
      { cause },
    );
  }
}
