/**
 * `EdgexVenue` over `EdgexClient`: the venue wraps a given client, options are plain named fields (`restUrl`,
 * `marketSlippage`, `rateLimiter`), and REST requests go through the limiter given, or none with `rateLimiter: false`.
 */
import type { RateLimiter } from '@dn/core';
import { type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgexClient, EdgexVenue } from '../src/index.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function timeServer(): Promise<string> {
  server = await startReplayServer({
    routes: [
      { path: '/api/v2/public/meta/getServerTime', body: { code: 'SUCCESS', data: { timeMillis: '1750000000000' } } },
    ],
  });
  return server.url;
}

describe('EdgexVenue and EdgexClient', () => {
  it('wraps a given client (venue.client is that client) or builds one from options', async () => {
    const client = new EdgexClient({ restUrl: await timeServer() });
    const venue = new EdgexVenue(client);
    expect(venue.client).toBe(client);
    expect(await venue.client.getServerTime()).toBe(1_750_000_000_000);
    expect(new EdgexVenue({ rateLimiter: false }).client).toBeInstanceOf(EdgexClient);
  });

  it('sends REST requests through the given rateLimiter; false sends them unlimited', async () => {
    const weights: number[] = [];
    const limiter: RateLimiter = { acquire: async (weight = 1) => void weights.push(weight) };
    const restUrl = await timeServer();
    await new EdgexClient({ restUrl, rateLimiter: limiter }).getServerTime();
    expect(weights).toEqual([1]);
    await new EdgexClient({ restUrl, rateLimiter: false }).getServerTime();
    expect(weights).toEqual([1]);
  });

  it('credentials from a record of named strings, no cast: the missing ones are listed at once', () => {
    const record: Record<string, string> = { accountId: '543429922991899150', apiKey: 'fake-key' };
    expect(
      () =>
        new EdgexVenue({
          accountId: record.accountId,
          apiKey: record.apiKey,
          passphrase: record.passphrase,
          secret: record.secret,
          tradingPrivateKey: record.tradingPrivateKey,
        }),
    ).toThrow(/passphrase[\s\S]*secret[\s\S]*tradingPrivateKey/);
  });

  it('refuses a market-order band outside (0, 1) when the client is built', () => {
    expect(() => new EdgexClient({ marketSlippage: '1' })).toThrow(/marketSlippage/);
    expect(() => new EdgexVenue({ marketSlippage: '0' })).toThrow(/marketSlippage/);
  });
});
