import { type Clock, InvalidInputError } from '@dn/core';
import { PACIFICA_DEFAULT_EXPIRY_WINDOW_MS } from './config.js';
import type { PacificaAction } from './payloads/action.js';
import { type PacificaKeypair, pacificaKeypair } from './signing/keys.js';
import type { PacificaOperationType } from './signing/operation-types.js';
import { buildSignedRequest, type PacificaRequestBody } from './signing/request.js';

export interface PacificaSignerOptions {
  /** Base58 public key of the trading account (main account or subaccount). */
  account: string;
  /**
   * Base58 secret (64-byte Solana secret or 32-byte seed) of the account's own key, or of the agent
   * wallet when `agentWallet` is set. Kept in a private field; never logged or put in errors.
   */
  secretKey: string | PacificaKeypair;
  /** Base58 public key of a bound agent wallet ("API agent key") that signs on the account's behalf. */
  agentWallet?: string;
  /** ms a signed request stays valid after its timestamp (default 5000). */
  expiryWindowMs?: number;
  /** Time source of the signed timestamps (default: the system clock). */
  clock?: Pick<Clock, 'now'>;
}

/** Signs actions for one account with a key validated once. */
export class PacificaSigner {
  readonly account: string;
  readonly agentWallet: string | undefined;
  readonly expiryWindowMs: number;
  readonly #keypair: PacificaKeypair;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(options: PacificaSignerOptions) {
    this.#keypair = pacificaKeypair(options.secretKey);
    this.account = options.account;
    this.agentWallet = options.agentWallet;
    this.expiryWindowMs = options.expiryWindowMs ?? PACIFICA_DEFAULT_EXPIRY_WINDOW_MS;
    if (!Number.isSafeInteger(this.expiryWindowMs) || this.expiryWindowMs <= 0) {
      throw new InvalidInputError('expiryWindowMs must be a positive integer', {
        field: 'expiryWindowMs',
        value: options.expiryWindowMs,
        venue: 'pacifica',
      });
    }
    this.#clock = options.clock ?? { now: () => Date.now() };
    // Fails now, not at the first order, if the key does not belong to the account or agent wallet.
    this.sign({ type: 'create_order', payload: {} });
  }

  /** Public key that signs: the agent wallet's when one is set. */
  get signerPublicKey(): string {
    return this.#keypair.publicKey;
  }

  /** The REST body (also the value of a WS `params` entry) of `action`, timestamped now. */
  sign<P extends object>(
    action: PacificaAction<PacificaOperationType, P>,
    timestamp = this.#clock.now(),
  ): PacificaRequestBody<P> {
    return buildSignedRequest({ type: action.type, timestamp, expiry_window: this.expiryWindowMs }, action.payload, {
      secretKey: this.#keypair,
      account: this.account,
      ...(this.agentWallet !== undefined ? { agentWallet: this.agentWallet } : {}),
    });
  }

  toJSON(): { account: string; agentWallet?: string } {
    return { account: this.account, ...(this.agentWallet !== undefined ? { agentWallet: this.agentWallet } : {}) };
  }
}
