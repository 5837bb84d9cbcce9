/**
 * zod schemas of Lighter's wire payloads (zklighter-perps openapi @1.0.272, lighter.md §2–3). Bodies are parsed with
 * every JSON number kept as its source text (`numbers: 'string-all'`), so decimals stay exact and 60-bit order
 * indexes survive; these schemas turn them into Decimal / bigint / number. Unknown keys are dropped.
 */
import { Decimal } from '@dn/core';
import { z } from 'zod';

const numeric = z.union([z.string(), z.number()]);
/** Exact decimal (price, size, balance). */
export const dec = numeric.transform((v, ctx) => {
  try {
    const d = new Decimal(String(v));
    if (d.isFinite()) return d;
  } catch {
    // fall through
  }
  ctx.addIssue({ code: 'custom', message: `not a decimal: ${String(v)}` });
  return z.NEVER;
});
/** Integer that may exceed 2^53 (order indexes, trade ids). */
export const big = numeric.transform((v, ctx) => {
  const s = String(v);
  if (/^-?\d+$/.test(s)) return BigInt(s);
  ctx.addIssue({ code: 'custom', message: `not an integer: ${s}` });
  return z.NEVER;
});
/** Small integer (market id, decimals, ms timestamps). */
export const int = numeric.transform((v, ctx) => {
  const n = Number(v);
  if (Number.isSafeInteger(n)) return n;
  ctx.addIssue({ code: 'custom', message: `not a safe integer: ${String(v)}` });
  return z.NEVER;
});
const bool = z.union([z.boolean(), numeric]).transform((v) => v === true || v === 1 || v === '1' || v === 'true');

export const resultCode = z.object({ code: int, message: z.string().optional() });

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
export const orderBooksResponse = z.object({ order_books: z.array(orderBookEntry) });

export const orderBookDetail = z.object({
  symbol: z.string(),
  market_id: int,
  market_type: z.string().optional(),
  status: z.string(),
  taker_fee: dec,
  maker_fee: dec,
  min_base_amount: dec,
  min_quote_amount: dec,
  size_decimals: int,
  price_decimals: int,
  default_initial_margin_fraction: int,
  min_initial_margin_fraction: int,
  maintenance_margin_fraction: int,
  mark_price: dec.optional(),
  index_price: dec.optional(),
  last_trade_price: dec.optional(),
  open_interest: dec.optional(),
  daily_base_token_volume: dec.optional(),
  daily_quote_token_volume: dec.optional(),
});
export const orderBookDetailsResponse = z.object({ order_book_details: z.array(orderBookDetail).default([]) });

export const simpleOrder = z.object({
  order_index: big,
  order_id: z.string().optional(),
  owner_account_index: big.optional(),
  initial_base_amount: dec.optional(),
  remaining_base_amount: dec,
  price: dec,
  order_expiry: int.optional(),
});
export const orderBookOrdersResponse = z.object({
  total_asks: int.optional(),
  asks: z.array(simpleOrder),
  total_bids: int.optional(),
  bids: z.array(simpleOrder),
});

export const fundingRatesResponse = z.object({
  funding_rates: z.array(z.object({ market_id: int, exchange: z.string(), symbol: z.string(), rate: dec })),
});

export const fundingsResponse = z.object({
  resolution: z.string().optional(),
  fundings: z.array(z.object({ timestamp: int, value: dec, rate: dec, direction: z.string() })),
});

export const positionFundingResponse = z.object({
  position_fundings: z.array(
    z.object({
      timestamp: int,
      market_id: int,
      funding_id: big,
      change: dec,
      rate: dec,
      position_size: dec,
      position_side: z.string(),
    }),
  ),
  next_cursor: z.string().optional(),
});

const candleNew = z.object({ t: int, o: dec, h: dec, l: dec, c: dec, v: dec.optional(), V: dec.optional() });
const candleOld = z.object({
  timestamp: int,
  open: dec,
  high: dec,
  low: dec,
  close: dec,
  volume0: dec.optional(),
  volume1: dec.optional(),
});
/** Both shapes the venue has used: `{r, c:[{t,o,h,l,c,v,V}]}` (current) and `{resolution, candlesticks}` (old). */
export const candlesResponse = z.union([
  z.object({ r: z.string().optional(), c: z.array(candleNew) }),
  z.object({ resolution: z.string().optional(), candlesticks: z.array(candleOld) }),
]);

export const accountPosition = z.object({
  market_id: int,
  symbol: z.string(),
  initial_margin_fraction: dec,
  open_order_count: int.optional(),
  sign: int,
  position: dec,
  avg_entry_price: dec,
  position_value: dec,
  unrealized_pnl: dec,
  realized_pnl: dec,
  liquidation_price: dec,
  margin_mode: int.optional(),
  allocated_margin: dec.optional(),
});
export const detailedAccount = z.object({
  account_index: big.optional(),
  index: big,
  l1_address: z.string().optional(),
  status: int.optional(),
  collateral: dec,
  available_balance: dec,
  total_asset_value: dec,
  cross_asset_value: dec.optional(),
  cross_initial_margin_requirement: dec.optional(),
  cross_maintenance_margin_requirement: dec.optional(),
  positions: z.array(accountPosition).default([]),
});
export const accountResponse = z.object({ total: int.optional(), accounts: z.array(detailedAccount) });

export const apiKeysResponse = z.object({
  api_keys: z.array(z.object({ account_index: big, api_key_index: int, nonce: big, public_key: z.string() })),
});

export const nextNonceResponse = z.object({ nonce: big });

export const sendTxResponse = z.object({
  tx_hash: z.string(),
  predicted_execution_time_ms: int.optional(),
  volume_quota_remaining: int.optional(),
});
export const sendTxBatchResponse = z.object({
  tx_hash: z.array(z.string()),
  predicted_execution_time_ms: int.optional(),
  volume_quota_remaining: int.optional(),
});

export const order = z.object({
  order_index: big,
  client_order_index: big,
  order_id: z.string().optional(),
  client_order_id: z.string().optional(),
  market_index: int,
  owner_account_index: big.optional(),
  initial_base_amount: dec,
  price: dec,
  nonce: big.optional(),
  remaining_base_amount: dec,
  is_ask: bool,
  filled_base_amount: dec,
  filled_quote_amount: dec,
  type: z.string(),
  time_in_force: z.string(),
  reduce_only: bool,
  trigger_price: dec.optional(),
  order_expiry: int.optional(),
  status: z.string(),
  timestamp: int.optional(),
  created_at: int.optional(),
  updated_at: int.optional(),
});
export const ordersResponse = z.object({ orders: z.array(order), next_cursor: z.string().optional() });

export const trade = z.object({
  trade_id: big,
  trade_id_str: z.string().optional(),
  tx_hash: z.string().optional(),
  type: z.string().optional(),
  market_id: int,
  size: dec,
  price: dec,
  usd_amount: dec.optional(),
  ask_id: big,
  bid_id: big,
  ask_client_id: big.optional(),
  bid_client_id: big.optional(),
  ask_account_id: big,
  bid_account_id: big,
  is_maker_ask: bool,
  timestamp: int,
  taker_fee: dec.optional(),
  maker_fee: dec.optional(),
});
export const tradesResponse = z.object({ trades: z.array(trade), next_cursor: z.string().optional() });

export type WireOrderBookDetail = z.infer<typeof orderBookDetail>;
export type WireAccountPosition = z.infer<typeof accountPosition>;
export type WireDetailedAccount = z.infer<typeof detailedAccount>;
export type WireOrder = z.infer<typeof order>;
export type WireTrade = z.infer<typeof trade>;
export type WireSimpleOrder = z.infer<typeof simpleOrder>;

// ---- WebSocket (asyncapi.json; lighter.md §3) ----

export const wsLevel = z.object({ price: dec, size: dec });
export const wsOrderBook = z.object({
  asks: z.array(wsLevel).default([]),
  bids: z.array(wsLevel).default([]),
  offset: int.optional(),
  nonce: int,
  begin_nonce: int.optional(),
});
export const wsMarketStats = z.object({
  market_id: int,
  index_price: dec.optional(),
  mark_price: dec.optional(),
  open_interest: dec.optional(),
  last_trade_price: dec.optional(),
  current_funding_rate: dec.optional(),
  funding_rate: dec.optional(),
  funding_timestamp: int.optional(),
  daily_quote_token_volume: dec.optional(),
});
export type WireMarketStats = z.infer<typeof wsMarketStats>;

/** `account_all/{a}`: maps keyed by market id. */
export const wsAccountAll = z.object({
  account: big.optional(),
  orders: z.record(z.string(), z.array(order)).optional(),
  positions: z.record(z.string(), accountPosition).optional(),
  trades: z.record(z.string(), z.array(trade)).optional(),
  funding_histories: z
    .record(
      z.string(),
      z.array(
        z.object({
          timestamp: int,
          market_id: int,
          funding_id: big.optional(),
          change: dec,
          rate: dec,
          position_size: dec,
          position_side: z.string(),
        }),
      ),
    )
    .optional(),
});

/** Parses or throws a zod error (callers turn it into a TransportError with context). */
export function parseWire<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  return schema.parse(data);
}
