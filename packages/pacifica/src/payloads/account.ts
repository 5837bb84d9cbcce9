import { assertPublicKey } from '../signing/keys.js';
import { PacificaOperation } from '../signing/operation-types.js';
import type { PacificaAction } from './action.js';
import { bool, integerInRange, symbol } from './validate.js';

/** Loose sanity bound; each market's `max_leverage` (from /info) is the real limit. */
export const PACIFICA_MAX_LEVERAGE_BOUND = 1000;

export interface UpdateLeveragePayload {
  symbol: string;
  leverage: number;
}

/** `update_leverage` (POST /account/leverage). With a position open, leverage can only be raised. */
export function buildUpdateLeverage(params: {
  symbol: string;
  leverage: number;
}): PacificaAction<typeof PacificaOperation.UpdateLeverage, UpdateLeveragePayload> {
  return {
    type: PacificaOperation.UpdateLeverage,
    payload: {
      symbol: symbol(params.symbol),
      leverage: integerInRange(params.leverage, 'leverage', 1, PACIFICA_MAX_LEVERAGE_BOUND),
    },
  };
}

export interface UpdateMarginModePayload {
  symbol: string;
  is_isolated: boolean;
}

/** `update_margin_mode` (POST /account/margin). Refused by the venue while a position is open. */
export function buildUpdateMarginMode(params: {
  symbol: string;
  isolated: boolean;
}): PacificaAction<typeof PacificaOperation.UpdateMarginMode, UpdateMarginModePayload> {
  return {
    type: PacificaOperation.UpdateMarginMode,
    payload: { symbol: symbol(params.symbol), is_isolated: bool(params.isolated, 'isolated') },
  };
}

export interface AgentWalletParams {
  agentWallet: string;
}

export interface AgentWalletPayload {
  agent_wallet: string;
}

type AgentWalletOperation = typeof PacificaOperation.BindAgentWallet | typeof PacificaOperation.RevokeAgentWallet;

function agentWalletAction<T extends AgentWalletOperation>(
  type: T,
  params: AgentWalletParams,
): PacificaAction<T, AgentWalletPayload> {
  return { type, payload: { agent_wallet: assertPublicKey(params.agentWallet, 'agentWallet') } };
}

/** `bind_agent_wallet` (POST /agent/bind). Must be signed by the main account key, not the agent. */
export function buildBindAgentWallet(params: AgentWalletParams) {
  return agentWalletAction(PacificaOperation.BindAgentWallet, params);
}

/** `revoke_agent_wallet` (POST /agent/revoke). Signed by the main account key. */
export function buildRevokeAgentWallet(params: AgentWalletParams) {
  return agentWalletAction(PacificaOperation.RevokeAgentWallet, params);
}

/** `revoke_all_agent_wallets` (POST /agent/revoke_all). Signed by the main account key. */
export function buildRevokeAllAgentWallets(): PacificaAction<
  typeof PacificaOperation.RevokeAllAgentWallets,
  Record<string, never>
> {
  return { type: PacificaOperation.RevokeAllAgentWallets, payload: {} };
}
