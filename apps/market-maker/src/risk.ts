import type { Decimal } from '@dn/core';
import type { MarketMakerConfig } from './config.js';

export interface RiskInputs {
  /** Signed net position of the quoted markets in USD at mid (long > 0). */
  netPositionUsd: Decimal;
  openOrders: number;
  /** Account equity, USD; undefined when not read yet (then nothing may add). */
  equity: Decimal | undefined;
}

export interface RiskGate {
  allowBuy: boolean;
  allowSell: boolean;
  /** Why a side is off, for the console and alerts. Empty when both sides may quote. */
  breaches: string[];
}

/**
 * The seed's risk manager: a breach zeroes the side that would add to the exposure, never the side that reduces it.
 * Open orders at the limit and equity below the minimum stop both adding sides (any new order adds margin use).
 */
export function riskGate(risk: MarketMakerConfig['risk'], x: RiskInputs): RiskGate {
  const breaches: string[] = [];
  let allowBuy = true;
  let allowSell = true;
  if (x.netPositionUsd.gte(risk.max_net_position_usd)) {
    allowBuy = false;
    breaches.push(`net position ${x.netPositionUsd.toFixed(2)} USD ≥ ${risk.max_net_position_usd} (no bids)`);
  }
  if (x.netPositionUsd.lte(risk.max_net_position_usd.neg())) {
    allowSell = false;
    breaches.push(`net position ${x.netPositionUsd.toFixed(2)} USD ≤ −${risk.max_net_position_usd} (no asks)`);
  }
  const long = x.netPositionUsd.gt(0);
  const short = x.netPositionUsd.lt(0);
  if (x.openOrders >= risk.max_open_orders) {
    breaches.push(`${x.openOrders} open orders ≥ ${risk.max_open_orders}`);
    if (!short) allowBuy = false;
    if (!long) allowSell = false;
  }
  if (x.equity === undefined || x.equity.lt(risk.min_balance_usd)) {
    breaches.push(
      x.equity === undefined ? 'equity unknown' : `equity ${x.equity.toFixed(2)} < ${risk.min_balance_usd} USD`,
    );
    if (!short) allowBuy = false;
    if (!long) allowSell = false;
  }
  return { allowBuy, allowSell, breaches };
}
