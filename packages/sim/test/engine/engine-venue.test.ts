import { type AccountEvent, VenueRejectedError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EngineVenue } from '../../src/engine/index.js';
import { setup } from './helpers.js';

describe('EngineVenue', () => {
  it('implements PerpVenue over one engine account', async () => {
    const { engine, clock } = setup('lighter');
    const venue = new EngineVenue(engine, 'a');
    expect(venue.id).toBe('lighter');
    const markets = await venue.getMarkets();
    expect(markets.find((m) => m.symbol === 'BTC')?.fundingIntervalHours).toBe(1);
    const f = await venue.getFunding('BTC');
    expect(f.apr.eq(f.rate.mul(8760))).toBe(true);
    const events: AccountEvent['type'][] = [];
    const sub = await venue.subscribeAccount((e) => events.push(e.type));
    const books: number[] = [];
    await venue.subscribeOrderBook('BTC', (b) => books.push(b.sequence ?? -1));
    const ack = await venue.placeOrder({ symbol: 'BTC', side: 'buy', type: 'market', size: '0.01' });
    expect(ack.status).toBe('accepted');
    expect(ack.clientOrderId).toMatch(/^sim-/);
    expect(await venue.getOrder({ symbol: 'BTC', clientOrderId: ack.clientOrderId })).toMatchObject({
      status: 'filled',
    });
    expect(events).toEqual(expect.arrayContaining(['order', 'fill', 'position', 'balance']));
    expect((await venue.getPositions())[0]?.size.toString()).toBe('0.01');
    expect((await venue.getFills()).length).toBe(1);
    expect(books.length).toBeGreaterThan(0);
    await clock.advance(3_600_000);
    expect((await venue.getFundingPayments()).length).toBe(1);
    expect((await venue.getCandles({ symbol: 'BTC', interval: '1m', limit: 30 })).length).toBe(30);
    expect((await venue.getAllStats()).length).toBe(markets.length);
    await sub.unsubscribe();
    await venue.close();
  });

  it('turns engine rejections into VenueRejectedError with the sim code', async () => {
    const { engine } = setup();
    const venue = new EngineVenue(engine, 'a');
    const err = await venue
      .placeOrder({ symbol: 'BTC', side: 'sell', type: 'market', size: '0.01', reduceOnly: true, clientOrderId: 'r1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context.venueCode).toBe('REDUCE_ONLY_NOTHING_TO_REDUCE');
    expect((err as VenueRejectedError).context.clientOrderId).toBe('r1');
    await expect(venue.cancelOrder({ symbol: 'BTC', orderId: '1' })).rejects.toBeInstanceOf(VenueRejectedError);
    expect(await venue.getOrder({ symbol: 'BTC', orderId: 'nope' })).toBeNull();
  });
});
