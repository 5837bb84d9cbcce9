export { cholesky, DEFAULT_ASSETS, MAJOR_ASSETS, oneFactorCorrelation, type SimAssetSpec } from './assets.js';
export {
  type SelfTradePrevention,
  type SimAccountInit,
  SimEngine,
  type SimEngineOptions,
} from './engine.js';
export { EngineVenue } from './engine-venue.js';
export { isSimRejectError, type SimRejectCode, type SimRejectContext, SimRejectError } from './errors.js';
export { EngineFaults, type EngineFaultsState } from './faults.js';
export { defaultMarkets, listedSymbols, type SimFundingModel, type SimMarket } from './markets.js';
export { seedFor } from './random.js';
export type {
  EncodedAccount,
  EncodedMarketState,
  SimEngineOptionsState,
  SimEngineSnapshot,
} from './snapshot.js';
export { SNAPSHOT_VERSION } from './snapshot.js';
export type { TakerFlowConfig, TakerFlowParams } from './taker-flow.js';
export type {
  LedgerEntry,
  LedgerType,
  SimAccountSummary,
  SimBook,
  SimCancelReason,
  SimEngineEvents,
  SimFill,
  SimFundingInfo,
  SimFundingPayment,
  SimFundingRecord,
  SimHistoryQuery,
  SimLiquidationEvent,
  SimOrder,
  SimPlaceResult,
  SimPosition,
  SimStats,
  SimTrade,
} from './types.js';
export {
  GRID_MS,
  HOUR_MS,
  type SimShock,
  SimWorld,
  type SimWorldDescriptor,
  type SimWorldOptions,
} from './world.js';
