import { InvalidInputError } from '../errors/index.js';
import { ceilToStep, Decimal, floorToStep } from '../types/decimal.js';
import type { Side } from '../types/domain.js';

/**
 * The limit price of a "market" order: the best opposite price moved by `band` (a fraction, 0.01 = 1 %) toward the
 * aggressive side, rounded to the tick back toward the best price so the limit never leaves the band, and never less
 * aggressive than the best price itself (a band narrower than one tick still crosses the book).
 * @example marketablePrice('buy', new Decimal('100.03'), new Decimal('0.01'), new Decimal('0.1')) // 101.0
 * @throws InvalidInputError when the band is not in (0, 1) or the best price / tick is not positive.
 */
export function marketablePrice(side: Side, best: Decimal, band: Decimal, tick: Decimal): Decimal {
  if (!band.gt(0) || !band.lt(1)) {
    throw new InvalidInputError('slippage band must be in (0, 1)', { field: 'slippage', value: band.toString() });
  }
  if (!best.gt(0))
    throw new InvalidInputError('best price must be positive', { field: 'price', value: best.toString() });
  if (!tick.gt(0))
    throw new InvalidInputError('tick size must be positive', { field: 'tickSize', value: tick.toString() });
  if (side === 'buy') return Decimal.max(floorToStep(best.mul(band.add(1)), tick), ceilToStep(best, tick));
  return Decimal.min(ceilToStep(best.mul(new Decimal(1).sub(band)), tick), floorToStep(best, tick));
}
