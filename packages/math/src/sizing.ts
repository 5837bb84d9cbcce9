import { Decimal } from 'decimal.js';
import { ceilToStep, commonStep, floorToStep } from './steps.js';
import { invalidParameter, requireAmount, requireDecimal } from './validate.js';

/**
 * One venue's constraints on the leg it will carry. Sizes in base units, money in quote currency.
 *
 * The amounts (price, lot and minimum size, margin, fee) take a Decimal, a decimal string, a bigint or
 * a safe integer; a fractional JS number is refused so that no float ever becomes a price or size.
 * `leverage` is a ratio and may be any positive number.
 */
export interface VenueSizeLimits {
  /** Reference price of this leg (> 0), quote per base unit: mark or expected fill price. */
  price: Decimal.Value;
  /** Lot size (> 0), base units: order sizes must be multiples of it. */
  lotSize: Decimal.Value;
  /** Minimum order size (>= 0), base units. */
  minSize: Decimal.Value;
  /** Margin available for this leg, quote currency. Zero or negative means no capacity. */
  availableMargin: Decimal.Value;
  /** Leverage to open at (> 0), e.g. 5 for 5×. */
  leverage: Decimal.Value;
  /** Taker fee per fill (>= 0), fraction of notional; default 0. Entry and exit fees are reserved from the margin. */
  takerFee?: Decimal.Value;
}

/** Inputs of {@link pairPositionSize}. */
export interface PairPositionSizeParameters {
  /** Venue of one leg. */
  venueA: VenueSizeLimits;
  /** Venue of the other leg. */
  venueB: VenueSizeLimits;
  /** Largest notional per leg (>= 0), quote currency; applied at the higher of the two prices. */
  maxNotional: Decimal.Value;
  /** Share of available margin that may be used, in (0, 1]; default 0.95. */
  safetyFactor?: Decimal.Value;
}

/** Which constraint set the size. */
export type SizeLimit = 'venueA-margin' | 'venueB-margin' | 'max-notional';

/** A size that both venues accept. */
export interface PairPositionSizeOk {
  ok: true;
  /** Size for each leg, base units: a multiple of both lot sizes and >= both minimums. */
  size: Decimal;
  /** The lot step used: lcm of the two lot sizes, base units. */
  step: Decimal;
  /** size × venueA.price, quote currency. */
  notionalA: Decimal;
  /** size × venueB.price, quote currency. */
  notionalB: Decimal;
  /** The binding constraint. */
  limitedBy: SizeLimit;
}

/** No size satisfies every constraint: the capped size is below what one of the venues accepts. */
export interface PairPositionSizeTooSmall {
  ok: false;
  reason: 'below-minimum';
  /** Largest size the margin and notional caps allow, before lot rounding, base units. */
  maxSize: Decimal;
  /** Smallest size valid on both venues (a multiple of `step`, >= both minimums, > 0), base units. */
  minimumSize: Decimal;
  /** The lot step used: lcm of the two lot sizes, base units. */
  step: Decimal;
  /** The binding constraint. */
  limitedBy: SizeLimit;
}

/** Result of {@link pairPositionSize}: a discriminated union on `ok`. */
export type PairPositionSize = PairPositionSizeOk | PairPositionSizeTooSmall;

const DEFAULT_SAFETY_FACTOR = new Decimal('0.95');

// Largest notional whose initial margin plus entry and exit taker fees fit in the usable margin:
// N/L + 2·f·N <= M·s  ⇔  N <= M·s·L / (1 + 2·f·L).
function marginCapSize(venue: VenueSizeLimits, label: string, price: Decimal, safetyFactor: Decimal): Decimal {
  const margin = requireAmount(`${label}.availableMargin`, venue.availableMargin);
  const leverage = requireDecimal(`${label}.leverage`, venue.leverage, 'positive');
  const fee = requireAmount(`${label}.takerFee`, venue.takerFee ?? 0, 'nonNegative');
  const notional = margin.mul(safetyFactor).mul(leverage).div(fee.mul(2).mul(leverage).plus(1));
  return Decimal.max(notional, 0).div(price);
}

/**
 * Size for a delta-neutral pair: one size for both legs that both venues accept and both margins carry.
 *
 * The size is the smallest of: each venue's available margin × safety factor × leverage (minus a
 * reserve for the entry and exit taker fees), divided by that venue's price; and `maxNotional` at the
 * higher price. It is then floored to the lcm of the two lot sizes, so it is a valid multiple on both
 * venues even when neither lot divides the other.
 *
 * A size that ends up below either venue's minimum is an expected outcome (not enough margin), so it is
 * returned as `{ ok: false, reason: 'below-minimum' }` rather than thrown; only malformed inputs throw.
 *
 * @param params - see {@link PairPositionSizeParameters}
 * @returns `{ ok: true, size, step, notionalA, notionalB, limitedBy }` or
 *   `{ ok: false, reason: 'below-minimum', maxSize, minimumSize, step, limitedBy }`; sizes in base units
 * @throws {MathInputError} `MATH_INVALID_PARAMETER` for a price, lot size or leverage <= 0, a negative
 *   minimum size, fee or max notional, a safety factor outside (0, 1], or any non-finite value
 *
 * @example
 * ```ts
 * const result = pairPositionSize({
 *   venueA: { price: '60000', lotSize: '0.001', minSize: '0.001', availableMargin: '1000', leverage: 5, takerFee: '0.00025' },
 *   venueB: { price: '60010', lotSize: '0.0025', minSize: '0.005', availableMargin: '800', leverage: 5, takerFee: '0.0004' },
 *   maxNotional: '10000',
 * });
 * if (result.ok) placeBothLegs(result.size);
 * else log.warn(`need ${result.minimumSize}, can afford ${result.maxSize}`);
 * ```
 */
export function pairPositionSize(params: PairPositionSizeParameters): PairPositionSize {
  const safetyFactor = requireDecimal('safetyFactor', params.safetyFactor ?? DEFAULT_SAFETY_FACTOR, 'positive');
  if (safetyFactor.gt(1)) throw invalidParameter('safetyFactor', params.safetyFactor, 'a number in (0, 1]');
  const { venueA, venueB } = params;
  const priceA = requireAmount('venueA.price', venueA.price, 'positive');
  const priceB = requireAmount('venueB.price', venueB.price, 'positive');
  const step = commonStep(
    requireAmount('venueA.lotSize', venueA.lotSize, 'positive'),
    requireAmount('venueB.lotSize', venueB.lotSize, 'positive'),
  );
  const minA = requireAmount('venueA.minSize', venueA.minSize, 'nonNegative');
  const minB = requireAmount('venueB.minSize', venueB.minSize, 'nonNegative');
  const maxNotional = requireAmount('maxNotional', params.maxNotional, 'nonNegative');

  const caps: { limit: SizeLimit; size: Decimal }[] = [
    { limit: 'venueA-margin', size: marginCapSize(venueA, 'venueA', priceA, safetyFactor) },
    { limit: 'venueB-margin', size: marginCapSize(venueB, 'venueB', priceB, safetyFactor) },
    { limit: 'max-notional', size: maxNotional.div(Decimal.max(priceA, priceB)) },
  ];
  const binding = caps.reduce((min, cap) => (cap.size.lt(min.size) ? cap : min));
  const size = floorToStep(binding.size, step);
  const minimumSize = Decimal.max(ceilToStep(Decimal.max(minA, minB), step), step);

  if (size.lt(minimumSize)) {
    return { ok: false, reason: 'below-minimum', maxSize: binding.size, minimumSize, step, limitedBy: binding.limit };
  }
  return {
    ok: true,
    size,
    step,
    notionalA: size.mul(priceA),
    notionalB: size.mul(priceB),
    limitedBy: binding.limit,
  };
}
