import { createHash } from 'node:crypto';
import { generatePacificaKeypair } from '@dn/pacifica';
import type { SimAccountRecord, SimFrontend } from '../types.js';
import { installRest } from './rest.js';
import { PacificaSimState } from './state.js';
import { PacificaWsHub } from './ws.js';

/** A FAKE key for the simulator only, derived from a public string: never fund it. */
function fakeKeypair(label: string): { secretKey: string; publicKey: string } {
  return generatePacificaKeypair(createHash('sha256').update(label).digest());
}

/**
 * Pacifica's protocol on the simulated engine: REST under `/api/v1` and the WebSocket at `/ws`, with
 * the venue's envelopes, error codes and ed25519 verification of every signed request.
 *
 * Credentials of test account i: `account` + `secretKey` (the main key) and a pre-bound agent
 * wallet `agentWallet` + `agentSecretKey` — the names of `PacificaClient`'s options.
 */
export const pacificaFrontend: SimFrontend = {
  venue: 'pacifica',
  createAccount(index: number, seed: number): SimAccountRecord {
    const main = fakeKeypair(`dn-sim-fake-pacifica-${seed}-${index}`);
    const agent = fakeKeypair(`dn-sim-fake-pacifica-${seed}-${index}-agent`);
    return {
      accountId: main.publicKey,
      credentials: {
        account: main.publicKey,
        secretKey: main.secretKey,
        agentWallet: agent.publicKey,
        agentSecretKey: agent.secretKey,
      },
    };
  },
  rateLimitBody: () => ({ success: false, data: null, error: 'Rate limit exceeded', code: 429 }),
  serverErrorBody: (status) => ({
    success: false,
    data: null,
    error: status === 504 ? 'Request timed out' : 'Internal server error',
    code: status,
  }),
  notFoundBody: () => ({ success: false, data: null, error: 'Not Found', code: 404 }),
  install(ctx) {
    const state = new PacificaSimState(ctx.engine, ctx.clock);
    for (const a of ctx.accounts) {
      const agent = a.credentials.agentWallet;
      if (agent !== undefined) state.agents.set(agent, a.accountId);
    }
    installRest(ctx.server, state, ctx.clock.now());
    const hub = new PacificaWsHub(state);
    ctx.server.ws('/ws', (conn) => hub.accept(conn));
    return { close: () => hub.close() };
  },
};
