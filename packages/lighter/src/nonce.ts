import { InvalidInputError, UnknownOutcomeError } from '@dn/core';
import { isInvalidNonceError } from './errors.js';

/** Reads the venue's next nonce for the key (`GET /api/v1/nextNonce`). */
export type FetchNextNonce = () => Promise<bigint>;

/**
 * The one nonce allocator of a Lighter (account, API key) pair.
 *
 * Lighter accepts a tx only with exactly the key's next nonce, so concurrent senders that each read `nextNonce` (or
 * keep their own counter) race and get "invalid nonce" (the failure mode of ccxt #28073). Here every send holds the
 * key's lock from nonce allocation until the venue's answer, so nonces reach the venue in order; a batch takes
 * consecutive nonces under one lock. The counter is:
 * - seeded from `nextNonce` on first use;
 * - advanced only when the venue accepted the tx(s);
 * - left as is after an API-level rejection (which does not consume the nonce, apidocs "trading");
 * - re-read from `nextNonce` before the next send after an unknown outcome (the tx may or may not have used it), and
 *   after an "invalid nonce" rejection, in which case the send is re-signed with the fresh nonce and retried once.
 *
 * Throughput is one round-trip per tx per key; use batches (`sendTxBatch`, up to 15 txs per round-trip) or several API
 * keys for more, or the skip-nonce attribute (`nonceMode: 'skip'` on the client).
 */
export class LighterNonceManager {
  private next: bigint | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private resyncs = 0;

  constructor(private readonly fetchNextNonce: FetchNextNonce) {}

  /** Next nonce the allocator will hand out, if known. */
  peek(): bigint | undefined {
    return this.next;
  }

  /** How many times the counter was re-read from the venue after the first read. */
  get resyncCount(): number {
    return this.resyncs;
  }

  /** Forgets the counter; the next send re-reads `nextNonce`. */
  invalidate(): void {
    this.next = undefined;
  }

  /**
   * Runs `send` with `count` consecutive nonces while holding the key's lock. `send` signs with exactly these nonces
   * and submits; it may be called a second time with fresh nonces after an "invalid nonce" rejection.
   */
  run<T>(count: number, send: (nonces: bigint[]) => Promise<T>): Promise<T> {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new InvalidInputError('nonce count must be a positive integer', { field: 'count', value: count });
    }
    const result = this.tail.then(() => this.locked(count, send));
    // The chain must survive a failed send, or every later send would fail with it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async locked<T>(count: number, send: (nonces: bigint[]) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.next === undefined) {
        if (attempt > 1 || this.everSeeded) this.resyncs++;
        this.next = await this.fetchNextNonce();
        this.everSeeded = true;
      }
      const first = this.next;
      const nonces = Array.from({ length: count }, (_, i) => first + BigInt(i));
      try {
        const out = await send(nonces);
        this.next = first + BigInt(count);
        return out;
      } catch (e) {
        if (isInvalidNonceError(e)) {
          this.next = undefined;
          if (attempt < 2) continue;
        } else if (e instanceof UnknownOutcomeError) {
          this.next = undefined;
        }
        throw e;
      }
    }
  }

  private everSeeded = false;
}

const shared = new Map<string, { manager: LighterNonceManager; refs: number }>();

/**
 * The process-wide allocator of one (venue URL, account, API key): two clients on the same key share it instead of
 * racing. Call the returned `release` when the client closes.
 */
export function acquireNonceManager(
  key: string,
  fetchNextNonce: FetchNextNonce,
): { manager: LighterNonceManager; release: () => void } {
  let entry = shared.get(key);
  if (!entry) {
    entry = { manager: new LighterNonceManager(fetchNextNonce), refs: 0 };
    shared.set(key, entry);
  }
  entry.refs++;
  const e = entry;
  let released = false;
  return {
    manager: e.manager,
    release: () => {
      if (released) return;
      released = true;
      e.refs--;
      if (e.refs === 0 && shared.get(key) === e) shared.delete(key);
    },
  };
}
