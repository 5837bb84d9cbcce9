import { type HttpResponseContext, VenueRejectedError } from '@dn/core';
import { EDGEX_VENUE } from './config.js';
import { envelopeSchema } from './wire.js';

/** Envelope errors → VenueRejectedError with the venue's code. 5xx / 408 / 429 keep the transport's semantics. */
export function mapEdgexError(res: HttpResponseContext): VenueRejectedError | undefined {
  if (res.status >= 500 || res.status === 408 || res.status === 429) return undefined;
  const env = envelopeSchema.safeParse(res.data);
  if (!env.success || env.data.code === 'SUCCESS') return undefined;
  const msg = env.data.msg ?? undefined;
  return new VenueRejectedError(`edgeX rejected ${res.method} ${res.path}: ${env.data.code}${msg ? ` (${msg})` : ''}`, {
    venue: EDGEX_VENUE,
    venueCode: env.data.code,
    ...(msg !== undefined ? { venueMessage: msg } : {}),
    httpStatus: res.status,
    operation: `${res.method} ${res.path}`,
  });
}
