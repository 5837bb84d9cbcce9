import type { ReplayRoute } from '@dn/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { closeReplays, fixture, fixtureJson, replay } from './support/real-fixtures.js';

afterEach(closeReplays);

/*
 * getLeverage reads the account's position row: `initial_margin_fraction` is a percent on REST. Captures: CCXT's
 * account 1077 holds ETH at "5.00" (CCXT's parsed position says leverage 20); nautilus' account 123456 has a flat BTC
 * row at "10.00" (the row the venue keeps once leverage was set). The BTC market (id 1) is the live ETH details
 * re-labelled, since no BTC details capture exists (derived variant, fixtures/real/README.md).
 */
const details = fixtureJson<{ order_book_details: Record<string, unknown>[] }>('nautilus.http_order_book_details.json');
const eth = details.order_book_details[0] as Record<string, unknown>;
const ETH_AND_BTC: ReplayRoute = {
  path: '/api/v1/orderBookDetails',
  body: JSON.stringify({ ...details, order_book_details: [eth, { ...eth, symbol: 'BTC', market_id: 1 }] }),
};

describe('getLeverage (account position rows)', () => {
  it('reads 20× from the CCXT capture ("5.00" %) and asks the account by index', async () => {
    const { venue, server } = await replay([
      ETH_AND_BTC,
      { path: '/api/v1/account', body: fixture('ccxt.fetchPositions.account.json') },
    ]);
    expect((await venue.getLeverage('ETH'))?.toFixed()).toBe('20');
    expect(server.requests.find((r) => r.path === '/api/v1/account')?.query).toMatchObject({
      by: 'index',
      value: '1077',
    });
    // No row for BTC: the answer does not say.
    expect(await venue.getLeverage('BTC')).toBeUndefined();
  });

  it('reads 10× from the flat row of the nautilus capture (position "0.00000", "10.00" %)', async () => {
    const { venue } = await replay(
      [ETH_AND_BTC, { path: '/api/v1/account', body: fixture('nautilus.http_account.json') }],
      { accountIndex: 123456 },
    );
    expect((await venue.getLeverage('BTC'))?.toFixed()).toBe('10');
    expect(await venue.getPositions()).toEqual([]); // the row is a leverage setting, not a position
  });

  it('an implausible fraction is no answer: "0.0500" (the WS docs example, a fraction) would read as 2000×', async () => {
    const account = fixtureJson<{ accounts: { positions: Record<string, unknown>[] }[] }>(
      'ccxt.fetchPositions.account.json',
    );
    const position = account.accounts[0]?.positions[0] as Record<string, unknown>;
    position['initial_margin_fraction'] = '0.0500';
    const { venue } = await replay([ETH_AND_BTC, { path: '/api/v1/account', body: JSON.stringify(account) }]);
    expect(await venue.getLeverage('ETH')).toBeUndefined();
    position['initial_margin_fraction'] = '0.00';
    const zero = await replay([ETH_AND_BTC, { path: '/api/v1/account', body: JSON.stringify(account) }]);
    expect(await zero.venue.getLeverage('ETH')).toBeUndefined();
  });
});
