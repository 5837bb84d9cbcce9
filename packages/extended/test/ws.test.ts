import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { decodeAccountMessage, ExtendedBookSync } from '../src/index.js';

const sync = () => new ExtendedBookSync({ symbol: 'BTC', tickSize: new Decimal(1), lotSize: new Decimal('0.00001') });
const snapshot = (seq: number) => ({
  type: 'SNAPSHOT',
  seq,
  ts: 1,
  data: {
    m: 'BTC-USD',
    b: [
      { p: '100', q: '1' },
      { p: '99', q: '2' },
    ],
    a: [{ p: '101', q: '0.5' }],
  },
});

describe('ExtendedBookSync (orderbooks stream)', () => {
  it('applies a snapshot then deltas by their absolute size `c`', () => {
    const s = sync();
    expect(s.apply(snapshot(1))).toBe('updated');
    expect(
      s.apply({
        type: 'DELTA',
        seq: 2,
        ts: 2,
        data: { m: 'BTC-USD', b: [{ p: '100', q: '-1', c: '0' }], a: [{ p: '102', q: '3', c: '3' }] },
      }),
    ).toBe('updated');
    const b = s.snapshot(10);
    expect(b.bids.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([['99', '2']]);
    expect(b.asks.map((l) => [l.price.toFixed(), l.size.toFixed()])).toEqual([
      ['101', '0.5'],
      ['102', '3'],
    ]);
    expect(b).toMatchObject({ sequence: 2, timestamp: 2 });
  });

  it('adds the change `q` when `c` is absent', () => {
    const s = sync();
    s.apply(snapshot(1));
    s.apply({ type: 'DELTA', seq: 2, data: { m: 'BTC-USD', b: [{ p: '99', q: '0.5' }], a: [] } });
    expect(s.book.sizeAt('bid', '99')).toBe('2.5');
  });

  it('asks for a resync on a sequence gap and clears the book', () => {
    const s = sync();
    s.apply(snapshot(1));
    expect(s.apply({ type: 'DELTA', seq: 3, data: { m: 'BTC-USD', b: [], a: [] } })).toBe('resync');
    expect(s.book.synced).toBe(false);
    // Deltas are ignored until a new snapshot arrives.
    expect(s.apply({ type: 'DELTA', seq: 4, data: { m: 'BTC-USD', b: [], a: [] } })).toBe('waiting');
    expect(s.apply(snapshot(1))).toBe('updated');
  });

  it('waits for the first snapshot and resyncs on malformed or off-grid data', () => {
    const s = sync();
    expect(s.apply({ type: 'DELTA', seq: 1, data: { m: 'BTC-USD', b: [], a: [] } })).toBe('waiting');
    expect(s.apply({ type: 'SNAPSHOT', seq: 1, data: { m: 'BTC-USD', b: [{ p: '100.5', q: '1' }], a: [] } })).toBe(
      'resync',
    );
    expect(s.apply({ type: 'SNAPSHOT', data: { m: 'BTC-USD', b: [], a: [] } })).toBe('resync');
    expect(s.apply({ type: 'SNAPSHOT', seq: 1, data: { m: 'BTC-USD', b: 'nope' } })).toBe('resync');
  });

  it('ignores a frame that is neither SNAPSHOT nor DELTA without touching the book (not a gap)', () => {
    const s = sync();
    expect(s.apply({ type: 'SNAPSHOT', seq: 1, data: { m: 'BTC-USD', b: [{ p: '100', q: '1' }], a: [] } })).toBe(
      'updated',
    );
    expect(s.apply({ type: 'HEARTBEAT', seq: 7 })).toBe('waiting');
    expect(s.apply({ status: 'ERROR', error: { code: 1006 } })).toBe('waiting');
    expect(s.book.synced).toBe(true);
    expect(s.apply({ type: 'DELTA', seq: 2, data: { m: 'BTC-USD', b: [{ p: '100', q: '1', c: '2' }], a: [] } })).toBe(
      'updated',
    );
    expect(s.snapshot(1).bids[0]!.size.toFixed()).toBe('2');
  });
});

describe('decodeAccountMessage (account stream)', () => {
  const symbolOf = (m: string) => m.split('-')[0]!;

  it('decodes TRADE with its client id and exact 19-digit ids', () => {
    const r = decodeAccountMessage(
      {
        type: 'TRADE',
        seq: 5,
        data: {
          trades: [
            {
              id: '1784963886257016833',
              accountId: '3017',
              market: 'ETH-USD',
              orderId: '1784963886257016832',
              externalOrderId: 'cid',
              side: 'BUY',
              price: '3000.1',
              qty: '0.1',
              value: '300.01',
              fee: '0.075',
              isTaker: false,
              tradeType: 'TRADE',
              createdTime: '1701563440000',
            },
          ],
        },
      },
      symbolOf,
    );
    expect(r?.type).toBe('TRADE');
    expect(r?.events).toHaveLength(1);
    const e = r!.events[0]!;
    expect(e.type).toBe('fill');
    if (e.type !== 'fill') return;
    expect(e.fill).toMatchObject({
      id: '1784963886257016833',
      orderId: '1784963886257016832',
      clientOrderId: 'cid',
      symbol: 'ETH',
      side: 'buy',
      liquidity: 'maker',
      timestamp: 1701563440000,
    });
    expect(e.fill.price.toFixed()).toBe('3000.1');
  });

  it('decodes ORDER (async rejection), POSITION (closed → size 0) and BALANCE', () => {
    const order = decodeAccountMessage(
      {
        type: 'ORDER',
        data: {
          orders: [
            {
              id: '9',
              market: 'BTC-USD',
              type: 'LIMIT',
              side: 'SELL',
              status: 'REJECTED',
              statusReason: 'POST_ONLY_FAILED',
              price: '1',
              qty: '1',
              createdTime: '5',
            },
          ],
        },
      },
      symbolOf,
    );
    expect(order?.events[0]).toMatchObject({ type: 'order', order: { status: 'rejected', side: 'sell' } });
    const pos = decodeAccountMessage(
      {
        type: 'POSITION',
        data: {
          positions: [
            {
              id: '1',
              market: 'BTC-USD',
              status: 'CLOSED',
              side: 'LONG',
              size: '0',
              value: '0',
              openPrice: '1',
              markPrice: '1',
              unrealisedPnl: '0',
            },
          ],
        },
      },
      symbolOf,
    );
    const p = pos?.events[0];
    expect(p?.type === 'position' && p.position.size.isZero()).toBe(true);
    const bal = decodeAccountMessage(
      {
        type: 'BALANCE',
        data: {
          balance: { collateralName: 'USD', balance: '10', equity: '11', availableForTrade: '9', unrealisedPnl: '1' },
        },
      },
      symbolOf,
    );
    const b = bal?.events[0];
    expect(b?.type === 'balance' && b.balance.equity.toFixed()).toBe('11');
    const bad = decodeAccountMessage({ type: 'TRADE', data: { trades: [{ id: 'x' }] } }, symbolOf);
    expect(bad.events).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatch(/^trades\.0: id: expected an integer id/);
  });
});
