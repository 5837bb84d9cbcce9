import { type Clock, type DecimalInput, InvalidInputError, toDecimal, type VenueId } from '@dn/core';
import type { EngineConfig, SelfTradePrevention } from './engine-core.js';
import type { SimMarket } from './markets.js';
import type { SimEngineEvents } from './types.js';
import { GRID_MS, type SimWorld } from './world.js';

export interface SimAccountInit {
  id: string;
  /** Initial deposit (a `deposit` ledger entry). */
  collateral?: DecimalInput;
  leverage?: Record<string, DecimalInput>;
}

export interface SimEngineOptions {
  venue: VenueId;
  world: SimWorld;
  clock: Clock;
  /** Default: the world's symbols this venue lists (`defaultMarkets`, `listedSymbols`); required for unknown venues. */
  markets?: SimMarket[];
  accounts?: SimAccountInit[];
  /** Seeds the venue's own randomness (basis, book noise, funding, faults). */
  seed: number;
  /** Leverage of a market until `setLeverage`; default min(10, maxLeverage). */
  defaultLeverage?: DecimalInput;
  /** How long taken book liquidity takes to come back, ms. Default 10 000. */
  liquidityRecoveryMs?: number;
  /** Grid of margin checks, ms (a multiple of 1000). Default 60 000: liquidation happens at the first check after. */
  liquidationCheckMs?: number;
  /** What happens when a taker meets its own resting order. Default `cancel_resting`. */
  selfTradePrevention?: SelfTradePrevention;
  /** Terminal orders kept per account (oldest dropped). Default 50 000. */
  maxRetainedOrders?: number;
  /** Where errors thrown by event listeners go. Default: rethrown asynchronously (they surface, the engine goes on). */
  onListenerError?: (error: unknown, event: keyof SimEngineEvents) => void;
}

/** The engine's settings with their defaults. @throws InvalidInputError on a bad leverage or check grid. */
export function engineConfig(options: SimEngineOptions): EngineConfig {
  const defaultLeverage =
    options.defaultLeverage === undefined ? undefined : toDecimal(options.defaultLeverage, 'defaultLeverage');
  const recoveryMs = options.liquidityRecoveryMs ?? 10_000;
  const liqCheckMs = options.liquidationCheckMs ?? 60_000;
  if (!Number.isSafeInteger(liqCheckMs) || liqCheckMs < GRID_MS || liqCheckMs % GRID_MS !== 0) {
    throw new InvalidInputError('liquidationCheckMs must be a positive multiple of 1000', {
      field: 'liquidationCheckMs',
      value: liqCheckMs,
    });
  }
  return {
    defaultLeverage,
    recoveryMs,
    liqCheckMs,
    stp: options.selfTradePrevention ?? 'cancel_resting',
    maxRetainedOrders: options.maxRetainedOrders ?? 50_000,
  };
}
