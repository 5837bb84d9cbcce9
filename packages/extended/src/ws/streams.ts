import { ConfigError, type DnError, InvalidInputError, type Subscription, TransportError } from '@dn/core';
import type { z } from 'zod';
import { EXTENDED_VENUE } from '../config.js';
import { describeIssues } from '../wire.js';
import {
  type ExtendedStream,
  type ExtendedStreamEnvelope,
  type ExtendedStreamSettings,
  type OpenStreamParameters,
  openStream,
} from './stream.js';

/** A live topic socket: `reconnect` drops the connection and opens a new one (the venue re-sends a snapshot). */
export interface ExtendedSubscription extends Subscription {
  reconnect(reason: string): void;
}

/**
 * Runs a listener; a throw is reported as a stream problem and the stream goes on (one bad listener must not end
 * the subscription of the others or kill the socket's message loop).
 */
export function deliver(fn: () => void, onError: ((error: DnError<object>) => void) | undefined): void {
  try {
    fn();
  } catch (e) {
    onError?.(
      new InvalidInputError('A stream listener threw; the stream goes on', { venue: EXTENDED_VENUE }, String(e)),
    );
  }
}

/** Every socket one client opened, so `close()` ends them all and a closed client opens no more. */
export class ExtendedStreamSet {
  private readonly streams = new Set<ExtendedStream>();
  private closed = false;

  constructor(private readonly settings: ExtendedStreamSettings) {}

  async open(p: OpenStreamParameters): Promise<ExtendedSubscription> {
    if (this.closed) {
      throw new ConfigError([{ key: 'client', problem: 'closed; create a new ExtendedClient' }]);
    }
    const stream = await openStream(this.settings, p);
    this.streams.add(stream);
    return {
      unsubscribe: async () => {
        this.streams.delete(stream);
        await stream.close();
      },
      reconnect: (reason) => stream.transport.reconnect(reason),
    };
  }

  /** A topic whose `data` is one schema: parsed rows go to `onData`, unreadable ones are reported and dropped. */
  topic<S extends z.ZodType>(
    path: string,
    schema: S,
    onData: (data: z.output<S>, envelope: ExtendedStreamEnvelope) => void,
    staleAfterMs: number | false,
  ): Promise<ExtendedSubscription> {
    const onError = this.settings.onError;
    return this.open({
      path,
      staleAfterMs,
      onMessage: (msg) => {
        const r = schema.safeParse(msg.data);
        if (r.success) deliver(() => onData(r.data as z.output<S>, msg), onError);
        else {
          onError?.(
            new TransportError(`Unreadable ${path} message; dropped: ${describeIssues(r.error)}`, {
              venue: EXTENDED_VENUE,
            }),
          );
        }
      },
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.streams];
    this.streams.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}
