import { InvalidInputError, SigningError } from '@dn/core';
import { assertPublicKey, type PacificaKeypair, pacificaKeypair } from './keys.js';
import { assertHeader, type PacificaSignatureHeader, pacificaMessage } from './message.js';
import {
  PACIFICA_WS_BATCH_KEY,
  PACIFICA_WS_OPERATIONS,
  PAYLOAD_AGENT_WALLET_OPERATIONS,
  type PacificaWsOperationType,
} from './operation-types.js';
import { signMessageBytes } from './sign.js';

/** Who signs and on whose behalf. */
export interface PacificaSignerOptions {
  /** Base58 64-byte Solana secret (or a prebuilt keypair) of the main account, or of the agent wallet when `agentWallet` is set. */
  secretKey: string | PacificaKeypair;
  /** Base58 public key of the trading account (main or subaccount). */
  account: string;
  /** Base58 public key of the bound agent wallet that signs instead of the account's own key. */
  agentWallet?: string;
}

/** Fields the signing layer adds to every body. */
export interface PacificaBodyHeader {
  account: string;
  agent_wallet?: string;
  signature: string;
  timestamp: number;
  expiry_window: number;
}

/** A REST request body: the header fields followed by the payload fields, flattened. */
export type PacificaRequestBody<P extends object = Record<string, unknown>> = PacificaBodyHeader & P;

const RESERVED_KEYS = ['account', 'agent_wallet', 'signature', 'timestamp', 'expiry_window'] as const;

/**
 * Signs and builds the exact REST body `{account, [agent_wallet], signature, timestamp,
 * expiry_window, ...payload}` (no `type`, no `data` wrapper; `agent_wallet` is not signed).
 * The signing key must belong to `account`, or to `agentWallet` when one is given.
 * @throws InvalidInputError for a bad header, payload or public key; SigningError for a bad or mismatched key.
 */
export function buildSignedRequest<P extends object>(
  header: PacificaSignatureHeader,
  payload: P,
  signer: PacificaSignerOptions,
): PacificaRequestBody<P> {
  const h = assertHeader(header);
  const account = assertPublicKey(signer.account, 'account');
  const agentWallet = signer.agentWallet === undefined ? undefined : assertPublicKey(signer.agentWallet, 'agentWallet');
  assertNoReservedKeys(h.type, payload, agentWallet !== undefined);
  const keypair = pacificaKeypair(signer.secretKey);
  const expected = agentWallet ?? account;
  if (keypair.publicKey !== expected) {
    throw new SigningError('Signing key does not belong to the expected signer', {
      scheme: 'pacifica-ed25519',
      field: agentWallet === undefined ? 'account' : 'agentWallet',
      reason: `the key's public key is ${keypair.publicKey}, not ${expected}`,
    });
  }
  const message = pacificaMessage(h, payload);
  const signature = signMessageBytes(message, keypair);
  const head: PacificaBodyHeader =
    agentWallet === undefined
      ? { account, signature, timestamp: h.timestamp, expiry_window: h.expiry_window }
      : { account, agent_wallet: agentWallet, signature, timestamp: h.timestamp, expiry_window: h.expiry_window };
  return { ...head, ...dropUndefined(payload) } as PacificaRequestBody<P>;
}

/** A WS trading request: `{id, params: {<operation type>: <REST body>}}`. */
export interface PacificaWsTradingFrame<K extends string = string, B = PacificaRequestBody> {
  id: string;
  params: { [key in K]: B };
}

/**
 * Signs and wraps a WS trading request. Only the operations the WS endpoint serves are accepted
 * (create_market_order, create_order, edit_order, cancel_order, cancel_all_orders).
 * @param signer the signing key plus `id`, the correlation id echoed by the server (a UUID is customary).
 */
/** @throws InvalidInputError unless `type` is an operation the venue accepts over WebSocket. */
export function assertWsOperation(type: string, field: string): void {
  if (!(PACIFICA_WS_OPERATIONS as readonly string[]).includes(type)) {
    throw new InvalidInputError('Operation is not available over WebSocket', {
      field,
      value: type,
      expected: PACIFICA_WS_OPERATIONS.join(' | '),
      venue: 'pacifica',
    });
  }
}

export function buildWsTradingFrame<T extends PacificaWsOperationType, P extends object>(
  header: PacificaSignatureHeader & { type: T },
  payload: P,
  signer: PacificaSignerOptions & { id: string },
): PacificaWsTradingFrame<T, PacificaRequestBody<P>> {
  assertWsId(signer.id);
  assertWsOperation(header.type, 'header.type');
  const { id, ...rest } = signer;
  const body = buildSignedRequest(header, payload, rest);
  return { id, params: { [header.type]: body } as { [key in T]: PacificaRequestBody<P> } };
}

/** Action tags of `/orders/batch` (case sensitive). */
export type PacificaBatchActionTag =
  | 'Create'
  | 'CreateMarket'
  | 'Cancel'
  | 'Edit'
  | 'SetPositionTpsl'
  | 'CancelStopOrder';

export interface PacificaBatchAction {
  type: PacificaBatchActionTag;
  /** A complete signed body, as {@link buildSignedRequest} returns it. */
  data: PacificaRequestBody<object>;
}

export interface PacificaBatchBody {
  actions: PacificaBatchAction[];
}

export const PACIFICA_BATCH_MAX_ACTIONS = 10;

/**
 * Body of `POST /orders/batch`. The batch is not signed itself; each action's body is. Actions run
 * in order and one failing does not stop the rest, but one bad signature rejects the whole batch.
 */
export function buildBatchRequest(actions: readonly PacificaBatchAction[]): PacificaBatchBody {
  if (actions.length === 0 || actions.length > PACIFICA_BATCH_MAX_ACTIONS) {
    throw new InvalidInputError('A batch holds 1 to 10 actions', {
      field: 'actions',
      value: actions.length,
      expected: `1..${PACIFICA_BATCH_MAX_ACTIONS}`,
      venue: 'pacifica',
    });
  }
  return { actions: actions.map((a) => ({ type: a.type, data: a.data })) };
}

/** WS frame of a batch: `{id, params: {batch_orders: {actions}}}`. */
export function buildWsBatchFrame(
  id: string,
  actions: readonly PacificaBatchAction[],
): PacificaWsTradingFrame<typeof PACIFICA_WS_BATCH_KEY, PacificaBatchBody> {
  assertWsId(id);
  return { id, params: { [PACIFICA_WS_BATCH_KEY]: buildBatchRequest(actions) } };
}

/** What a server learns from a received signed body. */
export interface PacificaReceivedRequest {
  account: string;
  /** The agent wallet that signed, when the account delegated to one. */
  agentWallet: string | undefined;
  /** Public key the signature must verify against: the agent wallet if present, else the account. */
  signer: string;
  signature: string;
  timestamp: number;
  expiryWindow: number;
  /** The payload fields (everything else in the body). */
  payload: Record<string, unknown>;
  /** The canonical message the client must have signed. */
  message: string;
}

/**
 * Server side: splits a received REST body (or the value of a WS `params` entry) into header and
 * payload and rebuilds the message the client signed, given the operation type implied by the
 * path. For bind/revoke/whitelist operations `agent_wallet` is payload, not the signer; elsewhere
 * a non-null `agent_wallet` names the signer and is not signed.
 * @throws InvalidInputError if the body lacks or mistypes a header field.
 */
export function parseSignedRequest(type: string, body: unknown): PacificaReceivedRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError('Request body must be a JSON object', { field: 'body', venue: 'pacifica' });
  }
  const { account, signature, timestamp, expiry_window, ...rest } = body as Record<string, unknown>;
  let agentWallet: string | undefined;
  let payload: Record<string, unknown> = rest;
  if (!PAYLOAD_AGENT_WALLET_OPERATIONS.has(type) && 'agent_wallet' in rest) {
    const { agent_wallet, ...others } = rest;
    payload = others;
    if (agent_wallet !== null && agent_wallet !== undefined)
      agentWallet = assertPublicKey(agent_wallet, 'agent_wallet');
  }
  const accountKey = assertPublicKey(account, 'account');
  if (typeof signature !== 'string' || signature.length === 0) {
    throw new InvalidInputError('Signature must be a base58 string', { field: 'signature', venue: 'pacifica' });
  }
  const header = assertHeader({ type, timestamp, expiry_window });
  return {
    account: accountKey,
    agentWallet,
    signer: agentWallet ?? accountKey,
    signature,
    timestamp: header.timestamp,
    expiryWindow: header.expiry_window,
    payload,
    message: pacificaMessage(header, payload),
  };
}

/** Rebuilds the signed message of a received body; see {@link parseSignedRequest}. */
export function pacificaMessageFromBody(type: string, body: unknown): string {
  return parseSignedRequest(type, body).message;
}

function assertNoReservedKeys(type: string, payload: object, hasAgentWallet: boolean): void {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidInputError('Payload must be a plain object', { field: 'payload', venue: 'pacifica' });
  }
  for (const key of RESERVED_KEYS) {
    if (!(key in payload) || (payload as Record<string, unknown>)[key] === undefined) continue;
    // bind/revoke/whitelist name the agent wallet in the payload; the main key signs those.
    if (key === 'agent_wallet' && !hasAgentWallet && PAYLOAD_AGENT_WALLET_OPERATIONS.has(type)) continue;
    throw new InvalidInputError('Payload field collides with a body header field', {
      field: `payload.${key}`,
      expected: `no ${RESERVED_KEYS.join('/')} in the payload`,
      venue: 'pacifica',
    });
  }
}

function dropUndefined<P extends object>(payload: P): P {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (v !== undefined) out[k] = v;
  return out as P;
}

function assertWsId(id: unknown): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
    throw new InvalidInputError('WS request id must be a non-empty string', {
      field: 'id',
      value: id,
      expected: 'a UUID',
      venue: 'pacifica',
    });
  }
}
