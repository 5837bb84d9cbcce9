import type { PacificaRestContext } from '../http.js';
import * as account from './account.js';
import * as markets from './markets.js';
import type { BatchActionInput } from './orders.js';
import * as orders from './orders.js';

type Tail<F> = F extends (ctx: PacificaRestContext, ...rest: infer R) => infer T ? (...rest: R) => T : never;

/**
 * Typed REST methods of every endpoint a bot needs, in Pacifica's own terms (market ids, bid/ask,
 * Decimal amounts). Each is also exported as a function taking the context, for tree-shaking.
 */
export class PacificaRestApi {
  constructor(readonly ctx: PacificaRestContext) {}

  // markets
  getMarketInfo: Tail<typeof markets.getMarketInfo> = () => markets.getMarketInfo(this.ctx);
  getPrices: Tail<typeof markets.getPrices> = () => markets.getPrices(this.ctx);
  getFeeLevels: Tail<typeof markets.getFeeLevels> = () => markets.getFeeLevels(this.ctx);
  getBook: Tail<typeof markets.getBook> = (p) => markets.getBook(this.ctx, p);
  getKlines: Tail<typeof markets.getKlines> = (p) => markets.getKlines(this.ctx, p);
  getMarkKlines: Tail<typeof markets.getMarkKlines> = (p) => markets.getMarkKlines(this.ctx, p);
  getRecentTrades: Tail<typeof markets.getRecentTrades> = (p) => markets.getRecentTrades(this.ctx, p);
  getFundingRateHistory: Tail<typeof markets.getFundingRateHistory> = (p) => markets.getFundingRateHistory(this.ctx, p);
  // account
  getAccount: Tail<typeof account.getAccount> = (p) => account.getAccount(this.ctx, p);
  getAccountSettings: Tail<typeof account.getAccountSettings> = (p) => account.getAccountSettings(this.ctx, p);
  getPositions: Tail<typeof account.getPositions> = (p) => account.getPositions(this.ctx, p);
  getTradeHistory: Tail<typeof account.getTradeHistory> = (p) => account.getTradeHistory(this.ctx, p);
  getFundingHistory: Tail<typeof account.getFundingHistory> = (p) => account.getFundingHistory(this.ctx, p);
  updateLeverage: Tail<typeof account.updateLeverage> = (p) => account.updateLeverage(this.ctx, p);
  updateMarginMode: Tail<typeof account.updateMarginMode> = (p) => account.updateMarginMode(this.ctx, p);
  // orders
  getOpenOrders: Tail<typeof orders.getOpenOrders> = (p) => orders.getOpenOrders(this.ctx, p);
  getOrderHistory: Tail<typeof orders.getOrderHistory> = (p) => orders.getOrderHistory(this.ctx, p);
  getOrderHistoryById: Tail<typeof orders.getOrderHistoryById> = (p) => orders.getOrderHistoryById(this.ctx, p);
  createMarketOrder: Tail<typeof orders.createMarketOrder> = (p) => orders.createMarketOrder(this.ctx, p);
  createLimitOrder: Tail<typeof orders.createLimitOrder> = (p) => orders.createLimitOrder(this.ctx, p);
  createStopOrder: Tail<typeof orders.createStopOrder> = (p) => orders.createStopOrder(this.ctx, p);
  cancelOrder: Tail<typeof orders.cancelOrder> = (p) => orders.cancelOrder(this.ctx, p);
  cancelStopOrder: Tail<typeof orders.cancelStopOrder> = (p) => orders.cancelStopOrder(this.ctx, p);
  cancelAllOrders: Tail<typeof orders.cancelAllOrders> = (p) => orders.cancelAllOrders(this.ctx, p);
  editOrder: Tail<typeof orders.editOrder> = (p) => orders.editOrder(this.ctx, p);
  setPositionTpsl: Tail<typeof orders.setPositionTpsl> = (p) => orders.setPositionTpsl(this.ctx, p);
  batchOrders = (actions: readonly BatchActionInput[]): ReturnType<typeof orders.batchOrders> =>
    orders.batchOrders(this.ctx, actions);
}
