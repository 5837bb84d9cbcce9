import { ReadOnlyViolation } from './errors.js';

/**
 * Names of methods that could change an account or send a signed action: placing, cancelling, editing orders,
 * leverage and margin settings, raw transaction sends, transfers, and building/signing orders (a signed order is
 * one step from being sent). Matched on every connector's client and its nested REST API object.
 */
const WRITES =
  /^(place|cancel|create|edit|modify|send|set|update|mass|batch|trade|transfer|withdraw|deposit|bind|revoke|build|sign|approve|close(?!$))/i;

/** Raw transports and sockets can send anything: a read-only client does not hand them out. */
const RAW = new Set(['http', 'ws', 'nonces', 'ctx']);

/** Nested typed-API objects (and a venue adapter's client) whose methods are guarded the same way. */
const NESTED = new Set(['api', 'rest', 'client']);

/**
 * The client behind a guard: every method that could change the account throws `ReadOnlyViolation` before reaching
 * the connector, raw transports are refused, everything else is the client's own (bound to it, so the connector's
 * internals run unguarded and unchanged). `onViolation` sees each refused name (tests count them).
 */
export function readOnly<T extends object>(client: T, onViolation?: (method: string) => void, path = ''): T {
  return new Proxy(client, {
    get(target, prop) {
      const name = typeof prop === 'string' ? prop : '';
      const full = path ? `${path}.${name}` : name;
      if (name && WRITES.test(name)) {
        return () => {
          onViolation?.(full);
          throw new ReadOnlyViolation(full);
        };
      }
      if (name && RAW.has(name)) {
        onViolation?.(full);
        throw new ReadOnlyViolation(full);
      }
      const value: unknown = Reflect.get(target, prop, target);
      if (name && NESTED.has(name) && typeof value === 'object' && value !== null) {
        return readOnly(value, onViolation, full);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set() {
      throw new ReadOnlyViolation('set');
    },
  });
}
