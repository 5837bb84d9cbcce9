import { type HttpQuery, type HttpTransport, TransportError } from '@dn/core';
import type { z } from 'zod';

/** What every endpoint function needs: the transport and, for private reads, the current auth token. */
export interface LighterRestContext {
  http: HttpTransport;
  /** A valid auth token (`deadline:account:apiKey:sig`), minted and cached by the caller. */
  authToken(): string;
}

/**
 * Request weights per rolling minute (apidocs rate-limits): sendTx / sendTxBatch / nextNonce 6, apikeys 150,
 * accountInactiveOrders 100, trades / recentTrades 600, everything else 300. Pass a token bucket of 24 000 per minute
 * (premium) to the client to stay inside the budget.
 */
export const LIGHTER_WEIGHT = {
  tx: 6,
  nonce: 6,
  apikeys: 150,
  inactiveOrders: 100,
  trades: 600,
  default: 300,
} as const;

/** Parses a 2xx body with `schema`; a shape mismatch is a TransportError naming the endpoint (no effect happened). */
export function parseResponse<S extends z.ZodType>(schema: S, data: unknown, path: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new TransportError(
    `Unexpected response shape from Lighter ${path}`,
    { venue: 'lighter', url: path },
    {
      details: r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    },
  );
}

export async function getJson<S extends z.ZodType>(
  ctx: LighterRestContext,
  path: string,
  schema: S,
  query: HttpQuery,
  options: { auth?: boolean; weight?: number } = {},
): Promise<z.output<S>> {
  const data = await ctx.http.request({
    method: 'GET',
    path,
    query,
    weight: options.weight ?? LIGHTER_WEIGHT.default,
    ...(options.auth ? { headers: { Authorization: ctx.authToken() } } : {}),
  });
  return parseResponse(schema, data, path);
}
