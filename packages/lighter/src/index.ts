// Signing (pure, synchronous, no I/O).
export { type AuthTokenParameters, createAuthToken } from './signing/auth-token.js';
export {
  CANCEL_ALL_TIME_IN_FORCE,
  LIGHTER_CHAIN_ID,
  LIMITS,
  MARGIN_MODE,
  ORDER_TYPE,
  SELF_TRADE_BEHAVIOR,
  SELF_TRADE_EQUALITY,
  TIME_IN_FORCE,
  TX_ATTRIBUTE,
  TX_TYPE,
} from './signing/constants.js';
export { generateLighterPrivateKey, lighterPrivateKeyFromSeed, lighterPublicKey } from './signing/keys.js';
export { hashNToMNoPad, hashToQuintic, poseidon2Permute } from './signing/poseidon2.js';
export { schnorrSign, schnorrVerify } from './signing/schnorr.js';
export type {
  CancelAllOrdersFields,
  CancelOrderFields,
  CreateOrderFields,
  IntLike,
  L2TxAttributes,
  ModifyOrderFields,
  SupportedTxType,
  TxFieldsByType,
  UpdateLeverageFields,
} from './signing/tx-fields.js';
export { txHash } from './signing/tx-hash.js';
export { signTx } from './signing/tx-info.js';
