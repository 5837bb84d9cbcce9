import { type EdgexMetadata, metadataSchema, serverTimeSchema } from '../wire.js';
import type { EdgexHttp } from './http.js';

/** `GET /api/{v}/public/meta/getServerTime` → server time in ms. */
export async function getServerTime(http: EdgexHttp): Promise<number> {
  const data = await http.get(http.publicPath('meta/getServerTime'), {}, serverTimeSchema);
  return Number(data.timeMillis);
}

/** `GET /api/{v}/public/meta/getMetaData`: contracts (grid, fees, funding interval, signing ids), coins, global. */
export function getMetaData(http: EdgexHttp): Promise<EdgexMetadata> {
  return http.get(http.publicPath('meta/getMetaData'), {}, metadataSchema);
}
