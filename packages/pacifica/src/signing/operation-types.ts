/**
 * The signed `type` of every Pacifica operation (venues/pacifica.md §4.6), collected from the
 * official python-sdk scripts, the docs' operation-types page, pacifica-mcp, ccxt and blackcube.
 */
export const PacificaOperation = {
  // Trading
  CreateOrder: 'create_order',
  CreateMarketOrder: 'create_market_order',
  CreateStopOrder: 'create_stop_order',
  CancelOrder: 'cancel_order',
  CancelAllOrders: 'cancel_all_orders',
  CancelStopOrder: 'cancel_stop_order',
  EditOrder: 'edit_order',
  SetPositionTpsl: 'set_position_tpsl',
  CreateTwapOrder: 'create_twap_order',
  CancelTwapOrder: 'cancel_twap_order',
  // Account
  UpdateLeverage: 'update_leverage',
  UpdateMarginMode: 'update_margin_mode',
  AddIsolatedMargin: 'add_isolated_margin',
  Withdraw: 'withdraw',
  TransferFunds: 'transfer_funds',
  SubaccountInitiate: 'subaccount_initiate',
  SubaccountConfirm: 'subaccount_confirm',
  ListSubaccounts: 'list_subaccounts',
  SetAutoLendDisabled: 'set_auto_lend_disabled',
  UpdateAccountSpotSettings: 'update_account_spot_settings',
  WithdrawSpotAsset: 'withdraw_spot_asset',
  SubaccountSpotTransfer: 'subaccount_spot_transfer',
  // Agent wallets and API config keys
  BindAgentWallet: 'bind_agent_wallet',
  ListAgentWallets: 'list_agent_wallets',
  RevokeAgentWallet: 'revoke_agent_wallet',
  RevokeAllAgentWallets: 'revoke_all_agent_wallets',
  ListAgentIpWhitelist: 'list_agent_ip_whitelist',
  AddAgentWhitelistedIp: 'add_agent_whitelisted_ip',
  RemoveAgentWhitelistedIp: 'remove_agent_whitelisted_ip',
  SetAgentIpWhitelistEnabled: 'set_agent_ip_whitelist_enabled',
  CreateApiKey: 'create_api_key',
  RevokeApiKey: 'revoke_api_key',
  ListApiKeys: 'list_api_keys',
  // Builder codes
  ApproveBuilderCode: 'approve_builder_code',
  RevokeBuilderCode: 'revoke_builder_code',
} as const;

export type PacificaOperationType = (typeof PacificaOperation)[keyof typeof PacificaOperation];

/** Operations the WS trading endpoint accepts (§5.3); a batch uses the frame key `batch_orders`. */
export const PACIFICA_WS_OPERATIONS = [
  PacificaOperation.CreateMarketOrder,
  PacificaOperation.CreateOrder,
  PacificaOperation.EditOrder,
  PacificaOperation.CancelOrder,
  PacificaOperation.CancelAllOrders,
] as const;

export type PacificaWsOperationType = (typeof PACIFICA_WS_OPERATIONS)[number];

/** WS `params` key of a batch frame. */
export const PACIFICA_WS_BATCH_KEY = 'batch_orders';

/**
 * Operations whose signed payload itself carries an `agent_wallet` field (the wallet being bound,
 * revoked or whitelisted). For them the body's `agent_wallet` is payload, not the signer.
 */
export const PAYLOAD_AGENT_WALLET_OPERATIONS: ReadonlySet<string> = new Set([
  PacificaOperation.BindAgentWallet,
  PacificaOperation.RevokeAgentWallet,
  PacificaOperation.AddAgentWhitelistedIp,
  PacificaOperation.RemoveAgentWhitelistedIp,
  PacificaOperation.SetAgentIpWhitelistEnabled,
]);

/** REST path (under `/api/v1`) of the operations a bot sends. */
export const PACIFICA_REST_PATHS = {
  create_market_order: '/orders/create_market',
  create_order: '/orders/create',
  create_stop_order: '/orders/stop/create',
  cancel_order: '/orders/cancel',
  cancel_all_orders: '/orders/cancel_all',
  cancel_stop_order: '/orders/stop/cancel',
  edit_order: '/orders/edit',
  set_position_tpsl: '/positions/tpsl',
  update_leverage: '/account/leverage',
  update_margin_mode: '/account/margin',
  bind_agent_wallet: '/agent/bind',
  list_agent_wallets: '/agent/list',
  revoke_agent_wallet: '/agent/revoke',
  revoke_all_agent_wallets: '/agent/revoke_all',
} as const satisfies Partial<Record<PacificaOperationType, string>>;

/** REST path of a batch (the batch itself is not signed; each action is). */
export const PACIFICA_BATCH_PATH = '/orders/batch';
