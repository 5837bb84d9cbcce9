import type { Candle } from '@dn/core';
import { getJson, seriesQuery } from '../http-json.js';
import { toMs } from '../scale.js';
import { candlesResponseSchema } from '../wire.js';
import type { LighterRestContext } from './context.js';
import type { MarketSeriesParameters } from './params.js';

export type LighterCandleResolution = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '12h' | '1d' | '1w';

export type GetCandlesParameters = MarketSeriesParameters<LighterCandleResolution>;

/** `GET /api/v1/candles`, normalised from either wire shape to `Candle[]` (oldest first). Volume is base units. */
export type GetCandlesReturnType = Candle[];

export async function getCandles(ctx: LighterRestContext, p: GetCandlesParameters): Promise<GetCandlesReturnType> {
  const body = await getJson(ctx, '/api/v1/candles', candlesResponseSchema, seriesQuery(p));
  const out: Candle[] =
    'c' in body
      ? body.c.map((k) => ({
          time: toMs(k.t),
          open: k.o,
          high: k.h,
          low: k.l,
          close: k.c,
          volume: k.v ?? k.V ?? k.o.mul(0),
        }))
      : body.candlesticks.map((k) => ({
          time: toMs(k.timestamp),
          open: k.open,
          high: k.high,
          low: k.low,
          close: k.close,
          volume: k.volume0 ?? k.open.mul(0),
        }));
  return out.sort((a, b) => a.time - b.time);
}
