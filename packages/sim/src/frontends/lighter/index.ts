import { createHash } from 'node:crypto';
import { lighterPrivateKeyFromSeed, lighterPublicKey } from '@dn/lighter';
import type { SimFrontend } from '../types.js';
import { installRest } from './rest.js';
import { CODE, LighterSimState } from './state.js';
import { installStream } from './stream.js';

/** Sim accounts are Lighter account indexes 10 000 + i, trading with API key 3 (0 … 2 are Lighter's own apps). */
const FIRST_ACCOUNT_INDEX = 10_000;
const SIM_API_KEY_INDEX = '3';

/**
 * Lighter's protocol on the simulator: REST under `/api/v1` and WS `/stream`, with the venue's envelopes and codes.
 * Every tx is verified (Schnorr signature against the account's registered API public key, expiry, exact next nonce
 * or the skip-nonce attribute); private reads need a valid auth token.
 */
export const lighterFrontend: SimFrontend = {
  venue: 'lighter',
  createAccount(index, seed) {
    const seedHex = createHash('sha256').update(`dn-sim-fake-lighter-${seed}-${index}`).digest('hex');
    return {
      accountId: String(FIRST_ACCOUNT_INDEX + index),
      credentials: {
        accountIndex: String(FIRST_ACCOUNT_INDEX + index),
        apiKeyIndex: SIM_API_KEY_INDEX,
        // FAKE key for the simulator only, derived from a public string: it holds no funds anywhere.
        privateKey: lighterPrivateKeyFromSeed(seedHex),
      },
    };
  },
  rateLimitBody: () => ({ code: 23000, message: 'Too Many Requests' }),
  serverErrorBody: (status) => ({ code: status, message: 'internal server error' }),
  notFoundBody: () => ({ code: 29404, message: 'not found' }),
  install(ctx) {
    const state = new LighterSimState(ctx.engine, ctx.clock, ctx.accounts, lighterPublicKey);
    installRest(ctx.server, state);
    const stop = installStream(ctx.server, state, ctx.faults);
    return { close: stop };
  },
};

export { CODE as LIGHTER_SIM_CODE };
