import type { SimMarket, SimOrder } from '../../engine/index.js';
import type { RouteHandler, SimRequest, SimResponse, SimServer } from '../../server/sim-server.js';
import { encodeOrder } from './encode.js';
import { CODE, fail, type LighterSimState } from './state.js';
import { isMarketOrder } from './tx.js';

export function intParam(req: SimRequest, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The venue writes an empty list as `null` (nautilus_trader's live captures: trades, candles, book sides). */
export function listOrNull<T>(rows: T[]): T[] | null {
  return rows.length > 0 ? rows : null;
}

/** Registers a GET path of Lighter's REST with its rate-limit tag. */
export function routeGet(server: SimServer, tag: 'public' | 'private', path: string, handler: RouteHandler): void {
  server.route('GET', path, handler, { tag });
}

export const isResp = (x: unknown): x is SimResponse => typeof x === 'object' && x !== null && 'status' in x;

/** Query readers shared by the market and the account routes: each answers the venue's error when the value is bad. */
export function requestReaders(state: LighterSimState) {
  const engine = state.engine;
  const selectMarkets = (req: SimRequest): SimMarket[] | SimResponse => {
    const id = intParam(req, 'market_id') ?? 255;
    if (id === 255) return state.markets();
    const m = state.marketByIndex(id);
    return m ? [m] : fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
  };
  const requireMarket = (req: SimRequest): SimMarket | SimResponse => {
    const m = state.marketByIndex(intParam(req, 'market_id') ?? -1);
    return m ?? fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
  };
  const requireAccount = (req: SimRequest, name = 'account_index'): string | SimResponse => {
    const v = req.query.get(name);
    if (v === null || !/^\d+$/.test(v)) return fail(CODE.INVALID_PARAM, 'invalid param ');
    return engine.hasAccount(v) ? v : fail(CODE.ACCOUNT_NOT_FOUND, 'account not found');
  };
  /** The account named by the query, if it exists and the request carries a valid auth token for it. */
  const authorizedAccount = (req: SimRequest): string | SimResponse => {
    const account = requireAccount(req);
    if (isResp(account)) return account;
    return state.authorize(req, account) ?? account;
  };
  /**
   * A private list read: the authorized account, the page size the venue accepts (1..100) and the engine query for
   * them, narrowed to the market of `market_id` (none, or 255, for all). An unknown index is the venue's error, or
   * reads as all markets with `unknownMarket: 'all'`.
   */
  const accountPage = (
    req: SimRequest,
    unknownMarket: 'reject' | 'all' = 'reject',
  ): { account: string; query: { symbol?: string; limit: number } } | SimResponse => {
    const account = authorizedAccount(req);
    if (isResp(account)) return account;
    const limit = intParam(req, 'limit');
    if (limit === undefined || limit < 1 || limit > 100) return fail(CODE.INVALID_PARAM, 'invalid param ');
    const id = intParam(req, 'market_id');
    const m = id === undefined || id === 255 ? undefined : state.marketByIndex(id);
    if (id !== undefined && id !== 255 && !m && unknownMarket === 'reject') {
      return fail(CODE.INVALID_MARKET_INDEX, 'invalid market index');
    }
    return { account, query: { ...(m ? { symbol: m.symbol } : {}), limit } };
  };
  const orderRow = (m: SimMarket, o: SimOrder) => {
    const row = encodeOrder(m, o);
    if (isMarketOrder(state, o.accountId, o.id)) row['type'] = 'market';
    return row;
  };
  const marketOf = (symbol: string) => state.markets().find((m) => m.symbol === symbol) as SimMarket;
  return {
    selectMarkets,
    requireMarket,
    requireAccount,
    authorizedAccount,
    accountPage,
    orderRow,
    marketOf,
  };
}
