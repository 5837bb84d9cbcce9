import type { Market } from '@dn/core';

/** A market's steps, limits, fees and funding interval as plain values, to compare with one `toEqual`. */
export function marketFigures(m: Market | undefined) {
  return {
    tickSize: m?.tickSize.toFixed(),
    lotSize: m?.lotSize.toFixed(),
    minNotional: m?.minNotional?.toFixed(),
    maxLeverage: m?.maxLeverage.toFixed(),
    makerFee: m?.makerFee.toFixed(),
    takerFee: m?.takerFee.toFixed(),
    fundingIntervalHours: m?.fundingIntervalHours,
  };
}
