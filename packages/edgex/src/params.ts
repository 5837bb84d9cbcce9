import type { z } from 'zod';
import type { EdgexHttp, EdgexQuery } from './rest/http.js';
import { type EdgexPage, pageSchema } from './wire.js';

/** A whole-number query parameter as the venue reads it (fractions truncated), absent when not given. */
export function optInt(v: number | undefined): string | undefined {
  return v === undefined ? undefined : String(Math.trunc(v));
}

/** The account of a private call. The HTTP layer refuses private calls without credentials; this only narrows. */
export function accountOf(http: EdgexHttp): string {
  return http.accountId ?? '';
}

/** Paging and creation-time filters every private page endpoint takes (orders, fills, position transactions). */
export interface EdgexPageParameters {
  /** Rows per page; each endpoint has its own maximum. */
  size?: number;
  /** The previous page's `nextPageOffsetData`. */
  offsetData?: string;
  filterContractIdList?: readonly string[];
  filterStartCreatedTimeInclusive?: number;
  filterEndCreatedTimeExclusive?: number;
}

/** The query of one private page of the account: paging, the endpoint's own list `filters`, the time window. */
export function pageQuery(http: EdgexHttp, params: EdgexPageParameters, filters: EdgexQuery): EdgexQuery {
  return {
    accountId: accountOf(http),
    size: params.size !== undefined ? String(params.size) : undefined,
    offsetData: params.offsetData || undefined,
    filterContractIdList: params.filterContractIdList,
    ...filters,
    filterStartCreatedTimeInclusive: optInt(params.filterStartCreatedTimeInclusive),
    filterEndCreatedTimeExclusive: optInt(params.filterEndCreatedTimeExclusive),
  };
}

/** One private page of the account from `endpoint` (e.g. `order/getActiveOrderPage`), rows read with `row`. */
export function getPrivatePage<S extends z.ZodType>(
  http: EdgexHttp,
  endpoint: string,
  params: EdgexPageParameters,
  filters: EdgexQuery,
  row: S,
): Promise<EdgexPage<z.output<S>>> {
  return http.get(http.privatePath(endpoint), pageQuery(http, params, filters), pageSchema(row));
}
