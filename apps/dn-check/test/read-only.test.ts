import { ExtendedClient } from '@dn/extended';
import { LighterClient } from '@dn/lighter';
import { PacificaClient } from '@dn/pacifica';
import { describe, expect, it, vi } from 'vitest';
import { ReadOnlyViolation } from '../src/errors.js';
import { readOnly } from '../src/read-only.js';

describe('read-only guard', () => {
  it('refuses every write before it reaches the client; reads pass with the client as `this`', async () => {
    const writes = {
      placeOrder: vi.fn(),
      placeOrders: vi.fn(),
      cancelOrder: vi.fn(),
      cancelAllOrders: vi.fn(),
      setLeverage: vi.fn(),
      setDeadManSwitch: vi.fn(),
      sendTx: vi.fn(),
      sendTxBatch: vi.fn(),
      createOrder: vi.fn(),
      editOrder: vi.fn(),
      updateLeverage: vi.fn(),
      massCancel: vi.fn(),
      batchOrders: vi.fn(),
      trade: vi.fn(),
      buildOrder: vi.fn(),
      signTx: vi.fn(),
      closePosition: vi.fn(),
    };
    const client = {
      ...writes,
      secret: 42,
      api: { placeOrder: vi.fn(), getMarkets: vi.fn(async () => 'markets') },
      http: { post: vi.fn() },
      getMarkets(this: { secret: number }) {
        return this.secret;
      },
      close: vi.fn(async () => undefined),
    };
    const seen: string[] = [];
    const guarded = readOnly(client, (m) => seen.push(m));
    for (const name of Object.keys(writes)) {
      expect(() => (guarded as unknown as Record<string, () => void>)[name]?.(), name).toThrow(ReadOnlyViolation);
    }
    expect(() => guarded.api.placeOrder()).toThrow('api.placeOrder');
    expect(() => guarded.http).toThrow(ReadOnlyViolation);
    for (const fn of [...Object.values(writes), client.api.placeOrder, client.http.post])
      expect(fn).not.toHaveBeenCalled();
    expect(seen).toEqual([...Object.keys(writes), 'api.placeOrder', 'http']);
    expect(guarded.getMarkets()).toBe(42);
    await expect(guarded.api.getMarkets()).resolves.toBe('markets');
    await guarded.close();
    expect(client.close).toHaveBeenCalledOnce();
  });

  it('wraps the real clients: typed REST writes and raw transports are refused, instanceof still holds', () => {
    const ext = readOnly(new ExtendedClient());
    expect(ext).toBeInstanceOf(ExtendedClient);
    expect(() => ext.api.placeOrder({} as never)).toThrow(ReadOnlyViolation);
    expect(() => ext.api.setLeverage({ market: 'BTC-USD', leverage: 1 as never })).toThrow(ReadOnlyViolation);
    expect(typeof ext.api.getMarkets).toBe('function');
    const pac = readOnly(new PacificaClient());
    expect(() => pac.rest.createMarketOrder({} as never)).toThrow(ReadOnlyViolation);
    expect(() => pac.ws).toThrow(ReadOnlyViolation);
    const lighter = readOnly(
      new LighterClient({ accountIndex: '1', apiKeyIndex: '3', privateKey: `02${'00'.repeat(39)}` }),
    );
    expect(() => lighter.sendTx(0 as never, {} as never)).toThrow(ReadOnlyViolation);
    expect(() => lighter.http).toThrow(ReadOnlyViolation);
    expect(() => lighter.nonces).toThrow(ReadOnlyViolation);
  });
});
