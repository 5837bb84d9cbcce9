import type { SimFrontend } from '../types.js';
import { createEdgexAccount, type EdgexSimAccount, registerAccount } from './accounts.js';
import { buildCatalog } from './contracts.js';
import { EDGEX_CODES, envelope } from './errors.js';
import { installRest } from './rest.js';
import { type EdgexOrderMeta, EdgexViews } from './views.js';
import { installWs } from './ws.js';

export { edgexSimWsTuning } from './ws.js';

/**
 * edgeX protocol front-end: `/api/v1` (StarkEx auth + Stark L2 order signatures) and `/api/v2` (HMAC auth +
 * EIP-712 order signatures) REST paths, the public quote stream and the private account stream. The generation is
 * chosen per request from its auth headers. Contracts come from the engine's markets (funding interval per contract).
 */
export const edgexFrontend: SimFrontend = {
  venue: 'edgex',
  createAccount: createEdgexAccount,
  rateLimitBody: () => envelope(EDGEX_CODES.rateLimit, null, 'too many requests'),
  serverErrorBody: (status) => envelope(EDGEX_CODES.server, null, `server error ${status}`),
  notFoundBody: (req) => envelope(EDGEX_CODES.notFound, null, `no route ${req.method} ${req.path}`),
  install(ctx) {
    const catalog = buildCatalog(ctx.engine);
    const accounts = new Map<string, EdgexSimAccount>();
    const byApiKey = new Map<string, EdgexSimAccount>();
    for (const record of ctx.accounts) {
      const a = registerAccount(record);
      accounts.set(a.accountId, a);
      if (a.apiKey) byApiKey.set(a.apiKey, a);
      ctx.engine.ensureAccount(a.accountId);
    }
    const orderMeta = new Map<string, EdgexOrderMeta>();
    const views = new EdgexViews(ctx.engine, catalog, orderMeta);
    installRest({ ctx, catalog, views, accounts, byApiKey, orderMeta });
    const stopWs = installWs({
      server: ctx.server,
      engine: ctx.engine,
      clock: ctx.clock,
      faults: ctx.faults,
      catalog,
      views,
      accounts,
      byApiKey,
    });
    return { close: stopWs };
  },
};
