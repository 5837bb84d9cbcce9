import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Whether any byte of one `ClientRequest` may have left on its socket. A socket reused from the agent's pool is
 * connected, so a write may happen from the moment it is assigned; a new one holds the request in its buffers until
 * `connect` (`secureConnect` for TLS: a rejected certificate fails before it). Before that, a failure's own code
 * (refused, unreachable, certificate) tells the truth; after it, the same code may come from an established
 * connection (ICMP after a route change) while the venue already has the request.
 */
export class WriteWatch {
  #mayHaveWritten = false;

  get mayHaveWritten(): boolean {
    return this.#mayHaveWritten;
  }

  /** Call right after creating `request`, before its `socket` event (emitted on the next tick at the earliest). */
  watch(request: ClientRequest, secure: boolean): void {
    request.once('socket', (socket: Socket) => {
      // `reusedSocket` is set by the agent before the event; anything not visibly still connecting counts as
      // connected (the safer reading), except a socket already destroyed, which takes no write.
      if (request.reusedSocket || (!socket.connecting && !socket.destroyed)) {
        this.#mayHaveWritten = true;
        return;
      }
      if (socket.destroyed) return;
      socket.once(secure ? 'secureConnect' : 'connect', this.#connected);
    });
  }

  readonly #connected = (): void => {
    this.#mayHaveWritten = true;
  };
}
