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
const dec = zDecimal;
/** Integer that may exceed 2^53 (order indexes, trade ids). */
const big = zBigInt;
/** Small integer (market id, decimals, ms timestamps). */
const int = zInt;
const bool = z.union([z.boolean(), numeric]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');

/** An absent value as the venue writes it: missing, `null` or `""`. */
const absent = z.union([z.null(), z.undefined(), z.literal('')]).transform(() => undefined);
/** Optional field: missing, `null` and `""` read as undefined; anything else must parse. */
function opt<S extends z.ZodType>(schema: S) {
  return z.union([absent, schema]).optional();
}
const optDec = opt(dec);
const optInt = opt(int);
const optBig = opt(big);
/** A list the venue may send as `null` (or omit) when empty. */
const list = zNullableList;
/** A cursor: `null` / missing / `""` on the last page. */
const cursor = z
  .string()
  .nullish()
  .transform((v) => (v ? v : undefined));

export const resultCodeSchema = z.object({ code: int, message: z.string().nullish() });

/** Fields `/orderBooks` and `/orderBookDetails` both carry for a market. */
const marketFields = {
  symbol: z.string(),
  market_id: int,
  market_type: z.string().optional(),
  status: z.string(),
  /** Percent (openapi "in percentage"; see symbols.ts feeFraction). */
  taker_fee: dec,
  maker_fee: dec,
  min_base_amount: dec,
  min_quote_amount: dec,
};

export const orderBookEntrySchema = z.object({
  ...marketFields,
  supported_size_decimals: int,
  supported_price_decimals: int,
});
export const orderBooksResponseSchema = z.object({ order_books: list(orderBookEntrySchema) });

export const orderBookDetailSchema = z.object({
  ...marketFields,
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
export const orderBookDetailsResponseSchema = z.object({ order_book_details: list(orderBookDetailSchema) });

export const simpleOrderSchema = z.object({
  order_index: big,
  order_id: z.string().nullish(),
  owner_account_index: optBig,
  initial_base_amount: optDec,
  remaining_base_amount: dec,
  price: dec,
  order_expiry: optInt,
});
export const orderBookOrdersResponseSchema = z.object({
  total_asks: optInt,
  asks: list(simpleOrderSchema),
  total_bids: optInt,
  bids: list(simpleOrderSchema),
});

export const fundingRatesResponseSchema = z.object({
  funding_rates: list(z.object({ market_id: int, exchange: z.string(), symbol: z.string(), rate: dec })),
});

/** `/fundings` row: `timestamp` in seconds, `rate` unsigned percent per hour, `direction` long | short. */
export const fundingRowSchema = z.object({ timestamp: int, value: optDec, rate: dec, direction: z.string() });
export const fundingsResponseSchema = z.object({ resolution: z.string().nullish(), fundings: list(fundingRowSchema) });

/** One settled payment of the account (`/positionFunding`, WS account funding). Units: see funding-units.ts. */
export const positionFundingSchema = z.object({
  timestamp: int,
  market_id: int,
  funding_id: optBig,
  change: dec,
  rate: dec,
  position_size: dec,
  position_side: z.string(),
});
export const positionFundingResponseSchema = z.object({
  position_fundings: list(positionFundingSchema),
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
export const candlesResponseSchema = z.union([
  z.object({ resolution: z.string().nullish(), candlesticks: z.array(candleOld) }),
  z.object({ r: z.string().nullish(), c: list(candleNew) }),
]);

export const accountPositionSchema = z.object({
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
export const detailedAccountSchema = z.object({
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
  positions: z.array(accountPositionSchema),
});
export const accountResponseSchema = z.object({ total: optInt, accounts: list(detailedAccountSchema) });

export const apiKeysResponseSchema = z.object({
  api_keys: list(z.object({ account_index: big, api_key_index: int, nonce: big, public_key: z.string() })),
});

export const nextNonceResponseSchema = z.object({ nonce: big });

export const sendTxResponseSchema = z.object({
  tx_hash: z.string(),
  predicted_execution_time_ms: optInt,
  volume_quota_remaining: optInt,
});
export const sendTxBatchResponseSchema = z.object({
  tx_hash: z.array(z.string()),
  predicted_execution_time_ms: optInt,
  volume_quota_remaining: optInt,
});

export const orderSchema = z.object({
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
export const ordersResponseSchema = z.object({ orders: list(orderSchema), next_cursor: cursor });

export const tradeSchema = z.object({
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
export const tradesResponseSchema = z.object({ trades: list(tradeSchema), next_cursor: cursor });

export type LighterOrderBookDetail = z.infer<typeof orderBookDetailSchema>;
export type LighterAccountPosition = z.infer<typeof accountPositionSchema>;
export type LighterDetailedAccount = z.infer<typeof detailedAccountSchema>;
export type LighterOrder = z.infer<typeof orderSchema>;
export type LighterTrade = z.infer<typeof tradeSchema>;
export type LighterSimpleOrder = z.infer<typeof simpleOrderSchema>;
export type LighterPositionFunding = z.infer<typeof positionFundingSchema>;
export type LighterFundingRow = z.infer<typeof fundingRowSchema>;
export type LighterOrderBooksResponse = z.infer<typeof orderBooksResponseSchema>;
export type LighterOrderBookDetailsResponse = z.infer<typeof orderBookDetailsResponseSchema>;
export type LighterOrderBookOrdersResponse = z.infer<typeof orderBookOrdersResponseSchema>;
export type LighterFundingRatesResponse = z.infer<typeof fundingRatesResponseSchema>;
export type LighterPositionFundingResponse = z.infer<typeof positionFundingResponseSchema>;
export type LighterAccountResponse = z.infer<typeof accountResponseSchema>;
export type LighterApiKeysResponse = z.infer<typeof apiKeysResponseSchema>;
export type LighterSendTxResponse = z.infer<typeof sendTxResponseSchema>;
export type LighterSendTxBatchResponse = z.infer<typeof sendTxBatchResponseSchema>;
export type LighterOrdersResponse = z.infer<typeof ordersResponseSchema>;
export type LighterTradesResponse = z.infer<typeof tradesResponseSchema>;

// ---- WebSocket (asyncapi.json; nautilus_trader's Lighter adapter; lighter.md §3) ----

export const wsLevelSchema = z.object({ price: dec, size: dec });
export const wsOrderBookSchema = z.object({
  asks: list(wsLevelSchema),
  bids: list(wsLevelSchema),
  offset: optInt,
  nonce: int,
  begin_nonce: optInt,
});
export const wsMarketStatsSchema = z.object({
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
export type LighterMarketStats = z.infer<typeof wsMarketStatsSchema>;

/** A print of the public `trade/{m}` channel (the fields a public trade needs; account ids are not relied on). */
export const publicTradeSchema = z.object({
  trade_id: big,
  type: z.string().nullish(),
  market_id: int,
  size: dec,
  price: dec,
  /** True: the resting (maker) order was the ask, so the taker bought (nautilus_trader: aggressor Buyer). */
  is_maker_ask: bool,
  /** ms. */
  timestamp: int,
});
/** `trade/{m}` frame: `trades` and, apart, `liquidation_trades` (either may be null or absent when empty). */
export const wsTradesSchema = z.object({
  trades: list(publicTradeSchema),
  liquidation_trades: list(publicTradeSchema),
});
export type LighterPublicTrade = z.infer<typeof publicTradeSchema>;

/** Lists keyed by market id (`{"0":[…]}`); a null map or a null list is empty. */
function byMarket<S extends z.ZodType>(item: S) {
  return z
    .record(z.string(), list(item))
    .nullish()
    .transform((v) => Object.values(v ?? {}).flat() as z.output<S>[]);
}

/** `account_all_orders/{a}` (auth): `orders` keyed by market id, snapshot and updates alike. */
export const wsAccountOrdersSchema = z.object({ orders: byMarket(orderSchema) });

/**
 * `account_all_trades/{a}`: the `subscribed/` snapshot carries `trades` as a flat list (plus volume totals), updates
 * as lists keyed by market id.
 */
export const wsAccountTradesSchema = z.object({
  trades: z.union([list(tradeSchema), byMarket(tradeSchema)]),
});

/**
 * `account_all_positions/{a}`: one position object per market id (a closed position has `position` "0"). Like the
 * REST account, a frame without a well-formed `positions` map is an error (logged), never "no positions".
 */
export const wsAccountPositionsSchema = z.object({
  positions: z.record(z.string(), accountPositionSchema).transform((v) => Object.values(v)),
});

/** `user_stats/{a}`: account totals (collateral, portfolio value, available balance). */
export const wsUserStatsSchema = z.object({
  stats: z.object({ collateral: dec, portfolio_value: dec, available_balance: dec }),
});
