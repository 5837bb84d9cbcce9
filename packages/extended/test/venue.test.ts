import { InvalidInputError, type RateLimiter, TransportError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { ExtendedClient, ExtendedVenue } from '../src/index.js';
import { closeAfterEach } from './support/close-after-each.js';
import { FixtureServer, okBody } from './support/fixture-server.js';

const BOOK = '{"market":"BTC-USD","bid":[{"qty":"0.5","price":"65000"}],"ask":[{"qty":"0.2","price":"65001"}]}';

let server: FixtureServer | undefined;
closeAfterEach(() => server);

describe('ExtendedVenue over ExtendedClient', () => {
  it('wraps a given client (shared caches, one close) or builds one from options', async () => {
    const client = new ExtendedClient({ restUrl: 'http://127.0.0.1:9/api/v1' });
    const venue = new ExtendedVenue(client);
    expect(venue.client).toBe(client);
    expect(venue.id).toBe('extended');
    const built = new ExtendedVenue({ restUrl: 'http://127.0.0.1:9/api/v1', marketSlippage: '0.01' });
    expect(built.client).toBeInstanceOf(ExtendedClient);
    expect(built.client.options.marketSlippage).toBe('0.01');
    await venue.close();
    // A closed client opens no new stream.
    await expect(client.subscribeTrades('BTC-USD', () => undefined)).rejects.toThrow(/closed/);
  });

  it('refuses a market band outside (0, 5 %] when the venue is made, before any request', () => {
    expect(() => new ExtendedVenue({ marketSlippage: '0.06' })).toThrow(InvalidInputError);
    expect(() => new ExtendedVenue({ marketSlippage: '0' })).toThrow(InvalidInputError);
    expect(() => new ExtendedVenue({ marketSlippage: '0.05' })).not.toThrow();
  });

  it('the client names markets by venue id: an unknown one is refused after one refetch', async () => {
    server = await new FixtureServer().start();
    server.on('GET', '/info/markets', { body: okBody('[]') });
    const client = new ExtendedClient({ restUrl: server.baseUrl });
    await expect(client.market('BTC')).rejects.toBeInstanceOf(InvalidInputError);
    expect(server.requests.filter((r) => r.url.startsWith('/api/v1/info/markets'))).toHaveLength(2);
  });
});

describe('client options', () => {
  it('retry: replaces the default policy (one attempt = no retry of a failed GET)', async () => {
    server = await new FixtureServer().start();
    server.on('GET', '/info/markets/BTC-USD/orderbook', { status: 503, body: 'busy' }, { body: okBody(BOOK) });
    const once = new ExtendedClient({
      restUrl: server.baseUrl,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(once.api.getOrderBook({ market: 'BTC-USD' })).rejects.toBeInstanceOf(TransportError);
    expect(server.requests).toHaveLength(1);
    const fast = new ExtendedClient({
      restUrl: server.baseUrl,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    server.on('GET', '/info/markets/BTC-USD/orderbook', { status: 503, body: 'busy' }, { body: okBody(BOOK) });
    expect((await fast.api.getOrderBook({ market: 'BTC-USD' })).bid[0]?.price.toFixed()).toBe('65000');
    expect(server.requests).toHaveLength(3);
  });

  it('rateLimiter: a given limiter is asked before every request', async () => {
    server = await new FixtureServer().start();
    server.on('GET', '/info/markets/BTC-USD/orderbook', { body: okBody(BOOK) });
    let asked = 0;
    const limiter: RateLimiter = {
      acquire: async () => {
        asked++;
      },
    };
    await new ExtendedClient({ restUrl: server.baseUrl, rateLimiter: limiter }).api.getOrderBook({ market: 'BTC-USD' });
    expect(asked).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});
