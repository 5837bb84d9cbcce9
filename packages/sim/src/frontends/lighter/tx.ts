import { Decimal, type PlaceOrderParameters, parseJson } from '@dn/core';
import { parseMultipartForm, type SupportedTxType, TX_TYPE, verifyTxInfo } from '@dn/lighter';
import { isSimRejectError, type SimRejectCode } from '../../engine/index.js';
import type { SimRequest, SimResponse } from '../../server/sim-server.js';
import { engineOrderIdOf, marketIndexOf } from './encode.js';
import { CODE, fail, type LighterSimState, ok, SIM_CHAIN_ID } from './state.js';

const SUPPORTED = new Set<number>([
  TX_TYPE.CREATE_ORDER,
  TX_TYPE.CANCEL_ORDER,
  TX_TYPE.CANCEL_ALL_ORDERS,
  TX_TYPE.UPDATE_LEVERAGE,
]);

/**
 * Engine reject → Lighter-style answer. Lighter's own codes for these are not documented (lighter.md §2.7); the
 * simulator uses 21700+ [sim-specific] with Lighter-like messages, and 20001 for parameter errors.
 */
const REJECT: Record<SimRejectCode, [number, string]> = {
  INSUFFICIENT_MARGIN: [21701, 'not enough margin to create the order'],
  INVALID_SIZE: [CODE.INVALID_PARAM, 'invalid param : invalid base amount'],
  INVALID_PRICE: [CODE.INVALID_PARAM, 'invalid param : invalid price'],
  INVALID_PARAMS: [CODE.INVALID_PARAM, 'invalid param '],
  INVALID_EXPIRY: [CODE.INVALID_PARAM, 'invalid param : invalid order expiry'],
  INVALID_LEVERAGE: [CODE.INVALID_PARAM, 'invalid param : invalid initial margin fraction'],
  POST_ONLY_WOULD_CROSS: [21702, 'post only order would cross'],
  REDUCE_ONLY_NOTHING_TO_REDUCE: [21703, 'reduce only order would increase position'],
  UNKNOWN_SYMBOL: [CODE.INVALID_MARKET_INDEX, 'invalid market index'],
  UNKNOWN_ACCOUNT: [CODE.ACCOUNT_NOT_FOUND, 'account not found'],
  LEVERAGE_TOO_HIGH: [CODE.INVALID_PARAM, 'invalid param : initial margin fraction too low'],
  MARKET_INACTIVE: [21704, 'market is not active'],
  ORDER_NOT_FOUND: [21705, 'order not found'],
  ORDER_NOT_OPEN: [21705, 'order not found'],
  INJECTED_REJECT: [21706, 'order rejected'],
};

interface ParsedTx {
  txType: SupportedTxType;
  info: Record<string, unknown>;
}

/** tx_info JSON with integers as bigint (order indexes reach 2^60), `Sig` kept as a string. */
function parseTxInfo(text: string): Record<string, unknown> | undefined {
  let raw: unknown;
  try {
    raw = parseJson(text, 'string-all');
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const toInt = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'Sig') out[k] = v;
    else if (k === 'L2TxAttributes' && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([a, x]) => [a, toInt(x)]));
    } else out[k] = toInt(v);
  }
  return out;
}

/**
 * Authenticates a tx like the venue: known account and API key, valid signature over the tx hash, unexpired, and the
 * key's exact next nonce (or an unused one with the skip-nonce attribute). Returns the tx hash or an error answer.
 */
function authenticate(state: LighterSimState, tx: ParsedTx): { hash: string; commit: () => void } | SimResponse {
  const account = String(tx.info['AccountIndex'] ?? '');
  if (!state.engine.hasAccount(account)) return fail(CODE.ACCOUNT_NOT_FOUND, 'account not found');
  const key = state.key(account, String(tx.info['ApiKeyIndex'] ?? ''));
  if (!key) return fail(CODE.API_KEY_NOT_FOUND, 'api key not found');
  const v = verifyTxInfo(tx.txType, tx.info, SIM_CHAIN_ID, key.publicKey);
  if (!v.ok) {
    return v.reason === 'malformed'
      ? fail(CODE.INVALID_PARAM, `invalid param : ${v.detail}`)
      : fail(CODE.INVALID_SIGNATURE, 'invalid signature');
  }
  const expiredAt = Number(tx.info['ExpiredAt']);
  if (expiredAt <= state.clock.now()) return fail(CODE.INVALID_PARAM, 'invalid param : tx expired');
  const nonce = tx.info['Nonce'] as bigint;
  const attrs = tx.info['L2TxAttributes'] as Record<string, unknown> | null | undefined;
  const skip = attrs !== null && attrs !== undefined && String(attrs['4']) === '1';
  if (skip) {
    if (key.skipNonces.has(nonce)) return fail(CODE.INVALID_NONCE, 'invalid nonce');
    return { hash: v.txHash, commit: () => key.skipNonces.add(nonce) };
  }
  if (nonce !== key.nextNonce) return fail(CODE.INVALID_NONCE, 'invalid nonce');
  return {
    hash: v.txHash,
    commit: () => {
      key.nextNonce += 1n;
    },
  };
}

/** Applies an authenticated tx to the engine; an engine reject becomes the venue's error (nonce not consumed). */
function apply(state: LighterSimState, tx: ParsedTx): SimResponse | undefined {
  const engine = state.engine;
  const info = tx.info;
  const account = String(info['AccountIndex']);
  const market = (idx: unknown) => state.marketByIndex(Number(idx));
  try {
    switch (tx.txType) {
      case TX_TYPE.CREATE_ORDER: {
        const m = market(info['MarketIndex']);
        if (!m) return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
        const pd = m.tickSize.decimalPlaces();
        const sd = m.lotSize.decimalPlaces();
        const type = Number(info['Type']);
        const tif = Number(info['TimeInForce']);
        if (type !== 0 && type !== 1)
          return fail(CODE.INVALID_PARAM, 'invalid param : order type not supported by the simulator');
        const price = new Decimal(String(info['Price'])).div(new Decimal(10).pow(pd));
        const cidx = BigInt(info['ClientOrderIndex'] as bigint);
        const params: PlaceOrderParameters = {
          symbol: m.symbol,
          side: Number(info['IsAsk']) === 1 ? 'sell' : 'buy',
          // Lighter market orders carry a worst acceptable price: the engine takes it as an IOC limit.
          type: 'limit',
          size: new Decimal(String(info['BaseAmount'])).div(new Decimal(10).pow(sd)),
          price,
          timeInForce: tif === 0 ? 'IOC' : tif === 2 ? 'POST_ONLY' : 'GTT',
          reduceOnly: Number(info['ReduceOnly']) === 1,
          ...(cidx > 0n ? { clientOrderId: cidx.toString() } : {}),
          ...(tif !== 0 && Number(info['OrderExpiry']) > 0 ? { expiresAt: Number(info['OrderExpiry']) } : {}),
        };
        const r = engine.placeOrder(account, params);
        if (type === 1 && !r.duplicate) markMarket(state, account, r.order.id);
        return undefined;
      }
      case TX_TYPE.CANCEL_ORDER: {
        const m = market(info['MarketIndex']);
        if (!m) return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
        const index = BigInt(info['Index'] as bigint);
        const engineId = engineOrderIdOf(index);
        engine.cancelOrder(
          account,
          engineId !== undefined ? { orderId: engineId } : { clientOrderId: index.toString() },
        );
        return undefined;
      }
      case TX_TYPE.CANCEL_ALL_ORDERS: {
        const attrs = info['L2TxAttributes'] as Record<string, unknown> | null;
        const mi = attrs?.['5'];
        const m = mi !== undefined && String(mi) !== '255' ? market(mi) : undefined;
        if (mi !== undefined && String(mi) !== '255' && !m)
          return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
        engine.cancelAll(account, m?.symbol);
        return undefined;
      }
      case TX_TYPE.UPDATE_LEVERAGE: {
        const m = market(info['MarketIndex']);
        if (!m) return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
        const imf = Number(info['InitialMarginFraction']);
        if (!(imf > 0)) return fail(CODE.INVALID_PARAM, 'invalid param : invalid initial margin fraction');
        engine.setLeverage(account, m.symbol, new Decimal(10_000).div(imf).toDecimalPlaces(8, Decimal.ROUND_DOWN));
        state.noteLeverage(account, m.symbol);
        return undefined;
      }
      default:
        return fail(CODE.INVALID_PARAM, 'invalid param : tx type not supported by the simulator');
    }
  } catch (e) {
    if (isSimRejectError(e)) {
      const [code, message] = REJECT[e.code];
      return fail(code, message);
    }
    throw e;
  }
}

/** Engine orders placed as Lighter market orders (Type 1), so they are reported with type "market". */
const marketOrders = new WeakMap<LighterSimState, Set<string>>();
function markMarket(state: LighterSimState, account: string, orderId: string): void {
  let set = marketOrders.get(state);
  if (!set) {
    set = new Set();
    marketOrders.set(state, set);
  }
  set.add(`${account}:${orderId}`);
}
export function isMarketOrder(state: LighterSimState, account: string, orderId: string): boolean {
  return marketOrders.get(state)?.has(`${account}:${orderId}`) ?? false;
}

function readTx(txType: unknown, txInfo: unknown): ParsedTx | SimResponse {
  const t = Number(txType);
  if (!Number.isInteger(t)) return fail(CODE.INVALID_PARAM, 'invalid param : tx_type');
  if (!SUPPORTED.has(t)) return fail(CODE.INVALID_PARAM, 'invalid param : tx type not supported by the simulator');
  const info = typeof txInfo === 'string' ? parseTxInfo(txInfo) : undefined;
  if (!info) return fail(CODE.INVALID_PARAM, 'invalid param : tx_info');
  return { txType: t as SupportedTxType, info };
}

function isResponse(x: unknown): x is SimResponse {
  return typeof x === 'object' && x !== null && 'status' in x;
}

const QUOTA = { volume_quota_remaining: 1_000_000 };

/** The form fields of a tx POST: `multipart/form-data` (what CCXT and nautilus send) or url-encoded (older clients). */
function formOf(req: SimRequest): Record<string, string> | undefined {
  const header = req.headers['content-type'];
  const multipart = parseMultipartForm(req.rawBody, Array.isArray(header) ? header[0] : header);
  return multipart ?? (req.body as Record<string, string> | undefined);
}

/** `POST /api/v1/sendTx` (form: tx_type, tx_info, price_protection). */
export function handleSendTx(state: LighterSimState, req: SimRequest): SimResponse {
  const form = formOf(req);
  if (!form) return fail(CODE.INVALID_PARAM, 'invalid param ');
  const tx = readTx(form['tx_type'], form['tx_info']);
  if (isResponse(tx)) return tx;
  const auth = authenticate(state, tx);
  if (isResponse(auth)) return auth;
  const rejected = apply(state, tx);
  if (rejected) return rejected;
  auth.commit();
  return ok({
    message: '{"ratelimit": "didn\'t use volume quota"}',
    tx_hash: auth.hash,
    predicted_execution_time_ms: state.clock.now() + 3,
    ...QUOTA,
  });
}

/**
 * `POST /api/v1/sendTxBatch` (form: tx_types JSON int array, tx_infos JSON array of strings). Every tx is
 * authenticated before any is applied; an engine reject part-way answers with that error, earlier txs applied.
 */
export function handleSendTxBatch(state: LighterSimState, req: SimRequest): SimResponse {
  const form = formOf(req);
  let types: unknown;
  let infos: unknown;
  try {
    types = JSON.parse(form?.['tx_types'] ?? '');
    infos = JSON.parse(form?.['tx_infos'] ?? '');
  } catch {
    return fail(CODE.INVALID_PARAM, 'invalid param ');
  }
  if (!Array.isArray(types) || !Array.isArray(infos) || types.length !== infos.length || types.length === 0) {
    return fail(CODE.INVALID_PARAM, 'invalid param ');
  }
  if (types.length > 15) return fail(CODE.INVALID_PARAM, 'invalid param : too many txs in batch');
  const txs: ParsedTx[] = [];
  for (let i = 0; i < types.length; i++) {
    const tx = readTx(types[i], infos[i]);
    if (isResponse(tx)) return tx;
    txs.push(tx);
  }
  const hashes: string[] = [];
  // Authenticate in order, committing nonces provisionally so consecutive nonces validate; roll back on failure.
  const commits: (() => void)[] = [];
  const snapshot = new Map([...state.keys].map(([k, v]) => [k, v.nextNonce]));
  for (const tx of txs) {
    const auth = authenticate(state, tx);
    if (isResponse(auth)) {
      for (const [k, n] of snapshot) {
        const key = state.keys.get(k);
        if (key) key.nextNonce = n;
      }
      return auth;
    }
    auth.commit();
    commits.push(auth.commit);
    hashes.push(auth.hash);
  }
  for (const [i, tx] of txs.entries()) {
    const rejected = apply(state, tx);
    if (rejected) {
      // The rejected tx and the ones after it did not consume their nonces.
      const account = String(tx.info['AccountIndex']);
      const key = state.key(account, String(tx.info['ApiKeyIndex']));
      if (key && !isSkip(tx)) key.nextNonce = BigInt(tx.info['Nonce'] as bigint);
      void i;
      return rejected;
    }
  }
  return ok({ message: '', tx_hash: hashes, predicted_execution_time_ms: state.clock.now() + 3, ...QUOTA });
}

function isSkip(tx: ParsedTx): boolean {
  const attrs = tx.info['L2TxAttributes'] as Record<string, unknown> | null | undefined;
  return attrs !== null && attrs !== undefined && String(attrs['4']) === '1';
}

export { marketIndexOf };
