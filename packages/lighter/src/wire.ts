/**
 * zod schemas of Lighter's wire payloads (zklighter-perps openapi @1.0.272, lighter.md §2–3, and the live captures in
 * test/fixtures/real). Bodies are parsed with every JSON number kept as its source text (`numbers: 'string-all'`), so
 * decimals stay exact and 60-bit order indexes survive; these schemas turn them into Decimal / bigint / number.
 * Unknown keys are dropped.
 *
 * Liberal where it is safe: the venue sends `null` for an empty list (`"trades":null`, candles `"c":null`, empty book
 * sides, `orders`, `fundings`, `position_fundings`), so every list is `list(…)` (null / missing → []) and optional
 * scalars accept `null` and `""`. The one exception is an account's `positions`: a missing or malformed list is an
 * error, never "no position" (see `detailedAccount`).
 */
import { zBigInt, zDecimal, zInt, zNullableList } from '@dn/core';
import { z } from 'zod';

const numeric = z.union([z.string(), z.number()]);
/** Exact decimal (price, size, balance): core's shared schema. */
export const dec = zDecimal;
/** Integer that may exceed 2^53 (order indexes, trade ids). */
export const big = zBigInt;
/** Small integer (market id, decimals, ms timestamps). */
export const int = zInt;
const bool = z.union([z.boolean(), numeric]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');

/** An absent value as the venue writes it: missing, `null` or `""`. */
const absent = z.union([z.null(), z.undefined(), z.literal('')]).transform(() => undefined);
/** Optional field: missing, `null` and `""` read as undefined; anything else must parse. */
function opt<S extends z.ZodType>(schema: S) {
  return z.union([absent, schema]).optional();
}
export const optDec = opt(dec);
export const optInt = opt(int);
export const optBig = opt(big);
/** A list the venue may send as `null` (or omit) when empty. */
export const list = zNullableList;
/** A cursor: `null` / missing / `""` on the last page. */
const cursor = z
  .string()
  .nullish()
  .transform((v) => (v ? v : undefined));

export const resultCode = z.object({ code: int, message: z.string().nullish() });

export const orderBookEntry = z.object({
  symbol: z.string(),
  market_id: int,
  market_type: z.string().optional(),
  status: z.string(),
  taker_fee: dec,
  maker_fee: dec,
  min_base_amount: dec,
  min_quote_amount: dec,
  supported_size_decimals: int,
  supported_price_decimals: int,
});
export const orderBooksResponse = z.object({ order_books: list(orderBookEntry) });

export const orderBookDetail = z.object({
  symbol: z.string(),
  market_id: int,
  market_type: z.string().optional(),
  status: z.string(),
  /** Percent (openapi "in percentage"; see symbols.ts feeFraction). */
  taker_fee: dec,
  maker_fee: dec,
  min_base_amount: dec,
  min_quote_amount: dec,
  size_decimals: int,
  price_decimals: int,
  default_initial_margin_fraction: int,
  min_initial_margin_fraction: int,
  maintenance_margin_fraction: int,
  mark_price: optDec,
  index_price: optDec,
  last_trade_price: optDec,
  /** Base units (the live ETH capture has 27350.8981 beside daily_base_token_volume 195399). */
  open_interest: optDec,
  daily_base_token_volume: optDec,
  daily_quote_token_volume: optDec,
});
export const orderBookDetailsResponse = z.object({ order_book_details: list(orderBookDetail) });

export const simpleOrder = z.object({
  order_index: big,
  order_id: z.string().nullish(),
  owner_account_index: optBig,
  initial_base_amount: optDec,
  remaining_base_amount: dec,
  price: dec,
  order_expiry: optInt,
});
export const orderBookOrdersResponse = z.object({
  total_asks: optInt,
  asks: list(simpleOrder),
  total_bids: optInt,
  bids: list(simpleOrder),
});

export const fundingRatesResponse = z.object({
  funding_rates: list(z.object({ market_id: int, exchange: z.string(), symbol: z.string(), rate: dec })),
});

/** `/fundings` row: `timestamp` in seconds, `rate` unsigned percent per hour, `direction` long | short. */
export const fundingRow = z.object({ timestamp: int, value: optDec, rate: dec, direction: z.string() });
export const fundingsResponse = z.object({ resolution: z.string().nullish(), fundings: list(fundingRow) });

/** One settled payment of the account (`/positionFunding`, WS account funding). Units: see funding-units.ts. */
export const positionFunding = z.object({
  timestamp: int,
  market_id: int,
  funding_id: optBig,
  change: dec,
  rate: dec,
  position_size: dec,
  position_side: z.string(),
});
export const positionFundingResponse = z.object({
  position_fundings: list(positionFunding),
  next_cursor: cursor,
});

const candleNew = z.object({ t: int, o: dec, h: dec, l: dec, c: dec, v: optDec, V: optDec });
const candleOld = z.object({
  timestamp: int,
  open: dec,
  high: dec,
  low: dec,
  close: dec,
  volume0: optDec,
  volume1: optDec,
});
/** Both shapes the venue has used: `{r, c:[{t,o,h,l,c,v,V}]}` (current; `c` is null when empty) and `{resolution, candlesticks}` (old). */
export const candlesResponse = z.union([
  z.object({ resolution: z.string().nullish(), candlesticks: z.array(candleOld) }),
  z.object({ r: z.string().nullish(), c: list(candleNew) }),
]);

export const accountPosition = z.object({
  market_id: int,
  symbol: z.string(),
  initial_margin_fraction: dec,
  open_order_count: optInt,
  sign: int,
  position: dec,
  avg_entry_price: dec,
  position_value: dec,
  unrealized_pnl: dec,
  realized_pnl: dec,
  liquidation_price: dec,
  margin_mode: optInt,
  allocated_margin: optDec,
});
export const detailedAccount = z.object({
  account_index: optBig,
  index: big,
  l1_address: z.string().nullish(),
  status: optInt,
  collateral: dec,
  available_balance: dec,
  total_asset_value: dec,
  cross_asset_value: optDec,
  cross_initial_margin_requirement: optDec,
  cross_maintenance_margin_requirement: optDec,
  /**
   * REQUIRED and strict: a missing, null or malformed positions list fails the whole answer. Treating it as "no
   * position" once made a bot unwind a hedge that still existed. Every capture sends `[]` when flat.
   */
  positions: z.array(accountPosition),
});
export const accountResponse = z.object({ total: optInt, accounts: list(detailedAccount) });

export const apiKeysResponse = z.object({
  api_keys: list(z.object({ account_index: big, api_key_index: int, nonce: big, public_key: z.string() })),
});

export const nextNonceResponse = z.object({ nonce: big });

export const sendTxResponse = z.object({
  tx_hash: z.string(),
  predicted_execution_time_ms: optInt,
  volume_quota_remaining: optInt,
});
export const sendTxBatchResponse = z.object({
  tx_hash: z.array(z.string()),
  predicted_execution_time_ms: optInt,
  volume_quota_remaining: optInt,
});

export const order = z.object({
  order_index: big,
  client_order_index: big,
  order_id: z.string().nullish(),
  client_order_id: z.string().nullish(),
  market_index: int,
  owner_account_index: optBig,
  initial_base_amount: dec,
  price: dec,
  nonce: optBig,
  remaining_base_amount: dec,
  is_ask: bool,
  filled_base_amount: dec,
  filled_quote_amount: dec,
  type: z.string(),
  time_in_force: z.string(),
  reduce_only: bool,
  trigger_price: optDec,
  order_expiry: optInt,
  status: z.string(),
  /** Seconds in some captures (CCXT), ms in others (nautilus): read through toMs. */
  timestamp: optInt,
  created_at: optInt,
  updated_at: optInt,
});
export const ordersResponse = z.object({ orders: list(order), next_cursor: cursor });

export const trade = z.object({
  trade_id: big,
  trade_id_str: z.string().nullish(),
  tx_hash: z.string().nullish(),
  type: z.string().nullish(),
  market_id: int,
  size: dec,
  price: dec,
  usd_amount: optDec,
  ask_id: big,
  bid_id: big,
  ask_client_id: optBig,
  bid_client_id: optBig,
  ask_account_id: big,
  bid_account_id: big,
  is_maker_ask: bool,
  /** ms. */
  timestamp: int,
  /** Integer fee rates in parts per million of `usd_amount` (see mappers.ts tradeFee); either may be absent. */
  taker_fee: optInt,
  maker_fee: optInt,
});
export const tradesResponse = z.object({ trades: list(trade), next_cursor: cursor });

export type WireOrderBookDetail = z.infer<typeof orderBookDetail>;
export type WireAccountPosition = z.infer<typeof accountPosition>;
export type WireDetailedAccount = z.infer<typeof detailedAccount>;
export type WireOrder = z.infer<typeof order>;
export type WireTrade = z.infer<typeof trade>;
export type WireSimpleOrder = z.infer<typeof simpleOrder>;
export type WirePositionFunding = z.infer<typeof positionFunding>;
export type WireFundingRow = z.infer<typeof fundingRow>;

// ---- WebSocket (asyncapi.json; nautilus_trader's Lighter adapter; lighter.md §3) ----

export const wsLevel = z.object({ price: dec, size: dec });
export const wsOrderBook = z.object({
  asks: list(wsLevel),
  bids: list(wsLevel),
  offset: optInt,
  nonce: int,
  begin_nonce: optInt,
});
export const wsMarketStats = z.object({
  market_id: int,
  index_price: optDec,
  mark_price: optDec,
  open_interest: optDec,
  last_trade_price: optDec,
  current_funding_rate: optDec,
  funding_rate: optDec,
  funding_timestamp: optInt,
  daily_quote_token_volume: optDec,
});
export type WireMarketStats = z.infer<typeof wsMarketStats>;

/** Lists keyed by market id (`{"0":[…]}`); a null map or a null list is empty. */
function byMarket<S extends z.ZodType>(item: S) {
  return z
    .record(z.string(), list(item))
    .nullish()
    .transform((v) => Object.values(v ?? {}).flat() as z.output<S>[]);
}

/** `account_all_orders/{a}` (auth): `orders` keyed by market id, snapshot and updates alike. */
export const wsAccountOrders = z.object({ orders: byMarket(order) });

/**
 * `account_all_trades/{a}`: the `subscribed/` snapshot carries `trades` as a flat list (plus volume totals), updates
 * as lists keyed by market id.
 */
export const wsAccountTrades = z.object({
  trades: z.union([list(trade), byMarket(trade)]),
});

/**
 * `account_all_positions/{a}`: one position object per market id (a closed position has `position` "0"). Like the
 * REST account, a frame without a well-formed `positions` map is an error (logged), never "no positions".
 */
export const wsAccountPositions = z.object({
  positions: z.record(z.string(), accountPosition).transform((v) => Object.values(v)),
});

/** `user_stats/{a}`: account totals (collateral, portfolio value, available balance). */
export const wsUserStats = z.object({
  stats: z.object({ collateral: dec, portfolio_value: dec, available_balance: dec }),
});

/** Parses or throws a zod error (callers turn it into a TransportError with context). */
export function parseWire<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  return schema.parse(data);
}
