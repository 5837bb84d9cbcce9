import { type DnError, type HttpResponseContext, VenueRejectedError } from '@dn/core';
import { EXTENDED_VENUE } from './config.js';
import { envelopeOf } from './wire.js';

/**
 * Turns an answer the venue gave into `VenueRejectedError`: any 4xx, and a 2xx whose envelope says ERROR.
 * 5xx is left to the transport (retried on GET, unknown outcome on POST): an error body on a 500 does not prove
 * the request had no effect.
 */
export function mapExtendedError(res: HttpResponseContext): DnError<object> | undefined {
  if (res.status >= 500) return undefined;
  const env = envelopeOf(res.data);
  const isError = res.status >= 400 || env?.status.toUpperCase() === 'ERROR';
  if (!isError) return undefined;
  const code = env?.error?.code ?? undefined;
  const message = env?.error?.message ?? (res.text.length > 300 ? `${res.text.slice(0, 300)}…` : res.text);
  return new VenueRejectedError(
    `Extended rejected ${res.method} ${res.path}${code !== undefined ? ` (${code})` : ''}: ${message || `HTTP ${res.status}`}`,
    {
      venue: EXTENDED_VENUE,
      ...(code !== undefined
        ? { venueCode: typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code }
        : {}),
      venueMessage: message,
      httpStatus: res.status,
      operation: `${res.method} ${res.path}`,
    },
  );
}
