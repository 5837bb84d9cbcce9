/** Parameter shapes several Lighter endpoints share. */

/** One market or, omitted, every market (sent as 255: `/orderBooks`, `/orderBookDetails`, `/accountActiveOrders`). */
export interface MarketFilterParameters {
  marketId?: number;
}

/** A page of the account's history (`/trades`, `/accountInactiveOrders`, `/positionFunding`): newest first. */
export interface AccountPageParameters {
  accountIndex: bigint;
  /** 1 … 100. */
  limit: number;
  /** One market; omitted = every market. */
  marketId?: number;
  /** `next_cursor` of the previous (newer) page. */
  cursor?: string;
}

/** A time series of one market (`/candles`, `/fundings`). */
export interface MarketSeriesParameters<R extends string> {
  marketId: number;
  resolution: R;
  /** ms, as nautilus_trader's live client sends them. */
  startTimestamp: number;
  /** ms; exclusive on `/fundings`. */
  endTimestamp: number;
  countBack: number;
}
