import type { SimServer } from '../../server/sim-server.js';
import { encodeFlatPosition, encodeFunding, encodePosition, encodeTrade } from './encode.js';
import { intParam, isResp, listOrNull, requestReaders, routeGet } from './rest-params.js';
import { CODE, fail, type LighterSimState, ok } from './state.js';
import { handleSendTx, handleSendTxBatch } from './tx.js';

/** Lighter's account REST paths: the account, keys and nonces, txs, orders, trades and funding payments. */
export function installAccountRest(server: SimServer, state: LighterSimState): void {
  const engine = state.engine;
  const { selectMarkets, requireAccount, authorizedAccount, accountPage, orderRow, marketOf } = requestReaders(state);

  routeGet(server, 'public', '/api/v1/account', (req) => {
    if (req.query.get('by') !== 'index') return fail(CODE.INVALID_PARAM, 'invalid param ');
    const account = requireAccount(req, 'value');
    if (isResp(account)) return account;
    const s = engine.account(account);
    const open = engine.openOrders(account);
    const openCount = (symbol: string) => open.filter((o) => o.symbol === symbol).length;
    const held = engine.positions(account);
    const positions = held.map((p) => encodePosition(marketOf(p.symbol), p, openCount(p.symbol)));
    // A market whose leverage was set keeps its row while flat, with the IMF the engine applies.
    for (const symbol of state.leverageMarkets(account)) {
      if (held.some((p) => p.symbol === symbol)) continue;
      positions.push(encodeFlatPosition(marketOf(symbol), engine.leverage(account, symbol), openCount(symbol)));
    }
    return ok({
      total: 1,
      accounts: [
        {
          code: 0,
          account_type: 0,
          index: BigInt(account),
          account_index: BigInt(account),
          l1_address: '0x0000000000000000000000000000000000000000',
          cancel_all_time: 0,
          total_order_count: open.length,
          total_isolated_order_count: 0,
          pending_order_count: 0,
          available_balance: s.availableMargin.toFixed(6),
          status: 1,
          collateral: s.collateral.toFixed(6),
          total_asset_value: s.equity.toFixed(6),
          cross_asset_value: s.equity.toFixed(6),
          cross_initial_margin_requirement: s.initialMargin.toFixed(6),
          cross_maintenance_margin_requirement: s.maintenanceMargin.toFixed(6),
          positions,
          assets: [],
          shares: [],
        },
      ],
    });
  });

  routeGet(server, 'public', '/api/v1/apikeys', (req) => {
    const account = requireAccount(req);
    if (isResp(account)) return account;
    const which = intParam(req, 'api_key_index') ?? 255;
    const keys = [...state.keys.entries()]
      .filter(([k]) => k.startsWith(`${account}:`))
      .map(([k, v]) => ({
        account_index: BigInt(account),
        api_key_index: Number(k.split(':')[1]),
        nonce: v.nextNonce,
        public_key: v.publicKey,
      }))
      .filter((k) => which === 255 || k.api_key_index === which);
    return ok({ api_keys: keys });
  });

  routeGet(server, 'public', '/api/v1/nextNonce', (req) => {
    const account = requireAccount(req);
    if (isResp(account)) return account;
    const key = state.key(account, req.query.get('api_key_index') ?? '');
    if (!key) return fail(CODE.API_KEY_NOT_FOUND, 'api key not found');
    return ok({ nonce: key.nextNonce });
  });

  server.route('POST', '/api/v1/sendTx', (req) => handleSendTx(state, req), { tag: 'order' });
  server.route('POST', '/api/v1/sendTxBatch', (req) => handleSendTxBatch(state, req), { tag: 'order' });

  routeGet(server, 'private', '/api/v1/accountActiveOrders', (req) => {
    const account = authorizedAccount(req);
    if (isResp(account)) return account;
    const ms = selectMarkets(req);
    if (isResp(ms)) return ms;
    const symbols = new Set(ms.map((m) => m.symbol));
    const orders = engine
      .openOrders(account)
      .filter((o) => symbols.has(o.symbol))
      .map((o) => orderRow(marketOf(o.symbol), o));
    return ok({ orders: listOrNull(orders) });
  });

  routeGet(server, 'private', '/api/v1/accountInactiveOrders', (req) => {
    const page = accountPage(req);
    if (isResp(page)) return page;
    const { account, query } = page;
    const limit = query.limit;
    const ms = selectMarkets(req);
    if (isResp(ms)) return ms;
    const symbols = new Set(ms.map((m) => m.symbol));
    const closed = engine
      .orderHistory(account)
      .filter((o) => symbols.has(o.symbol) && o.status !== 'open' && o.status !== 'partially_filled')
      .reverse();
    // Newest first; the cursor is opaque to clients (here: the offset of the next page, base64url-wrapped).
    const cursor = req.query.get('cursor');
    const from = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
    if (!Number.isSafeInteger(from) || from < 0) return fail(CODE.INVALID_PARAM, 'invalid param : invalid cursor');
    const rows = closed.slice(from, from + limit).map((o) => orderRow(marketOf(o.symbol), o));
    const more = from + limit < closed.length;
    return ok({
      next_cursor: more ? Buffer.from(`o:${from + limit}`).toString('base64url') : null,
      orders: listOrNull(rows),
    });
  });

  routeGet(server, 'private', '/api/v1/trades', (req) => {
    const page = accountPage(req);
    if (isResp(page)) return page;
    const { account, query } = page;
    const fills = engine.fills(account, query);
    // Newest first only when asked (`sort_dir=desc`): without it the venue may answer oldest first.
    const ordered = req.query.get('sort_dir') === 'desc' ? fills.reverse() : fills;
    const trades = ordered.map((f) =>
      encodeTrade(marketOf(f.symbol), f, engine.order(account, { orderId: f.orderId })),
    );
    return ok({ next_cursor: null, trades: listOrNull(trades) });
  });

  routeGet(server, 'private', '/api/v1/positionFunding', (req) => {
    const page = accountPage(req, 'all');
    if (isResp(page)) return page;
    const list = engine.fundingPayments(page.account, page.query);
    return ok({
      position_fundings: listOrNull(list.reverse().map((p) => encodeFunding(marketOf(p.symbol), p))),
      next_cursor: null,
    });
  });
}
