import type { Clock } from '@dn/core';
import { verifyV1RequestSignature, verifyV2Request } from '@dn/edgex';
import type { SimEngine } from '../../engine/index.js';
import type { FaultInjector } from '../../faults/fault-injector.js';
import type { SimServer, SimWsConnection } from '../../server/sim-server.js';
import type { EdgexSimAccount } from './accounts.js';
import { timestampWindowMs } from './auth.js';
import type { EdgexSimCatalog } from './contracts.js';
import { EDGEX_CODES } from './errors.js';
import type { EdgexViews } from './views.js';

/**
 * Keep-alive of both sockets (edgex.md §5): the server pings `{"type":"ping","time":"<ms>"}` and closes a
 * connection after `maxUnansweredPings` pings without a pong. edgeX's interval is not published; tests may shorten it
 * before starting a venue.
 */
export const edgexSimWsTuning = { pingIntervalMs: 5_000, maxUnansweredPings: 5, tickerIntervalMs: 1_000 };

interface DepthSub {
  contractId: string;
  level: number;
  version: number;
  last: Map<string, string>;
}

export interface EdgexWsDeps {
  server: SimServer;
  engine: SimEngine;
  clock: Clock;
  faults: FaultInjector;
  catalog: EdgexSimCatalog;
  views: EdgexViews;
  accounts: Map<string, EdgexSimAccount>;
  byApiKey: Map<string, EdgexSimAccount>;
}

function keepAlive(conn: SimWsConnection, onText: (msg: Record<string, unknown>) => void): () => void {
  let unanswered = 0;
  const timer = setInterval(() => {
    if (unanswered >= edgexSimWsTuning.maxUnansweredPings) {
      conn.close(4000, 'ping timeout');
      return;
    }
    unanswered += 1;
    conn.send({ type: 'ping', time: String(Date.now()) });
  }, edgexSimWsTuning.pingIntervalMs);
  timer.unref();
  conn.onMessage((text) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      conn.send({ type: 'error', content: { code: 'GATEWAY_UNRECOGNIZED_MESSAGE', msg: 'not JSON' } });
      return;
    }
    if (msg.type === 'pong') {
      unanswered = 0;
      return;
    }
    if (msg.type === 'ping') {
      conn.send({ type: 'pong', time: msg.time });
      return;
    }
    onText(msg);
  });
  return () => clearInterval(timer);
}

/** Public quote stream and private account stream, fed from the engine's events. */
export function installWs(deps: EdgexWsDeps): () => void {
  const { server, engine, catalog, views, faults } = deps;
  const cleanups = new Set<() => void>();

  server.ws('/api/v1/public/ws', (conn) => {
    const depth = new Map<string, DepthSub>();
    // Versions only move forward on a connection, across unsubscribe/subscribe, as a venue-wide counter would.
    const versions = new Map<string, number>();
    const periodic = new Set<string>();
    // Channel → the engine's tape watch (the background prints are generated only for watched markets).
    const trades = new Map<string, () => void>();
    const push = (channel: string, dataType: string, data: unknown[]): void =>
      conn.send({ type: 'quote-event', channel, content: { channel, dataType, data } }, channel);

    const pushDepth = (channel: string, sub: DepthSub, snapshot: boolean): void => {
      const wire = views.depth(sub.contractId, sub.level, 0) as {
        asks: { price: string; size: string }[];
        bids: { price: string; size: string }[];
      };
      const next = new Map<string, string>();
      for (const l of wire.bids) next.set(`b${l.price}`, l.size);
      for (const l of wire.asks) next.set(`a${l.price}`, l.size);
      if (snapshot) {
        sub.version += 1;
        sub.last = next;
        push(channel, 'Snapshot', [
          { ...wire, startVersion: String(sub.version), endVersion: String(sub.version), depthType: 'SNAPSHOT' },
        ]);
        return;
      }
      const bids: { price: string; size: string }[] = [];
      const asks: { price: string; size: string }[] = [];
      for (const [k, size] of next) {
        if (sub.last.get(k) !== size) (k[0] === 'b' ? bids : asks).push({ price: k.slice(1), size });
      }
      for (const k of sub.last.keys()) {
        if (!next.has(k)) (k[0] === 'b' ? bids : asks).push({ price: k.slice(1), size: '0' });
      }
      sub.last = next;
      if (bids.length === 0 && asks.length === 0) return;
      // A bookSequenceGap fault drops one version number, as a lost message would.
      if (faults.takeSequenceGap(channel)) sub.version += 1;
      const start = sub.version + 1;
      sub.version = start;
      push(channel, 'CHANGED', [
        {
          startVersion: String(start),
          endVersion: String(start),
          level: sub.level,
          contractId: sub.contractId,
          contractName: catalog.byId.get(sub.contractId)?.market.venueSymbol,
          asks,
          bids,
          depthType: 'CHANGED',
        },
      ]);
    };

    const onBook = (e: { symbol: string }): void => {
      const id = catalog.bySymbol.get(e.symbol)?.contractId;
      for (const [channel, sub] of depth) if (sub.contractId === id) pushDepth(channel, sub, false);
    };
    const onTrade = (e: {
      trade: {
        id: string;
        symbol: string;
        price: { toFixed(): string };
        size: { toFixed(): string; mul(x: unknown): { toFixed(): string } };
        side: string;
        time: number;
      };
    }): void => {
      const id = catalog.bySymbol.get(e.trade.symbol)?.contractId;
      const channel = `trades.${id}`;
      if (!trades.has(channel)) return;
      // The 2026 WS docs' print; `side` is the taker's, so a taker sell means the buyer was the maker.
      push(channel, 'changed', [
        {
          ticketId: e.trade.id,
          time: String(e.trade.time),
          price: e.trade.price.toFixed(),
          size: e.trade.size.toFixed(),
          value: e.trade.size.mul(e.trade.price).toFixed(),
          takerOrderId: '',
          makerOrderId: '',
          takerAccountId: '',
          makerAccountId: '',
          contractId: id,
          isBestMatch: true,
          isBuyerMaker: e.trade.side === 'sell',
        },
      ]);
    };
    const offBook = engine.events.on('book', onBook);
    const offTrade = engine.events.on('trade', onTrade as never);
    const ticker = setInterval(() => {
      for (const channel of periodic) sendPeriodic(channel);
    }, edgexSimWsTuning.tickerIntervalMs);
    ticker.unref();
    const sendPeriodic = (channel: string): void => {
      const [kind, id] = channel.split('.') as [string, string];
      if (kind === 'ticker') push(channel, 'changed', [views.ticker(id)]);
      else push(channel, 'changed', [views.latestFunding(id)]);
    };

    const stopKeepAlive = keepAlive(conn, (msg) => {
      const channel = typeof msg.channel === 'string' ? msg.channel : '';
      const parts = channel.split('.');
      const contractId = parts[1] ?? '';
      const known = catalog.byId.has(contractId);
      if (msg.type === 'unsubscribe') {
        const old = depth.get(channel);
        if (old) versions.set(channel, old.version);
        depth.delete(channel);
        periodic.delete(channel);
        trades.get(channel)?.();
        trades.delete(channel);
        conn.send({ type: 'unsubscribed', channel });
        return;
      }
      if (msg.type !== 'subscribe') {
        conn.send({
          type: 'error',
          content: { code: 'GATEWAY_UNRECOGNIZED_MESSAGE', msg: `unknown type ${String(msg.type)}` },
        });
        return;
      }
      if (!known) {
        conn.send({ type: 'error', content: { code: EDGEX_CODES.invalidContract, msg: `invalid channel ${channel}` } });
        return;
      }
      conn.send({ type: 'subscribed', channel });
      if (parts[0] === 'depth' && (parts[2] === '15' || parts[2] === '200')) {
        const sub: DepthSub = {
          contractId,
          level: Number(parts[2]),
          version: depth.get(channel)?.version ?? versions.get(channel) ?? 0,
          last: new Map(),
        };
        depth.set(channel, sub);
        pushDepth(channel, sub, true);
      } else if (parts[0] === 'ticker' || parts[0] === 'fundingRate') {
        periodic.add(channel);
        sendPeriodic(channel);
      } else if (parts[0] === 'trades') {
        const symbol = catalog.byId.get(contractId)?.market.symbol;
        if (!trades.has(channel) && symbol) trades.set(channel, engine.watchTrades(symbol));
      } else {
        conn.send({
          type: 'error',
          content: { code: 'GATEWAY_UNRECOGNIZED_MESSAGE', msg: `unknown channel ${channel}` },
        });
      }
    });
    const cleanup = (): void => {
      offBook();
      offTrade();
      for (const unwatch of trades.values()) unwatch();
      trades.clear();
      clearInterval(ticker);
      stopKeepAlive();
    };
    cleanups.add(cleanup);
    conn.onClose(() => {
      cleanup();
      cleanups.delete(cleanup);
    });
  });

  server.ws('/api/v1/private/ws', (conn) => {
    const account = authenticateWs(conn, deps);
    if (!account) return;
    const id = account.accountId;
    const event = (name: string, data: Record<string, unknown[]>): void =>
      conn.send(
        {
          type: 'trade-event',
          content: {
            event: name,
            version: String(engine.processedUntil()),
            data,
            time: String(engine.processedUntil()),
          },
        },
        `account:${id}`,
      );
    conn.send({ type: 'connected', sid: `sim-${conn.id}` });
    const asset = views.accountAsset(account) as Record<string, unknown[]>;
    event('Snapshot', {
      account: [views.account(account)],
      collateral: asset.collateralList ?? [],
      position: asset.positionList ?? [],
      positionTransaction: [],
      order: engine.openOrders(id).map((o) => views.order(o)),
      orderFillTransaction: [],
    });
    const offs = [
      engine.events.on('order', (e) => {
        if (e.accountId === id) event('ORDER_UPDATE', { order: [views.order(e.order)] });
      }),
      engine.events.on('fill', (e) => {
        if (e.accountId === id) event('ORDER_UPDATE', { orderFillTransaction: [views.fill(e.fill)] });
      }),
      engine.events.on('position', (e) => {
        if (e.accountId === id) event('ORDER_UPDATE', { position: [views.position(e.position)] });
      }),
      engine.events.on('balance', (e) => {
        if (e.accountId === id) {
          event('ACCOUNT_UPDATE', { collateral: [views.collateral(e.balance, engine.positions(id))] });
        }
      }),
      engine.events.on('funding', (e) => {
        if (e.accountId === id)
          event('FUNDING_SETTLEMENT', { positionTransaction: [views.fundingTransaction(e.payment)] });
      }),
    ];
    const stopKeepAlive = keepAlive(conn, () => undefined);
    const cleanup = (): void => {
      for (const off of offs) off();
      stopKeepAlive();
    };
    cleanups.add(cleanup);
    conn.onClose(() => {
      cleanup();
      cleanups.delete(cleanup);
    });
  });

  return () => {
    for (const c of cleanups) c();
    cleanups.clear();
  };
}

function header(conn: SimWsConnection, name: string, fromProtocol: Record<string, string>): string | undefined {
  const v = conn.headers[name.toLowerCase()];
  const h = Array.isArray(v) ? v[0] : v;
  return h ?? fromProtocol[name];
}

/**
 * Handshake auth of the private stream: headers, or the same headers as base64(JSON) in `Sec-WebSocket-Protocol`
 * (browsers). V2: HMAC over `ts GET /api/v1/private/ws accountId=…&timestamp=…`; V1: Stark signature over
 * `ts GET /api/v1/private/ws accountId=…`. On failure: an error frame, then close 4001.
 */
function authenticateWs(conn: SimWsConnection, deps: EdgexWsDeps): EdgexSimAccount | undefined {
  const reject = (msg: string): undefined => {
    conn.send({ type: 'error', content: { code: EDGEX_CODES.invalidSignature, msg } });
    conn.close(4001, 'authentication failed');
    return undefined;
  };
  let fromProtocol: Record<string, string> = {};
  const proto = conn.headers['sec-websocket-protocol'];
  if (typeof proto === 'string' && proto.length > 0) {
    try {
      fromProtocol = JSON.parse(Buffer.from(proto.split(',')[0]?.trim() ?? '', 'base64').toString('utf8')) as Record<
        string,
        string
      >;
    } catch {
      fromProtocol = {};
    }
  }
  const query: Record<string, string> = {};
  for (const [k, v] of conn.query) query[k] = v;
  const accountId = query.accountId;
  const apiKey = header(conn, 'X-edgeX-Api-Key', fromProtocol);
  const v2 = apiKey !== undefined;
  const timestamp = header(conn, v2 ? 'X-edgeX-Timestamp' : 'X-edgeX-Api-Timestamp', fromProtocol);
  if (!accountId || !timestamp || !/^\d{1,16}$/.test(timestamp)) return reject('missing accountId or timestamp');
  if (Math.abs(Number(timestamp) - deps.clock.now()) > timestampWindowMs(deps.clock))
    return reject('timestamp outside the window');
  const request = { timestamp, method: 'GET' as const, path: conn.path, query };
  try {
    if (v2) {
      const account = deps.byApiKey.get(apiKey);
      if (!account || account.accountId !== accountId) return reject('unknown api key');
      if (header(conn, 'X-edgeX-Passphrase', fromProtocol) !== account.passphrase) return reject('wrong passphrase');
      if (!verifyV2Request(request, header(conn, 'X-edgeX-Signature', fromProtocol) ?? '', account.secret)) {
        return reject('signature mismatch');
      }
      return account;
    }
    const account = deps.accounts.get(accountId);
    const sig = header(conn, 'X-edgeX-Api-Signature', fromProtocol);
    if (!account || !sig) return reject('unknown account or missing signature');
    if (!verifyV1RequestSignature(request, sig, { x: account.l2Key, y: account.l2KeyY }))
      return reject('signature mismatch');
    return account;
  } catch {
    return reject('malformed handshake');
  }
}
