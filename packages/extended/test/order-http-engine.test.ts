import { type RateLimiter, VenueRejectedError } from '@dn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTENDED_SEPOLIA_DOMAIN, ExtendedClient, type ExtendedClientOptions } from '../src/index.js';
import { API_KEY, BTC_MARKET, FEES, TEST_KEY } from './support/btc-market.js';
import { FixtureServer, okBody } from './support/fixture-server.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A client on a fixture server answering markets, fees, orders, cancels and the dead man's switch. */
async function setup(extra: Partial<ExtendedClientOptions> = {}) {
  const s = await new FixtureServer().start();
  server = s;
  s.on('GET', '/info/markets', { body: okBody(`[${BTC_MARKET}]`) })
    .on('GET', '/user/fees', { body: okBody(FEES) })
    .on('POST', '/user/order', { body: okBody('{"id":"2051479786538188801","externalId":"ext-1"}') })
    .on('DELETE', '/user/order/2051479786538188801', { body: '{"status":"OK"}' })
    .on('DELETE', '/user/order', { body: '{"status":"OK"}' })
    .on('POST', '/user/order/massCancel', { body: '{"status":"OK"}' })
    .on('POST', '/user/deadmanswitch', { body: '' });
  const client = new ExtendedClient({
    apiKey: API_KEY,
    starkPrivateKey: TEST_KEY,
    vault: 10002,
    restUrl: s.baseUrl,
    userAgent: 'dn-test/1.0',
    domain: EXTENDED_SEPOLIA_DOMAIN,
    ...extra,
  });
  const market = await client.market('BTC-USD');
  const { body } = await client.buildOrder(market, {
    side: 'BUY',
    qty: '0.01',
    price: '60000',
    expiryEpochMillis: Date.now() + 3_600_000,
  });
  return { s, client, body };
}

/** Each order-path call, then one general call, in this order. */
async function everyCall(client: ExtendedClient, body: Parameters<ExtendedClient['placeOrder']>[0]) {
  await client.placeOrder(body);
  await client.api.cancelOrder({ id: '2051479786538188801' });
  await client.api.cancelOrderByExternalId({ externalId: body.id });
  await client.api.massCancel({ markets: ['BTC-USD'] });
  await client.setDeadManSwitch(60);
}

type Seen = { 'accept-encoding'?: string | undefined; connection?: string | undefined };
// axios always offers compression; the node and socket engines ask for identity. node's agent says
// `Connection: keep-alive`; the socket engine relies on HTTP/1.1's default and sends no Connection header.
const stack = (h: Seen) =>
  h['accept-encoding'] !== 'identity' ? 'axios' : h.connection === undefined ? 'socket' : 'node';

describe('order HTTP engine', () => {
  it('sends placement and every cancellation through the socket engine by default, the rest through axios', async () => {
    const { s, client, body } = await setup();
    const before = s.requests.length;
    await everyCall(client, body);
    const rows = s.requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]} ${stack(r.headers)}`);
    expect(rows).toEqual([
      'POST /api/v1/user/order socket',
      'DELETE /api/v1/user/order/2051479786538188801 socket',
      'DELETE /api/v1/user/order socket',
      'POST /api/v1/user/order/massCancel socket',
      'POST /api/v1/user/deadmanswitch axios',
    ]);
    expect(s.requests.slice(0, before).every((r) => stack(r.headers) === 'axios')).toBe(true);
    // Same headers on the lean path: user agent, API key, JSON content type; the signed body byte for byte.
    const order = s.requests[before]!;
    expect(order.headers).toMatchObject({
      'user-agent': 'dn-test/1.0',
      'x-api-key': API_KEY,
      'content-type': 'application/json',
    });
    expect(JSON.parse(order.body)).toMatchObject({ id: body.id, market: 'BTC-USD' });
  });

  it("keeps every call on axios with orderHttpEngine: 'axios'", async () => {
    const { s, client, body } = await setup({ orderHttpEngine: 'axios' });
    await everyCall(client, body);
    expect(s.requests.every((r) => stack(r.headers) === 'axios')).toBe(true);
  });

  it("sends the order path through node:http with orderHttpEngine: 'node'", async () => {
    const { s, client, body } = await setup({ orderHttpEngine: 'node' });
    const before = s.requests.length;
    await everyCall(client, body);
    expect(s.requests.slice(before).map((r) => stack(r.headers))).toEqual(['node', 'node', 'node', 'node', 'axios']);
  });

  it('charges order and general requests to the one shared rate limiter', async () => {
    let tokens = 0;
    const rateLimiter: RateLimiter = {
      acquire: async (weight: number) => {
        tokens += weight;
      },
    };
    const { s, client, body } = await setup({ rateLimiter });
    await everyCall(client, body);
    expect(tokens).toBe(s.requests.length);
  });

  it("maps the venue's error envelope on the order path (shared mapError), with the client order id", async () => {
    const { s, client, body } = await setup();
    s.on('POST', '/user/order', {
      status: 400,
      body: '{"status":"ERROR","error":{"code":1140,"message":"Insufficient margin"}}',
    });
    const err = await client.placeOrder(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).context).toMatchObject({ venueCode: 1140, clientOrderId: body.id });
  });
});
