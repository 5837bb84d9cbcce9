import type { Decimal } from 'decimal.js';
import { MathInputError } from './errors.js';
import { ceilToStep, floorToStep } from './steps.js';
import { requireAmount } from './validate.js';

/** Two-sided quotes from a market-making model. Prices in quote currency per unit. */
export interface Quotes {
  /** Mid price the quotes were computed from. */
  mid: Decimal;
  /** Inventory-adjusted indifference price the quotes are centred on. */
  reservationPrice: Decimal;
  /** Bid price. */
  bid: Decimal;
  /** Ask price. */
  ask: Decimal;
  /** mid − bid (may be negative when a large short inventory pushes the bid above the mid). */
  bidDistance: Decimal;
  /** ask − mid (may be negative when a large long inventory pushes the ask below the mid). */
  askDistance: Decimal;
  /** ask − bid (> 0). */
  spread: Decimal;
}

/** Assembles quotes and refuses a non-positive bid, the usual symptom of σ/γ/κ in mismatched units. */
export function buildQuotes(mid: Decimal, reservationPrice: Decimal, bid: Decimal, ask: Decimal): Quotes {
  if (bid.lte(0)) {
    throw new MathInputError(
      'MATH_QUOTE_OUT_OF_RANGE',
      `Model bid ${bid.toString()} is not positive (mid ${mid.toString()}): check that σ is in price units and γ, κ, q use the same units`,
      { mid: mid.toString(), bid: bid.toString(), ask: ask.toString() },
    );
  }
  return {
    mid,
    reservationPrice,
    bid,
    ask,
    bidDistance: mid.minus(bid),
    askDistance: ask.minus(mid),
    spread: ask.minus(bid),
  };
}

/**
 * Rounds model quotes onto a venue's tick grid, away from the mid (bid down, ask up), so rounding never
 * tightens the spread the model asked for.
 *
 * @param quotes - output of {@link avellanedaStoikovQuotes} or {@link glftQuotes}
 * @param tick - price tick (> 0), quote currency per unit
 * @returns the same quotes with `bid` floored and `ask` ceiled to the tick; distances and spread recomputed
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a tick <= 0; `MATH_QUOTE_OUT_OF_RANGE` when the
 *   bid floors to zero
 *
 * @example
 * ```ts
 * roundQuotesToTick(avellanedaStoikovQuotes(params), '0.1');
 * ```
 */
export function roundQuotesToTick(quotes: Quotes, tick: Decimal.Value): Quotes {
  const step = requireAmount('tick', tick, 'positive');
  return buildQuotes(quotes.mid, quotes.reservationPrice, floorToStep(quotes.bid, step), ceilToStep(quotes.ask, step));
}
