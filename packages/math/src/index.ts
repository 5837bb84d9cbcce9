export {
  type AvellanedaStoikovParameters,
  avellanedaStoikovQuotes,
  avellanedaStoikovReservationPrice,
  avellanedaStoikovSpread,
} from './avellaneda-stoikov.js';
export type { Candle } from './candles.js';
export { isMathInputError, type MathErrorCode, type MathErrorContextMap, MathInputError } from './errors.js';
export {
  breakEvenApr,
  breakEvenHoldHours,
  type FundingLeg,
  fundingApr,
  HOURS_PER_YEAR,
  hourlyFundingRate,
  type NetFundingApr,
  type NetFundingAprParameters,
  netFundingApr,
  type PairFundingApr,
  pairFundingApr,
  type RoundTripCostParameters,
  roundTripCost,
} from './funding.js';
export { type GlftCoefficients, type GlftParameters, glftCoefficients, glftQuotes } from './glft.js';
export {
  type HedgeRatioFromCandlesOptions,
  type HedgeRatioOptions,
  type HedgeRatioResult,
  hedgeRatioFromCandles,
  hedgeRatioFromReturns,
} from './hedge-ratio.js';
export { type ArrivalObservation, fitIntensity, type IntensityFit, intensityAt } from './intensity.js';
export { type Quotes, roundQuotesToTick } from './quotes.js';
export { computeReturns, type ReturnKind } from './returns.js';
export {
  type PairPositionSize,
  type PairPositionSizeOk,
  type PairPositionSizeParameters,
  type PairPositionSizeTooSmall,
  pairPositionSize,
  type SizeLimit,
  type VenueSizeLimits,
} from './sizing.js';
export { commonStep } from './steps.js';
export {
  type EwmaVolatilityOptions,
  ewmaVolatility,
  rescaleVolatility,
  rollingVolatility,
  sampleVolatility,
  updateEwmaVariance,
} from './volatility.js';
