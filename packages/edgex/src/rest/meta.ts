import { type EdgexMetadata, metadataSchema, serverTimeSchema } from '../wire.js';
import type { EdgexHttp } from './http.js';

export type GetServerTimeReturnType = number;

/** `GET /api/{v}/public/meta/getServerTime` → server time in ms. */
export async function getServerTime(http: EdgexHttp): Promise<GetServerTimeReturnType> {
  const data = await http.get(http.publicPath('meta/getServerTime'), {}, serverTimeSchema);
  return Number(data.timeMillis);
}

export type GetMetaDataReturnType = EdgexMetadata;

/** `GET /api/{v}/public/meta/getMetaData`: contracts (grid, fees, funding interval, signing ids), coins, global. */
export function getMetaData(http: EdgexHttp): Promise<GetMetaDataReturnType> {
  return http.get(http.publicPath('meta/getMetaData'), {}, metadataSchema);
}
