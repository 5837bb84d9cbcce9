/**
 * `PacificaVenue` over `PacificaClient`: the venue wraps a given client, and the client's REST requests go through the
 * limiter it was given (`rateLimiter`), with the weights of `rateLimitBudget`, or none with `rateLimiter: false`.
 */
import { readFileSync } from 'node:fs';
import type { RateLimiter } from '@dn/core';
import { type ReplayServer, startReplayServer } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PacificaClient, PacificaVenue } from '../src/index.js';

const INFO = JSON.parse(readFileSync(new URL('./fixtures/real/ccxt-info.json', import.meta.url), 'utf8')) as unknown;

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A limiter that lets everything through and records each request's weight. */
function recordingLimiter(): RateLimiter & { weights: number[] } {
  const weights: number[] = [];
  return { weights, acquire: async (weight = 1) => void weights.push(weight) };
}

async function infoServer(): Promise<string> {
  server = await startReplayServer({ routes: [{ path: '/info', body: INFO }] });
  return server.url;
}

describe('PacificaVenue and PacificaClient', () => {
  it('wraps a given client (venue.client is that client) or builds one from options', async () => {
    const client = new PacificaClient({ restUrl: await infoServer(), rateLimiter: false });
    const venue = new PacificaVenue(client);
    expect(venue.client).toBe(client);
    expect((await venue.getMarkets()).map((m) => m.symbol)).toEqual(['BTC']);
    expect(new PacificaVenue({ rateLimiter: false }).client).toBeInstanceOf(PacificaClient);
  });

  it('sends REST requests through the given rateLimiter with the budget weights', async () => {
    const limiter = recordingLimiter();
    const client = new PacificaClient({
      restUrl: await infoServer(),
      rateLimiter: limiter,
      rateLimitBudget: { weights: { standard: 2 } },
    });
    await client.loadMarkets();
    expect(limiter.weights).toEqual([2]);
  });

  it('refuses a market-order band outside (0, 1) when the client is built', () => {
    expect(() => new PacificaClient({ marketSlippage: '1' })).toThrow(/marketSlippage/);
    expect(() => new PacificaVenue({ marketSlippage: '0' })).toThrow(/marketSlippage/);
  });
});
