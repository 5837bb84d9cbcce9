import { SigningError } from '@dn/core';
import { Point } from '@scure/starknet';
import {
  entirePositionSize,
  type SettlementAmounts,
  settlementAmounts,
  settlementExpirationSeconds,
  settlementOrder,
} from './amounts.js';
import { type Dec, formatDec, toDec } from './decimal.js';
import type { StarknetDomain } from './domain.js';
import { signScalar } from './ecdsa.js';
import { parseFelt, toHex } from './felt.js';
import { parseStarkPrivateKey } from './keys.js';
import type { StarkNoncePool } from './nonce-pool.js';
import { orderMessageHashBigInt } from './order-hash.js';
import type {
  BuildOrderParameters,
  BuildOrderReturnType,
  ExtendedAccount,
  ExtendedDebuggingAmounts,
  ExtendedMarketConfig,
  ExtendedOrderBody,
  ExtendedSettlement,
  ExtendedTpSlTrigger,
  OrderSide,
  TpSlTriggerParameters,
} from './order-types.js';
import { type NormalizedOrder, validateOrder } from './order-validation.js';

/**
 * Builds the signed body of `POST /api/v1/user/order` from a human order, exactly as the official
 * Python SDK's `create_order_object` does: amounts scaled and rounded per side, settlement
 * expiration = ceil(expiry s) + 14 days, TP/SL children signed with the same nonce/expiration/fee,
 * default id = decimal message hash of the parent settlement (also for TPSL orders, whose own
 * settlement is not sent).
 *
 * Pure and synchronous: the caller supplies nonce and expiry (from its nonce manager and clock).
 * @throws InvalidInputError for an order the SDK or the venue would refuse (nothing is signed).
 * @throws SigningError for a malformed key (the key is never included in the error).
 * @example
 * const { body } = buildOrder({
 *   market, account, domain: EXTENDED_MAINNET_DOMAIN,
 *   side: 'BUY', qty: '0.001', price: '43445.1', fee: '0.00025',
 *   expiryEpochMillis: Date.now() + 3_600_000, nonce: 1473459052,
 * });
 */
export function buildOrder(params: BuildOrderParameters): BuildOrderReturnType {
  const order = validateOrder(params);
  const privateKey = parseStarkPrivateKey(params.account.privateKey);
  const publicKey = resolvePublicKey(params.account, privateKey);
  const settlementExpiration = settlementExpirationSeconds(order.expiryEpochMillis);
  const signer: SettlementSigner = {
    market: params.market,
    domain: params.domain,
    privateKey,
    publicKey,
    vault: order.vault,
    order,
    feeRate: order.builderFee === undefined ? order.fee : order.fee.plus(order.builderFee),
    expiration: settlementExpiration,
    ...(params.nonces ? { nonces: params.nonces } : {}),
  };

  const parent = signSettlement(signer, order.side, order.qty, order.price);
  const childSide: OrderSide = order.type === 'TPSL' ? order.side : opposite(order.side);
  const child = (trigger: TpSlTriggerParameters | undefined): ExtendedTpSlTrigger | undefined =>
    trigger === undefined ? undefined : buildTpSlChild(signer, trigger, childSide);

  const externalId = params.externalId ?? parent.hash.toString(10);
  const body: ExtendedOrderBody = {
    id: externalId,
    market: params.market.name,
    type: order.type,
    side: order.side,
    qty: formatDec(order.qty),
    price: formatDec(order.price),
    reduceOnly: order.reduceOnly,
    postOnly: order.postOnly,
    timeInForce: order.timeInForce,
    expiryEpochMillis: Number(order.expiryEpochMillis),
    fee: formatDec(order.fee),
    nonce: order.nonce.toString(),
    selfTradeProtectionLevel: order.selfTradeProtectionLevel,
    ...(params.cancelId !== undefined && { cancelId: params.cancelId }),
    ...(order.type !== 'TPSL' && { settlement: parent.settlement }),
    ...(params.trigger !== undefined && {
      trigger: {
        triggerPrice: formatDec(toDec(params.trigger.triggerPrice, 'trigger.triggerPrice')),
        triggerPriceType: params.trigger.triggerPriceType,
        direction: params.trigger.direction,
        executionPriceType: params.trigger.executionPriceType,
      },
    }),
    ...(order.tpSlType !== undefined && { tpSlType: order.tpSlType }),
    ...(params.takeProfit !== undefined && { takeProfit: child(params.takeProfit) }),
    ...(params.stopLoss !== undefined && { stopLoss: child(params.stopLoss) }),
    debuggingAmounts: debuggingAmounts(parent.amounts),
    ...(order.builderFee !== undefined && { builderFee: formatDec(order.builderFee) }),
    ...(order.builderId !== undefined && { builderId: order.builderId }),
  };
  return { body, orderHash: toHex(parent.hash), externalId, settlementExpiration };
}

/**
 * An account with its public key derived once, so {@link buildOrder} does not redo the curve
 * multiplication for every order.
 * @throws SigningError for a malformed key.
 */
export function createExtendedAccount(account: {
  vault: number | string | bigint;
  privateKey: string;
}): Readonly<Required<ExtendedAccount>> {
  const d = parseStarkPrivateKey(account.privateKey);
  return Object.freeze({
    vault: account.vault,
    privateKey: account.privateKey,
    publicKey: toHex(Point.BASE.multiply(d).toAffine().x),
  });
}

interface SettlementSigner {
  market: ExtendedMarketConfig;
  domain: StarknetDomain;
  privateKey: bigint;
  publicKey: bigint;
  vault: bigint;
  order: NormalizedOrder;
  feeRate: Dec;
  expiration: bigint;
  nonces?: StarkNoncePool;
}

interface SignedSettlement {
  hash: bigint;
  amounts: SettlementAmounts;
  settlement: ExtendedSettlement;
}

function signSettlement(s: SettlementSigner, side: OrderSide, qty: Dec, price: Dec): SignedSettlement {
  const amounts = settlementAmounts({
    side,
    qty,
    price,
    feeRate: s.feeRate,
    syntheticResolution: s.order.syntheticResolution,
    collateralResolution: s.order.collateralResolution,
  });
  const hash = orderMessageHashBigInt(
    settlementOrder(s.market.l2Config, amounts, { positionId: s.vault, expiration: s.expiration, salt: s.order.nonce }),
    s.domain,
    s.publicKey,
  );
  const { r, s: sigS } = s.nonces?.sign(hash, s.privateKey) ?? signScalar(hash, s.privateKey);
  return {
    hash,
    amounts,
    settlement: {
      signature: { r: toHex(r), s: toHex(sigS) },
      starkKey: toHex(s.publicKey),
      collateralPosition: s.vault.toString(),
    },
  };
}

function buildTpSlChild(s: SettlementSigner, trigger: TpSlTriggerParameters, side: OrderSide): ExtendedTpSlTrigger {
  const price = toDec(trigger.price, 'price');
  const qty =
    s.order.tpSlType === 'POSITION'
      ? entirePositionSize(price, s.market.tradingConfig.maxPositionValue, s.market.tradingConfig.minOrderSizeChange)
      : s.order.qty;
  const signed = signSettlement(s, side, qty, price);
  return {
    triggerPrice: formatDec(toDec(trigger.triggerPrice, 'triggerPrice')),
    triggerPriceType: trigger.triggerPriceType,
    price: formatDec(price),
    priceType: trigger.priceType,
    settlement: signed.settlement,
    debuggingAmounts: debuggingAmounts(signed.amounts),
  };
}

function resolvePublicKey(account: ExtendedAccount, privateKey: bigint): bigint {
  if (account.publicKey === undefined) return Point.BASE.multiply(privateKey).toAffine().x;
  if (typeof account.publicKey !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(account.publicKey)) {
    throw new SigningError('Malformed Stark public key', {
      scheme: 'stark-ecdsa',
      field: 'account.publicKey',
      reason: 'expected 0x-hex',
    });
  }
  return parseFelt(account.publicKey, 'account.publicKey');
}

function debuggingAmounts(a: SettlementAmounts): ExtendedDebuggingAmounts {
  return {
    collateralAmount: a.collateral.toString(),
    feeAmount: a.fee.toString(),
    syntheticAmount: a.synthetic.toString(),
  };
}

function opposite(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
