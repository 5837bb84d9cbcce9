/** Listener for event `K` of an event map. */
export type Listener<M, K extends keyof M> = (payload: M[K]) => void;

/**
 * Minimal typed emitter. Unlike Node's EventEmitter, an `error` event without listeners is not
 * thrown (a dropped socket must not crash a bot). A listener that throws is reported to
 * `onListenerError` and does not stop the other listeners.
 */
export class TypedEmitter<M> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError?: (error: unknown, event: keyof M) => void) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(event, listener);
  }

  /** Adds a listener removed after its first call. */
  once<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof M>(event: K, listener: Listener<M, K>): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  listenerCount(event: keyof M): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<M, K>)(payload);
      } catch (e) {
        this.onListenerError?.(e, event);
      }
    }
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }
}
