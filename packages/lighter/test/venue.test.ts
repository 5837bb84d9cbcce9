import { InvalidInputError, TransportError } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { LighterClient, LighterVenue, TX_TYPE } from '../src/index.js';

// FAKE test key: ascii("lighter test vector key: FAKE, NO FUNDS!") as in shared/vectors/lighter.
const KEY = `0x${Buffer.from('lighter test vector key: FAKE, NO FUNDS!').toString('hex')}`;
const OPTIONS = { accountIndex: '1077', apiKeyIndex: 3, privateKey: KEY, restUrl: 'http://127.0.0.1:9' };

describe('LighterVenue over LighterClient', () => {
  it('wraps a given client, or builds one from the options', async () => {
    const client = new LighterClient(OPTIONS);
    const venue = new LighterVenue(client);
    expect(venue.client).toBe(client);
    expect(venue.id).toBe('lighter');
    const built = new LighterVenue({ ...OPTIONS, marketSlippage: '0.01', rateLimiter: false });
    expect(built.client).toBeInstanceOf(LighterClient);
    expect(built.client.marketSlippage.toFixed()).toBe('0.01');
    expect(built.client.accountIndex).toBe(1077n);
    await Promise.all([venue.close(), built.close()]);
  });

  it('refuses a market slippage outside (0, 1) when built, naming the option', () => {
    for (const marketSlippage of ['0', '1', '-0.1']) {
      const err = (() => {
        try {
          new LighterVenue({ ...OPTIONS, marketSlippage });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).context).toMatchObject({ field: 'marketSlippage' });
    }
  });

  it('close() closes the client: no tx is sent afterwards', async () => {
    const venue = new LighterVenue(OPTIONS);
    await venue.close();
    await expect(
      venue.client.sendTx(TX_TYPE.CANCEL_ALL_ORDERS, { TimeInForce: 0, Time: 0, L2TxAttributes: null }),
    ).rejects.toThrow(TransportError);
    expect(() => venue.client.ws).toThrow(/closed/);
  });
});
