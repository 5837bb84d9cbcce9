import type { AccountEvent, OrderBookSnapshot, PublicTrade } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { RECONNECTED_SETTLE_MS } from '../src/index.js';
import { closeReplays, fixture, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/** Resolves when `check` holds, polling; fails after 3 s. */
async function until(check: () => boolean): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 3000) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A `/stream` socket that greets like the venue and answers each subscribe with the frames listed for its channel. */
function stream(framesByChannel: Record<string, string[]>) {
  return {
    path: '/stream',
    onConnect: (send: (f: unknown) => void) => send({ type: 'connected', session_id: 'replay' }),
    onMessage: (text: string, send: (f: unknown) => void) => {
      const msg = JSON.parse(text) as { type?: string; channel?: string };
      if (msg.type !== 'subscribe' || !msg.channel) return;
      for (const frame of framesByChannel[msg.channel] ?? []) send(frame);
    },
  };
}

describe('Lighter real payloads over /stream', () => {
  it('applies the order-book snapshot, then resyncs on an update that does not chain (separate captures)', async () => {
    const { venue, server } = await replay([], {
      sockets: [
        stream({
          'order_book/0': [
            fixture('nautilus.ws_order_book_subscribed.json'),
            fixture('nautilus.ws_order_book_update.json'),
          ],
        }),
      ],
    });
    const books: OrderBookSnapshot[] = [];
    let resyncs = 0;
    await venue.subscribeOrderBook('ETH', (b) => books.push(b), { onResync: () => resyncs++ });
    await until(() => resyncs > 0);
    expect(books[0]?.bids.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([['2000', '0.02']]);
    expect(books[0]?.asks.map((l) => l.price.toFixed())).toEqual(['2325', '2341.25']);
    expect(books[0]?.sequence).toBe(904845);
    // begin_nonce 9182389998 ≠ 904845: a gap, so the channel is subscribed again rather than patched.
    await until(() => server.received.filter((m) => m.includes('"subscribe"')).length >= 2);
  });

  it('an empty-market snapshot is an empty book', async () => {
    const snapshot = fixtureJson('nautilus.ws_order_book_subscribed_empty.json');
    const { venue } = await replay([], {
      sockets: [stream({ 'order_book/0': [JSON.stringify({ ...snapshot, channel: 'order_book:0' })] })],
    });
    const books: OrderBookSnapshot[] = [];
    await venue.subscribeOrderBook('ETH', (b) => books.push(b));
    await until(() => books.length > 0);
    expect(books[0]).toMatchObject({ bids: [], asks: [] });
  });

  it('reads market_stats funding as signed percent per hour', async () => {
    const { venue } = await replay([], {
      sockets: [stream({ 'market_stats/0': [fixture('nautilus.ws_market_stats_update_single.json')] })],
    });
    const seen: string[] = [];
    await venue.subscribeMarketStats('ETH', (s) => seen.push(`${s.markPrice?.toFixed()} ${s.funding?.rate.toFixed()}`));
    await until(() => seen.length > 0);
    expect(seen[0]).toBe('2064.47 0.00000001'); // "0.000001" % per hour
  });

  it('turns the account channels into order, fill (ppm fee), position and balance events', async () => {
    const { venue, server } = await replay([], {
      accountIndex: 1234,
      sockets: [
        stream({
          'account_all_orders/1234': [
            JSON.stringify({
              ...fixtureJson('nautilus.ws_account_orders_update.json'),
              type: 'update/account_all_orders',
              channel: 'account_all_orders:1234',
            }),
          ],
          'account_all_trades/1234': [fixture('nautilus.ws_account_all_trades_update.json')],
          'account_all_positions/1234': [fixture('nautilus.ws_account_all_positions_update.json')],
          'user_stats/1234': [fixture('nautilus.ws_user_stats_with_position.json')],
        }),
      ],
    });
    const events: AccountEvent[] = [];
    await venue.subscribeAccount((e) => events.push(e));
    await until(() => new Set(events.map((e) => e.type)).size === 4);
    const subs = server.received.map((m) => JSON.parse(m) as { type: string; channel: string; auth?: string });
    expect(subs.filter((s) => s.type === 'subscribe').map((s) => s.channel)).toEqual([
      'account_all_orders/1234',
      'account_all_trades/1234',
      'account_all_positions/1234',
      'user_stats/1234',
    ]);
    expect(subs.every((s) => s.type !== 'subscribe' || /^\d+:1234:3:[0-9a-f]{160}$/.test(s.auth ?? ''))).toBe(true);

    const order = events.find((e) => e.type === 'order');
    expect(order?.type === 'order' && order.order).toMatchObject({
      id: '281476929510110',
      clientOrderId: '42',
      status: 'partially_filled',
      side: 'sell',
    });
    const fill = events.find((e) => e.type === 'fill');
    expect(fill?.type === 'fill' && fill.fill).toMatchObject({ id: '19209006902', side: 'buy', liquidity: 'taker' });
    // 314.324728 × 196 / 1e6
    expect(fill?.type === 'fill' && fill.fill.fee.toFixed()).toBe('0.061607646688');
    const position = events.find((e) => e.type === 'position');
    expect(position?.type === 'position' && position.position.size.toFixed()).toBe('1.5');
    const balance = events.find((e) => e.type === 'balance');
    expect(
      balance?.type === 'balance' && [balance.balance.collateral, balance.balance.equity].map((d) => d.toFixed()),
    ).toEqual(['39.995369', '39.995169']);
  });

  it('logs an unreadable account frame with its channel instead of dropping it silently', async () => {
    const bad = fixtureJson<{ positions: Record<string, Record<string, unknown>> }>(
      'nautilus.ws_account_all_positions_update.json',
    );
    (bad.positions['0'] as Record<string, unknown>)['position'] = 'not-a-number';
    const warnings: object[] = [];
    const errors: Error[] = [];
    const { venue } = await replay([], {
      accountIndex: 1234,
      logger: { warn: (details) => warnings.push(details) },
      onStreamError: (e) => errors.push(e),
      sockets: [stream({ 'account_all_positions/1234': [JSON.stringify(bad)] })],
    });
    const events: AccountEvent[] = [];
    await venue.subscribeAccount((e) => events.push(e));
    await until(() => warnings.length > 0);
    expect(warnings[0]).toMatchObject({ channel: 'account_all_positions/1234', type: 'update/account_all_positions' });
    expect(String((warnings[0] as { issues: string }).issues)).toMatch(/position/);
    expect(errors[0]?.message).toMatch(/account_all_positions/);
    expect(events.filter((e) => e.type === 'position')).toEqual([]);
  });

  it('logs an error frame without a channel (a refused subscribe) instead of dropping it', async () => {
    const warnings: object[] = [];
    const { venue } = await replay([], {
      logger: { warn: (details) => warnings.push(details) },
      sockets: [
        stream({
          'market_stats/0': [JSON.stringify({ type: 'error', error: { code: 30005, message: 'Invalid Channel' } })],
        }),
      ],
    });
    await venue.subscribeMarketStats('ETH', () => {});
    await until(() => warnings.length > 0);
    expect(JSON.stringify(warnings[0])).toMatch(/30005/);
  });

  it('delivers trade/{m} prints, not the snapshot, with the taker side from is_maker_ask (nautilus docs frames)', async () => {
    // The docs' update repeats the snapshot's trade 16164557907: it was already seen, so it is not delivered again.
    const update = fixtureJson<{ trades: Record<string, unknown>[] }>('nautilus.ws_trade_update.json');
    const row = update.trades[0] as Record<string, unknown>;
    const next = {
      ...row,
      trade_id: 16164557908,
      trade_id_str: '16164557908',
      is_maker_ask: true,
      timestamp: 1773854156700,
    };
    const other = { ...row, trade_id: 16164557909, market_id: 1 };
    const { venue, server } = await replay([], {
      sockets: [
        stream({
          'trade/0': [
            fixture('nautilus.ws_trade_subscribed.json'),
            fixture('nautilus.ws_trade_update.json'),
            JSON.stringify({ ...update, trades: [next, other] }),
            JSON.stringify({ ...update, trades: null, liquidation_trades: [{ ...row, trade_id: 16164557910 }] }),
          ],
        }),
      ],
    });
    const prints: PublicTrade[] = [];
    await venue.subscribeTrades('ETH', (t) => prints.push(t));
    await until(() => prints.length >= 2);
    expect(JSON.parse(server.received.find((m) => m.includes('subscribe')) ?? '{}')).toEqual({
      type: 'subscribe',
      channel: 'trade/0',
    });
    expect(prints.map((t) => [t.id, t.symbol, t.side, t.price.toFixed(), t.size.toFixed(), t.timestamp])).toEqual([
      // is_maker_ask true: the resting order was the ask, the taker bought.
      ['16164557908', 'ETH', 'buy', '2181.83', '0.1336', 1773854156700],
      // A liquidation print is a print too; is_maker_ask false: the taker sold.
      ['16164557910', 'ETH', 'sell', '2181.83', '0.1336', 1773854156654],
    ]);
  });

  /** The four account channels, each answered with a `subscribed/` snapshot built from the docs frames. */
  function accountSnapshots(skipOnReconnect?: string) {
    const snapshot = (name: string, family: string) =>
      JSON.stringify({ ...fixtureJson(name), type: `subscribed/${family}`, channel: `${family}:1234` });
    const frames: Record<string, string> = {
      'account_all_orders/1234': snapshot('nautilus.ws_account_orders_update.json', 'account_all_orders'),
      'account_all_trades/1234': snapshot('nautilus.ws_account_all_trades_update.json', 'account_all_trades'),
      'account_all_positions/1234': snapshot('nautilus.ws_account_all_positions_update.json', 'account_all_positions'),
      'user_stats/1234': snapshot('nautilus.ws_user_stats_with_position.json', 'user_stats'),
    };
    let connections = 0;
    return {
      path: '/stream',
      onConnect: (send: (f: unknown) => void) => {
        connections++;
        send({ type: 'connected', session_id: 'replay' });
      },
      onMessage: (text: string, send: (f: unknown) => void) => {
        const msg = JSON.parse(text) as { type?: string; channel?: string };
        if (msg.type !== 'subscribe' || !msg.channel) return;
        if (connections > 1 && msg.channel === skipOnReconnect) {
          send({ type: 'error', error: { code: 20013, message: 'invalid auth' } });
          return;
        }
        const f = frames[msg.channel];
        if (f) send(f);
      },
    };
  }

  it('emits reconnected after the account stream comes back, once the resubscribed channels sent their snapshots', async () => {
    const { venue, client } = await replay([], { accountIndex: 1234, sockets: [accountSnapshots()] });
    const events: AccountEvent[] = [];
    await venue.subscribeAccount((e) => events.push(e));
    await until(() => events.filter((e) => e.type === 'balance').length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.some((e) => e.type === 'reconnected')).toBe(false); // not on the first connection
    const before = client.ws.ws.generation;
    client.ws.ws.reconnect('test drop');
    await until(() => events.some((e) => e.type === 'reconnected'));
    expect(client.ws.ws.generation).toBe(before + 1);
    const i = events.findIndex((e) => e.type === 'reconnected');
    // The new connection's snapshots (position and balance among them) come before it.
    expect(events.slice(0, i).filter((e) => e.type === 'balance')).toHaveLength(2);
    expect(events.slice(0, i).filter((e) => e.type === 'position')).toHaveLength(2);
    const r = events[i];
    expect(r?.type === 'reconnected' && Math.abs(r.at - Date.now()) < 5_000).toBe(true);
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(1);
  });

  it(
    'still emits reconnected when a channel is refused on the new connection (after the settle time)',
    async () => {
      const warnings: object[] = [];
      const { venue, client } = await replay([], {
        accountIndex: 1234,
        logger: { warn: (d) => warnings.push(d) },
        sockets: [accountSnapshots('user_stats/1234')],
      });
      const events: AccountEvent[] = [];
      await venue.subscribeAccount((e) => events.push(e));
      await until(() => events.some((e) => e.type === 'balance'));
      const dropped = Date.now();
      client.ws.ws.reconnect('test drop');
      await until(() => warnings.length > 0); // the refusal is logged
      await new Promise((r) => setTimeout(r, RECONNECTED_SETTLE_MS + 500));
      const r = events.find((e) => e.type === 'reconnected');
      expect(r?.type === 'reconnected' && r.at - dropped >= RECONNECTED_SETTLE_MS - 100).toBe(true);
    },
    RECONNECTED_SETTLE_MS + 10_000,
  );
});
