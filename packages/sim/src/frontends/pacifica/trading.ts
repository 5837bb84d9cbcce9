import { Decimal, isMultipleOf, type PlaceOrderParameters } from '@dn/core';
import { PACIFICA_ORDER_RULES, parseSignedRequest, verifyPacifica } from '@dn/pacifica';
import type { SimMarket } from '../../engine/index.js';
import { badRequest, business, deserializeError, fromEngine, PacificaSimError, signatureError } from './errors.js';
import type { PacificaSimState } from './state.js';
import { orderIdNum } from './wire.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

export interface Authenticated {
  account: string;
  payload: Record<string, unknown>;
}

/**
 * Verifies a signed body exactly as the venue would: the header must be present, the ed25519
 * signature must verify against the canonical message (with the same canonicaliser the client
 * uses), the request must not be expired (`timestamp + expiry_window < now`), and an agent wallet
 * must be bound to the account.
 */
export function authenticate(state: PacificaSimState, type: string, body: unknown): Authenticated {
  let req: ReturnType<typeof parseSignedRequest>;
  try {
    req = parseSignedRequest(type, body);
  } catch (e) {
    throw deserializeError((e as Error).message.split('\n')[0] ?? 'invalid body');
  }
  if (!verifyPacifica(req.message, req.signature, req.signer)) throw signatureError('Verification failed');
  if (req.timestamp + req.expiryWindow < state.clock.now()) {
    throw new PacificaSimError(400, 'Invalid message', 400, 400, true);
  }
  if (req.agentWallet !== undefined && state.agents.get(req.agentWallet) !== req.account) {
    throw new PacificaSimError(400, 'Agent not authorized for account', 400, 402);
  }
  if (!state.engine.hasAccount(req.account)) throw business(1, `Account not found: ${req.account}`);
  return { account: req.account, payload: req.payload };
}

/** Runs one authenticated operation; returns the envelope's `data`. */
export function execute(state: PacificaSimState, type: string, auth: Authenticated): unknown {
  const { account, payload: p } = auth;
  const engine = state.engine;
  try {
    switch (type) {
      case 'create_order':
      case 'create_market_order': {
        if (p.take_profit !== undefined || p.stop_loss !== undefined) {
          throw badRequest('take_profit / stop_loss legs are not supported by the simulator');
        }
        const m = market(state, p.symbol);
        const amount = decimal(p.amount, 'amount');
        const sideRaw = p.side;
        if (sideRaw !== 'bid' && sideRaw !== 'ask') throw deserializeError('side: unknown variant');
        const reduceOnly = bool(p.reduce_only, 'reduce_only');
        const cloid = p.client_order_id;
        if (cloid !== undefined && (typeof cloid !== 'string' || !UUID.test(cloid))) {
          throw deserializeError('client_order_id: invalid UUID');
        }
        if (!isMultipleOf(amount, m.lotSize)) {
          throw badRequest(`Amount ${amount.toFixed()} is not a multiple of lot size ${m.lotSize.toFixed()}`);
        }
        const params: PlaceOrderParameters = {
          symbol: m.symbol,
          side: sideRaw === 'bid' ? 'buy' : 'sell',
          type: type === 'create_order' ? 'limit' : 'market',
          size: amount,
          reduceOnly,
          ...(cloid !== undefined ? { clientOrderId: cloid as string } : {}),
        };
        let refPrice: Decimal;
        if (type === 'create_order') {
          const price = decimal(p.price, 'price');
          if (!isMultipleOf(price, m.tickSize)) {
            throw badRequest(`Price ${price.toFixed()} is not a multiple of tick size ${m.tickSize.toFixed()}`);
          }
          const tif = p.tif;
          if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'ALO' && tif !== 'TOB')
            throw deserializeError('tif: unknown variant');
          params.price = price;
          params.timeInForce = tif === 'GTC' ? 'GTT' : tif === 'IOC' ? 'IOC' : 'POST_ONLY';
          refPrice = price;
        } else {
          const slip = decimal(p.slippage_percent, 'slippage_percent');
          if (!slip.gt(0) || !slip.lt(100)) throw badRequest('slippage_percent must be in (0, 100)');
          params.slippage = slip.div(100);
          params.timeInForce = 'IOC';
          refPrice = engine.markPrice(m.symbol);
        }
        const minimum = m.minNotional ?? new Decimal(0);
        const notional = amount.mul(refPrice);
        const minimumApplies = !(reduceOnly && PACIFICA_ORDER_RULES.reduceOnlyMinimums === 'waived');
        if (minimumApplies && notional.lt(minimum)) {
          throw business(7, `Order amount too low for ${account}: ${notional.toFixed()} < ${minimum.toFixed()}`);
        }
        const res = engine.placeOrder(account, params);
        if (res.duplicate) throw business(36, `Duplicate client order id: ${String(cloid)}`);
        return { order_id: orderIdNum(res.order.id) };
      }
      case 'cancel_order': {
        market(state, p.symbol);
        const order = engine.cancelOrder(account, orderRef(p));
        return { order_id: orderIdNum(order.id) };
      }
      case 'cancel_all_orders': {
        const all = bool(p.all_symbols, 'all_symbols');
        bool(p.exclude_reduce_only, 'exclude_reduce_only');
        const symbol = all ? undefined : market(state, p.symbol).symbol;
        const open = engine.openOrders(account, symbol);
        const keep = p.exclude_reduce_only === true ? open.filter((o) => o.reduceOnly) : [];
        let count = 0;
        for (const o of open) {
          if (keep.includes(o)) continue;
          engine.cancelOrder(account, { orderId: o.id });
          count += 1;
        }
        return { cancelled_count: count };
      }
      case 'edit_order': {
        const m = market(state, p.symbol);
        const price = decimal(p.price, 'price');
        const amount = decimal(p.amount, 'amount');
        const existing = engine.order(account, orderRef(p));
        if (!existing || (existing.status !== 'open' && existing.status !== 'partially_filled')) {
          throw business(6, 'Order not found');
        }
        engine.cancelOrder(account, { orderId: existing.id });
        // The venue keeps the client order id on the new ALO order; the engine would treat it as a
        // duplicate, so the simulated replacement carries none [simulator limitation].
        const res = engine.placeOrder(account, {
          symbol: m.symbol,
          side: existing.side,
          type: 'limit',
          size: amount,
          price,
          timeInForce: 'POST_ONLY',
          reduceOnly: existing.reduceOnly,
        });
        return { order_id: orderIdNum(res.order.id) };
      }
      case 'update_leverage': {
        const m = market(state, p.symbol);
        const lev = p.leverage;
        if (typeof lev !== 'number' || !Number.isInteger(lev)) throw deserializeError('leverage: invalid type');
        if (lev < 1 || lev > m.maxLeverage.toNumber()) throw business(11, `Invalid leverage: ${lev}`);
        if (state.hasOpenPosition(account, m.symbol) && engine.leverage(account, m.symbol).gt(lev)) {
          throw business(11, `Cannot decrease leverage with open position.: ${lev}`);
        }
        engine.setLeverage(account, m.symbol, lev);
        return null;
      }
      case 'update_margin_mode': {
        const m = market(state, p.symbol);
        const isolated = bool(p.is_isolated, 'is_isolated');
        if (state.hasOpenPosition(account, m.symbol)) throw business(12, 'Cannot update margin with open position');
        const modes = state.marginModes.get(account) ?? new Map<string, boolean>();
        modes.set(m.symbol, isolated);
        state.marginModes.set(account, modes);
        return null;
      }
      case 'bind_agent_wallet': {
        if (typeof p.agent_wallet !== 'string') throw deserializeError('missing field `agent_wallet`');
        state.agents.set(p.agent_wallet, account);
        return null;
      }
      case 'revoke_agent_wallet': {
        if (typeof p.agent_wallet !== 'string') throw deserializeError('missing field `agent_wallet`');
        if (state.agents.get(p.agent_wallet) === account) state.agents.delete(p.agent_wallet);
        return null;
      }
      default:
        throw badRequest(`Operation ${type} is not supported by the simulator`);
    }
  } catch (e) {
    if (e instanceof PacificaSimError) throw e;
    throw fromEngine(e, account);
  }
}

function market(state: PacificaSimState, symbol: unknown): SimMarket {
  if (typeof symbol !== 'string') throw deserializeError('missing field `symbol`');
  const m = state.engine.markets().find((x) => x.venueSymbol === symbol);
  if (!m) throw business(3, 'Book not found');
  return m;
}

function decimal(v: unknown, field: string): Decimal {
  // Amounts are strings on the wire; a JSON number is a deserialisation error on the venue.
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw deserializeError(`${field}: invalid decimal`);
  const d = new Decimal(v);
  if (!d.gt(0)) throw badRequest(`${field} must be positive`);
  return d;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw deserializeError(`missing field \`${field}\``);
  return v;
}

function orderRef(p: Record<string, unknown>): { orderId?: string; clientOrderId?: string } {
  const hasId = p.order_id !== undefined;
  const hasCloid = p.client_order_id !== undefined;
  if (hasId === hasCloid) throw badRequest('Exactly one of order_id and client_order_id is required');
  if (hasId) {
    if (typeof p.order_id !== 'number' || !Number.isInteger(p.order_id))
      throw deserializeError('order_id: invalid type');
    return { orderId: String(p.order_id) };
  }
  if (typeof p.client_order_id !== 'string') throw deserializeError('client_order_id: invalid type');
  return { clientOrderId: p.client_order_id };
}
