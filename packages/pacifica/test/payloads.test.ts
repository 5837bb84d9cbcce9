import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  buildBindAgentWallet,
  buildCancelAllOrders,
  buildCancelOrder,
  buildCancelStopOrder,
  buildEditOrder,
  buildLimitOrder,
  buildMarketOrder,
  buildPositionTpsl,
  buildRevokeAgentWallet,
  buildRevokeAllAgentWallets,
  buildStopOrder,
  buildUpdateLeverage,
  buildUpdateMarginMode,
  newClientOrderId,
  type PacificaAction,
  type PacificaOperationType,
} from '../src/index.js';
import { keys, signing } from './vectors.js';

const CLOID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

function vector(name: string) {
  const v = signing.vectors.find((x) => x.name === name);
  if (v === undefined) throw new Error(`missing vector ${name}`);
  return v;
}

/** The builder gives the vector's type and payload (key order aside, which the message sorts away). */
function expectVector(action: PacificaAction<PacificaOperationType, object>, name: string, extra?: object): void {
  const v = vector(name);
  expect(action.type).toBe(v.operation_type);
  expect(action.payload).toStrictEqual(extra === undefined ? v.payload : mergeDeep(v.payload, extra));
}

function mergeDeep(a: Record<string, unknown>, b: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      typeof v === 'object' && v !== null && typeof cur === 'object' && cur !== null
        ? mergeDeep(cur as Record<string, unknown>, v)
        : v;
  }
  return out;
}

describe('payload builders reproduce the vectors payloads', () => {
  it('market order', () => {
    expectVector(
      buildMarketOrder({ symbol: 'BTC', side: 'bid', amount: '0.1', slippagePercent: '0.5', clientOrderId: CLOID }),
      'create_market_order',
    );
    expectVector(
      buildMarketOrder({
        symbol: 'ETH',
        side: 'ask',
        amount: new Decimal('1.2345'),
        slippagePercent: new Decimal(1),
        reduceOnly: true,
        clientOrderId: CLOID,
      }),
      'create_market_order_reduce_only_expiry_30s',
    );
  });

  it('limit orders, with TP/SL that always name mark_price', () => {
    expectVector(
      buildLimitOrder({ symbol: 'BTC', side: 'bid', price: '100000', amount: '0.1', tif: 'GTC', clientOrderId: CLOID }),
      'create_order_limit_gtc',
    );
    expectVector(
      buildLimitOrder({
        symbol: 'BTC',
        side: 'bid',
        price: '50000.00',
        amount: '0.10',
        tif: 'ALO',
        clientOrderId: CLOID,
        takeProfit: { stopPrice: '55000', limitPrice: '54950', clientOrderId: 'e36ac10b-58cc-4372-a567-0e02b2c3d479' },
        stopLoss: { stopPrice: '48000', limitPrice: '47950', clientOrderId: 'd25ac10b-58cc-4372-a567-0e02b2c3d479' },
      }),
      'create_order_limit_alo_with_tpsl',
      { take_profit: { trigger_price_type: 'mark_price' }, stop_loss: { trigger_price_type: 'mark_price' } },
    );
  });

  it('cancels', () => {
    expectVector(buildCancelOrder({ symbol: 'BTC', orderId: 42069 }), 'cancel_order_by_order_id');
    expectVector(buildCancelOrder({ symbol: 'BTC', clientOrderId: CLOID }), 'cancel_order_by_client_order_id');
    expectVector(buildCancelAllOrders(), 'cancel_all_orders_all_symbols');
    expectVector(buildCancelAllOrders({ symbol: 'ETH', excludeReduceOnly: true }), 'cancel_all_orders_one_symbol');
    expectVector(buildCancelStopOrder({ symbol: 'BTC', orderId: 123n }), 'cancel_stop_order');
  });

  it('edit, TP/SL on a position, stop order', () => {
    expectVector(buildEditOrder({ symbol: 'BTC', price: '90000', amount: '0.5', orderId: 123456789 }), 'edit_order');
    expectVector(
      buildPositionTpsl({
        symbol: 'BTC',
        position: 'long',
        takeProfit: {
          stopPrice: '120000',
          limitPrice: '120300',
          amount: '0.1',
          clientOrderId: 'e36ac10b-58cc-4372-a567-0e02b2c3d479',
          triggerPriceType: 'last_trade_price',
        },
        stopLoss: { stopPrice: '99800' },
      }),
      'set_position_tpsl',
      { take_profit: { trigger_price_type: 'last_trade_price' }, stop_loss: { trigger_price_type: 'mark_price' } },
    );
    expectVector(
      buildStopOrder({
        symbol: 'BTC',
        side: 'ask',
        reduceOnly: true,
        stopPrice: '48000',
        limitPrice: '47950',
        amount: '0.1',
        clientOrderId: 'd25ac10b-58cc-4372-a567-0e02b2c3d479',
      }),
      'create_stop_order',
      { stop_order: { trigger_price_type: 'mark_price' } },
    );
  });

  it('account and agent wallet operations', () => {
    expectVector(buildUpdateLeverage({ symbol: 'BTC', leverage: 42 }), 'update_leverage');
    expectVector(buildUpdateMarginMode({ symbol: 'BTC', isolated: true }), 'update_margin_mode_isolated');
    expectVector(buildBindAgentWallet({ agentWallet: keys.agent.public_key_base58 }), 'bind_agent_wallet');
    expect(buildRevokeAgentWallet({ agentWallet: keys.agent.public_key_base58 })).toEqual({
      type: 'revoke_agent_wallet',
      payload: { agent_wallet: keys.agent.public_key_base58 },
    });
    expect(buildRevokeAllAgentWallets()).toEqual({ type: 'revoke_all_agent_wallets', payload: {} });
  });
});

describe('decimal handling', () => {
  it('writes plain-notation strings from Decimal and exponent strings', () => {
    const o = buildLimitOrder({
      symbol: 'kBONK',
      side: 'ask',
      price: new Decimal('1e-7'),
      amount: '2.5E+3',
      tif: 'IOC',
      clientOrderId: CLOID,
    });
    expect(o.payload.price).toBe('0.0000001');
    expect(o.payload.amount).toBe('2500');
  });

  it('keeps an id beyond 2^53 as a bigint and a safe bigint as a number', () => {
    expect(buildCancelOrder({ symbol: 'BTC', orderId: 2n ** 60n }).payload.order_id).toBe(2n ** 60n);
    expect(buildCancelOrder({ symbol: 'BTC', orderId: 7n }).payload.order_id).toBe(7);
  });

  it('omits absent optional fields instead of sending null', () => {
    const o = buildMarketOrder({ symbol: 'BTC', side: 'bid', amount: '1', slippagePercent: '1', clientOrderId: CLOID });
    expect(Object.keys(o.payload)).toEqual([
      'symbol',
      'reduce_only',
      'amount',
      'side',
      'slippage_percent',
      'client_order_id',
    ]);
  });

  it('newClientOrderId gives a fresh v4 UUID the builders accept', () => {
    const a = newClientOrderId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(newClientOrderId());
  });
});

describe('input validation (InvalidInputError before anything is signed)', () => {
  const base = { symbol: 'BTC', side: 'bid' as const, amount: '0.1', slippagePercent: '0.5', clientOrderId: CLOID };
  const limit = { ...base, price: '100000', tif: 'GTC' as const };
  const cases: [string, () => unknown, string][] = [
    ['a JS number amount', () => buildMarketOrder({ ...base, amount: 0.1 as unknown as string }), 'amount'],
    ['a zero amount', () => buildMarketOrder({ ...base, amount: '0' }), 'amount'],
    ['a negative price', () => buildLimitOrder({ ...limit, price: '-1' }), 'price'],
    ['a hex amount', () => buildMarketOrder({ ...base, amount: '0x10' }), 'amount'],
    ['NaN Decimal', () => buildMarketOrder({ ...base, amount: new Decimal(Number.NaN) }), 'amount'],
    ['100 % slippage', () => buildMarketOrder({ ...base, slippagePercent: '100' }), 'slippagePercent'],
    ['a bad side', () => buildMarketOrder({ ...base, side: 'buy' as 'bid' }), 'side'],
    ['a bad symbol', () => buildMarketOrder({ ...base, symbol: 'BTC USD' }), 'symbol'],
    ['a non-UUID client id', () => buildMarketOrder({ ...base, clientOrderId: 'order-1' }), 'clientOrderId'],
    ['FOK', () => buildLimitOrder({ ...limit, tif: 'FOK' as 'GTC' }), 'tif'],
    ['a bad TP trigger', () => buildLimitOrder({ ...limit, takeProfit: { stopPrice: '' } }), 'takeProfit.stopPrice'],
    ['both order ids', () => buildCancelOrder({ symbol: 'BTC', orderId: 1, clientOrderId: CLOID }), 'orderId'],
    ['no order id', () => buildCancelOrder({ symbol: 'BTC' }), 'orderId'],
    ['a float order id', () => buildCancelOrder({ symbol: 'BTC', orderId: 1.5 }), 'orderId'],
    ['a zero order id', () => buildEditOrder({ symbol: 'BTC', price: '1', amount: '1', orderId: 0n }), 'orderId'],
    ['fractional leverage', () => buildUpdateLeverage({ symbol: 'BTC', leverage: 2.5 }), 'leverage'],
    ['zero leverage', () => buildUpdateLeverage({ symbol: 'BTC', leverage: 0 }), 'leverage'],
    [
      'a string margin mode',
      () => buildUpdateMarginMode({ symbol: 'BTC', isolated: 'true' as unknown as boolean }),
      'isolated',
    ],
    ['TP/SL with neither leg', () => buildPositionTpsl({ symbol: 'BTC', position: 'long' }), 'takeProfit'],
    ['a bad agent wallet', () => buildBindAgentWallet({ agentWallet: 'not-a-key' }), 'agentWallet'],
    [
      'a stop order without amount',
      () => buildStopOrder({ symbol: 'BTC', side: 'ask', stopPrice: '1', amount: '' }),
      'amount',
    ],
  ];
  it.each(cases)('refuses %s', (_label, fn, field) => {
    expect(fn).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        context: expect.objectContaining({ field, venue: 'pacifica' }),
      }),
    );
  });
});
