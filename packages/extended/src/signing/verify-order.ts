import { InvalidInputError } from '@dn/core';
import {
  entirePositionSize,
  type OrderSide,
  settlementAmounts,
  settlementExpirationSeconds,
  settlementOrder,
} from './amounts.js';
import { type Dec, toDec } from './decimal.js';
import type { StarknetDomain } from './domain.js';
import { verifyStarkSignature } from './ecdsa.js';
import { parseInteger, toHex } from './felt.js';
import { orderMessageHashBigInt } from './order-hash.js';
import type { ExtendedL2Config, ExtendedOrderBody, ExtendedSettlement, ExtendedTradingConfig } from './order-types.js';

/** What a verifier needs of a market: l2Config always, tradingConfig for entire-position TP/SL. */
export interface OrderVerificationMarket {
  l2Config: ExtendedL2Config;
  tradingConfig?: Pick<ExtendedTradingConfig, 'maxPositionValue' | 'minOrderSizeChange'>;
}

/** Settlement-relevant fields of a received order body (a parsed POST /user/order body fits). */
export type ReceivedOrderBody = Pick<
  ExtendedOrderBody,
  'type' | 'side' | 'qty' | 'price' | 'fee' | 'expiryEpochMillis' | 'nonce'
> & {
  builderFee?: string | null;
  tpSlType?: ExtendedOrderBody['tpSlType'] | null;
  settlement?: ExtendedSettlement | null;
  takeProfit?: { price: string; settlement: ExtendedSettlement } | null;
  stopLoss?: { price: string; settlement: ExtendedSettlement } | null;
};

export type SettlementPart = 'order' | 'takeProfit' | 'stopLoss';

export interface SettlementCheck {
  part: SettlementPart;
  /** Recomputed message hash, 0x-hex. */
  msgHash: string;
  /** Whether `settlement.signature` verifies against `settlement.starkKey`. */
  valid: boolean;
}

/**
 * Recomputes the message hash of a received order's own settlement from its human fields, the
 * market's l2Config and the domain, exactly as {@link buildOrder} signed it. The public key and
 * vault are taken from `body.settlement`; callers must still check they belong to the account.
 * @throws InvalidInputError when the body is malformed or has no settlement (TPSL orders).
 */
export function orderBodyMessageHash(
  body: ReceivedOrderBody,
  market: OrderVerificationMarket,
  domain: StarknetDomain,
): string {
  if (!body.settlement) throw malformed('settlement', 'order has no settlement (TPSL orders only settle children)');
  const leg: Leg = {
    part: 'order',
    settlement: body.settlement,
    side: body.side,
    qty: toDec(body.qty, 'qty'),
    price: toDec(body.price, 'price'),
  };
  return toHex(hashPart(body, leg, market, domain));
}

/**
 * Verifies every settlement in a received order body (the order's own, and TP/SL children),
 * for the simulator or an audit. Each signature is checked against its `starkKey`.
 * @throws InvalidInputError when the body is malformed (missing fields, bad numbers).
 */
export function verifyOrderBody(
  body: ReceivedOrderBody,
  market: OrderVerificationMarket,
  domain: StarknetDomain,
): { valid: boolean; checks: SettlementCheck[] } {
  const side = body.side;
  if (side !== 'BUY' && side !== 'SELL') throw malformed('side', 'expected BUY or SELL');
  const checks: SettlementCheck[] = [];
  const qty = toDec(body.qty, 'qty');
  if (body.type !== 'TPSL') {
    if (!body.settlement) throw malformed('settlement', 'missing');
    const price = toDec(body.price, 'price');
    checks.push(check(body, { part: 'order', settlement: body.settlement, side, qty, price }, market, domain));
  } else if (body.settlement) {
    throw malformed('settlement', 'TPSL orders carry settlements only on their children');
  }
  const childSide: OrderSide = body.type === 'TPSL' ? side : side === 'BUY' ? 'SELL' : 'BUY';
  for (const part of ['takeProfit', 'stopLoss'] as const) {
    const child = body[part];
    if (!child) continue;
    const price = toDec(child.price, `${part}.price`);
    let childQty = qty;
    if (body.tpSlType === 'POSITION') {
      if (!market.tradingConfig) throw malformed('tradingConfig', 'needed to size entire-position TP/SL');
      childQty = entirePositionSize(
        price,
        market.tradingConfig.maxPositionValue,
        market.tradingConfig.minOrderSizeChange,
      );
    }
    const leg: Leg = { part, settlement: child.settlement, side: childSide, qty: childQty, price };
    checks.push(check(body, leg, market, domain));
  }
  if (checks.length === 0) throw malformed('settlement', 'no settlement to verify');
  return { valid: checks.every((c) => c.valid), checks };
}

/** One signed settlement of a body: the order's own or a TP/SL child's, with the side and size it signs. */
interface Leg {
  part: SettlementPart;
  settlement: ExtendedSettlement;
  side: OrderSide;
  qty: Dec;
  price: Dec;
}

function check(
  body: ReceivedOrderBody,
  leg: Leg,
  market: OrderVerificationMarket,
  domain: StarknetDomain,
): SettlementCheck {
  const hash = hashPart(body, leg, market, domain);
  const valid = verifyStarkSignature(hash, leg.settlement.signature ?? { r: 0n, s: 0n }, leg.settlement.starkKey);
  return { part: leg.part, msgHash: toHex(hash), valid };
}

function hashPart(body: ReceivedOrderBody, leg: Leg, market: OrderVerificationMarket, domain: StarknetDomain): bigint {
  try {
    const l2 = market.l2Config;
    const feeRate = body.builderFee ? toDec(body.fee, 'fee').plus(toDec(body.builderFee, 'builderFee')) : body.fee;
    const amounts = settlementAmounts({
      side: leg.side,
      qty: leg.qty,
      price: leg.price,
      feeRate,
      syntheticResolution: parseInteger(l2.syntheticResolution, 'syntheticResolution', 1n, 10n ** 18n),
      collateralResolution: parseInteger(l2.collateralResolution, 'collateralResolution', 1n, 10n ** 18n),
    });
    const expiry = parseInteger(body.expiryEpochMillis, 'expiryEpochMillis', 0n, BigInt(Number.MAX_SAFE_INTEGER));
    return orderMessageHashBigInt(
      settlementOrder(l2, amounts, {
        positionId: leg.settlement.collateralPosition,
        expiration: settlementExpirationSeconds(expiry),
        salt: body.nonce,
      }),
      domain,
      leg.settlement.starkKey,
    );
  } catch (cause) {
    if (cause instanceof InvalidInputError) throw cause;
    throw new InvalidInputError(
      `Malformed order body (${leg.part})`,
      { field: leg.part, venue: 'extended' },
      cause instanceof Error ? cause.message : String(cause),
    );
  }
}

function malformed(field: string, reason: string): InvalidInputError {
  return new InvalidInputError(`Malformed order body: ${field}`, { field, expected: reason, venue: 'extended' });
}
