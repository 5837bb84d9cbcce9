import { createHash } from 'node:crypto';
import { CURVE_ORDER } from '@dn/extended';
import type { SimAccountRecord, SimFrontend } from '../types.js';
import { installExtendedRest } from './rest.js';
import { ExtendedSimState } from './state.js';
import { installExtendedStreams } from './streams.js';
import { errorBody } from './wire.js';

/**
 * Deterministic, clearly fake credentials for test account `index`: the Stark key is a hash of
 * `dn-sim-fake-extended-<seed>-<index>` reduced into [1, n − 1]; the API key says it is fake.
 * Field names are the `ExtendedClient` options.
 */
function createAccount(index: number, seed: number): SimAccountRecord {
  const tag = `dn-sim-fake-extended-${seed}-${index}`;
  const h = BigInt(`0x${createHash('sha256').update(tag).digest('hex')}`);
  const starkPrivateKey = `0x${((h % (CURVE_ORDER - 1n)) + 1n).toString(16)}`;
  const apiKey = `sim-fake-${createHash('sha256').update(`${tag}-api-key`).digest('hex').slice(0, 32)}`;
  const vault = String(500_000 + index);
  return { accountId: vault, credentials: { apiKey, starkPrivateKey, vault } };
}

/** Extended's REST (`/api/v1/...`) and WS v1 (`/stream.extended.exchange/v1/...`) protocol over the engine. */
export const extendedFrontend: SimFrontend = {
  venue: 'extended',
  createAccount,
  rateLimitBody: () => errorBody('TOO_MANY_REQUESTS', 'Rate limit exceeded'),
  serverErrorBody: () => errorBody(1006, 'Unhandled error'),
  notFoundBody: () => errorBody('NOT_FOUND', 'Not found'),
  install(ctx) {
    const st = new ExtendedSimState(ctx.engine, ctx.clock, ctx.faults, ctx.accounts);
    installExtendedRest(ctx.server, st);
    const disposeStreams = installExtendedStreams(ctx.server, st);
    return {
      close() {
        disposeStreams();
        for (const t of st.deadMan.values()) ctx.clock.clearTimeout(t);
        st.deadMan.clear();
      },
    };
  },
};
