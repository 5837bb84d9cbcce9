import { TransportError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { EXTENDED_MAINNET_DOMAIN, EXTENDED_SEPOLIA_DOMAIN, ExtendedClient, verifyOrderBody } from '../src/index.js';
import { marketSchema } from '../src/wire.js';
import { fixture, TEST_KEY } from './support/real-fixtures.js';

// No request leaves the process: the two REST calls buildOrder needs are replaced on the client's `api`.
const MARKET = marketSchema.parse(JSON.parse(fixture('ccxt-markets.json')).data[0]);
const { type: _type, ...L2 } = MARKET.l2Config;
const SIGNED = { l2Config: L2 };
const unreachable = () => Promise.reject(new TransportError('no /info/starknet answer', { venue: 'extended' }));

function offline(options: ConstructorParameters<typeof ExtendedClient>[0]): ExtendedClient {
  const c = new ExtendedClient(options);
  Object.assign(c.api, { getMarkets: async () => [MARKET], getStarknetDomain: unreachable });
  return c;
}

const order = {
  side: 'BUY',
  qty: '0.001',
  price: '77000',
  fee: '0.00025',
  expiryEpochMillis: 1_800_000_000_000,
  nonce: 7,
} as const;

describe('signing domain when /info/starknet does not answer', () => {
  it("on the venue's own hosts, signs under that network's documented domain", async () => {
    const main = await offline({ starkPrivateKey: TEST_KEY, vault: 1 }).buildOrder('BTC-USD', order);
    expect(verifyOrderBody(main.body, SIGNED, EXTENDED_MAINNET_DOMAIN).valid).toBe(true);
    const test = await offline({ starkPrivateKey: TEST_KEY, vault: 1, network: 'testnet' }).buildOrder(
      'BTC-USD',
      order,
    );
    expect(verifyOrderBody(test.body, SIGNED, EXTENDED_SEPOLIA_DOMAIN).valid).toBe(true);
    expect(verifyOrderBody(test.body, SIGNED, EXTENDED_MAINNET_DOMAIN).valid).toBe(false);
  });

  it('with a custom baseUrl, fails instead of guessing the domain', async () => {
    const c = offline({ starkPrivateKey: TEST_KEY, vault: 1, restUrl: 'http://127.0.0.1:9/api/v1' });
    await expect(c.buildOrder('BTC-USD', order)).rejects.toBeInstanceOf(TransportError);
  });
});
