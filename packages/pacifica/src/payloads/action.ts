import type { PacificaOperationType } from '../signing/operation-types.js';

/** A payload paired with the operation type it must be signed under. */
export interface PacificaAction<T extends PacificaOperationType, P extends object> {
  type: T;
  payload: P;
}
