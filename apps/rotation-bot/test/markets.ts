import { Decimal, type Market } from '@dn/core';

/** A perp market as a venue lists it: tick 0.01, lot and minimum 0.001, 20× leverage, fees 0.02 % / 0.05 %. */
export function testMarket(symbol: string, fundingIntervalHours = 1): Market {
  return {
    symbol,
    venueSymbol: `${symbol}-USD`,
    tickSize: new Decimal('0.01'),
    lotSize: new Decimal('0.001'),
    minSize: new Decimal('0.001'),
    maxLeverage: new Decimal(20),
    makerFee: new Decimal('0.0002'),
    takerFee: new Decimal('0.0005'),
    fundingIntervalHours,
    active: true,
  };
}
