import { type HttpQuery, TransportError } from '@dn/core';
import type { z } from 'zod';
import { LIGHTER_WEIGHT } from './config.js';
import type { LighterRestContext } from './rest/context.js';
import type { AccountPageParameters, MarketFilterParameters, MarketSeriesParameters } from './rest/params.js';

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

/** A GET of one endpoint, with the auth token for private reads and the endpoint's rate-limit weight. */
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

/** The query of a market time series, in the venue's names. */
export function seriesQuery<R extends string>(
  p: MarketSeriesParameters<R>,
): { market_id: number; resolution: R; start_timestamp: number; end_timestamp: number; count_back: number } {
  return {
    market_id: p.marketId,
    resolution: p.resolution,
    start_timestamp: p.startTimestamp,
    end_timestamp: p.endTimestamp,
    count_back: p.countBack,
  };
}

/** The market id that stands for every market. */
const ALL_MARKETS = 255;

/** The `market_id` query of an endpoint that reads every market from ALL_MARKETS. */
export function marketIdOrAll(p: MarketFilterParameters): number {
  return p.marketId ?? ALL_MARKETS;
}

/** The query of an account history page; `market_id` is left out when the page names no market. */
export function accountPageQuery(p: AccountPageParameters): {
  account_index: bigint;
  market_id: number | undefined;
  limit: number;
  cursor: string | undefined;
} {
  return { account_index: p.accountIndex, market_id: p.marketId, limit: p.limit, cursor: p.cursor };
}
