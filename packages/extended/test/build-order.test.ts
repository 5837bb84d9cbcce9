import { InvalidInputError, SigningError } from '@dn/core';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type BuildOrderParameters,
  buildOrder,
  EXTENDED_SEPOLIA_DOMAIN,
  entirePositionSize,
  priceWithSlippage,
  quantityPrecision,
  type SettlementAmountsParameters,
  settlementAmounts,
} from '../src/index.js';
import { loadVector, type PythonSdkOrderFile, pythonSdkFixtures } from './vectors.js';

// The public Python SDK's BTC-USD market (tick 0.1) and FAKE account (tests/fixtures). Never fund the key.
const { market, account } = pythonSdkFixtures(loadVector<PythonSdkOrderFile>('python-sdk-limit-order-objects.json'));
const KEY = account.privateKey;
const PUB = account.publicKey;

const base: BuildOrderParameters = {
  market,
  account,
  domain: EXTENDED_SEPOLIA_DOMAIN,
  side: 'BUY',
  qty: '0.001',
  price: '43445.1',
  fee: '0.0005',
  expiryEpochMillis: 1705626536861,
  nonce: 1473459052,
};

function invalid(patch: Partial<BuildOrderParameters> | Record<string, unknown>): InvalidInputError {
  try {
    buildOrder({ ...base, ...patch } as BuildOrderParameters);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error('expected InvalidInputError');
}

/** `settlementAmounts` on the SDK fixture's BTC-USD order (resolutions 10^6) unless patched. */
const amounts = (patch: Partial<SettlementAmountsParameters>) =>
  settlementAmounts({
    side: 'BUY',
    qty: '0.001',
    price: '43445.1168',
    feeRate: '0.0005',
    syntheticResolution: 1000000n,
    collateralResolution: 1000000n,
    ...patch,
  });

describe('amount scaling and rounding (SDK rules)', () => {
  it('BUY rounds synthetic and collateral up, SELL down; fee always up', () => {
    expect(amounts({ side: 'BUY' })).toEqual({ synthetic: 1000n, collateral: -43445117n, fee: 21723n });
    expect(amounts({ side: 'SELL' })).toEqual({
      synthetic: -1000n,
      collateral: 43445116n,
      fee: 21723n,
    });
    expect(amounts({ qty: '0.0000001', side: 'BUY' }).synthetic).toBe(1n);
    expect(amounts({ qty: '0.0000001', side: 'SELL' }).synthetic).toBe(-0n);
  });

  it('is exact beyond decimal.js default precision (20 digits)', () => {
    const r = amounts({
      side: 'SELL',
      qty: '123456.1234567891',
      price: '98765.4321987654',
      feeRate: '0.00025',
      syntheticResolution: 10n ** 10n,
    });
    // 123456.1234567891 × 98765.4321987654 = 12193197390.79391455572926817714 (exact, 30 digits)
    expect(r.collateral).toBe(12193197390793914n);
    expect(r.synthetic).toBe(-1234561234567891n);
    // With 20-digit arithmetic qty × price would round to 1 and BUY would not round up.
    const tiny = amounts({
      qty: '1.00000000000000000001',
      price: '1',
      feeRate: '0',
      syntheticResolution: 1n,
      collateralResolution: 1n,
    });
    expect(tiny).toEqual({ synthetic: 2n, collateral: -2n, fee: 0n });
  });

  it('accepts Decimal instances of any clone, and never JS numbers', () => {
    const Low = Decimal.clone({ precision: 5 });
    expect(amounts({ qty: new Low('0.001'), price: new Low('43445.1168') }).collateral).toBe(-43445117n);
    expect(() => amounts({ qty: 0.1 as unknown as string })).toThrow(InvalidInputError);
  });

  it('refuses amounts that overflow the i64 contract fields', () => {
    expect(() => amounts({ qty: '1e13', price: '1e6', feeRate: '0' })).toThrow(InvalidInputError);
  });

  it('market-order worst price with slippage, as the SDK (vector prices)', () => {
    expect(priceWithSlippage('BUY', '50000', '0.1').toFixed()).toBe('50375');
    expect(priceWithSlippage('SELL', '50000', '0.1').toFixed()).toBe('49625');
    expect(priceWithSlippage('BUY', '100.01', '0.1', '0.001').toFixed()).toBe('100.2'); // 100.11001 → ceil
    expect(priceWithSlippage('SELL', '100.01', '0.1', '0.001').toFixed()).toBe('99.9'); // 99.90999 → floor
    expect(priceWithSlippage('SELL', '0.05', '0.1').toFixed()).toBe('0.1'); // never below one tick
  });

  it('entire-position TP/SL size and quantity precision', () => {
    expect(quantityPrecision('0.00001')).toBe(5);
    expect(quantityPrecision('1')).toBe(0);
    expect(quantityPrecision('0.5')).toBe(0);
    expect(entirePositionSize('39000', '10000000', '0.00001').toFixed()).toBe('12820.51282');
    expect(entirePositionSize('50000', '10000000', '0.00001').toFixed()).toBe('10000');
    expect(entirePositionSize('3', '10', '10').toFixed()).toBe('160'); // 166.66 floored to tens
  });
});

describe('buildOrder body', () => {
  it('omits absent optionals and formats decimals canonically', () => {
    const { body, externalId, orderHash, settlementExpiration } = buildOrder({ ...base, qty: new Decimal('0.00100') });
    expect(body.qty).toBe('0.001');
    expect(body.nonce).toBe('1473459052');
    expect(body.expiryEpochMillis).toBe(1705626536861);
    expect(settlementExpiration).toBe(1706836137n);
    expect(externalId).toBe(BigInt(orderHash).toString());
    for (const key of ['cancelId', 'trigger', 'tpSlType', 'takeProfit', 'stopLoss', 'builderFee', 'builderId']) {
      expect(body).not.toHaveProperty(key);
    }
  });

  it('custom external id and cancel id are sent; the signature does not depend on them', () => {
    const a = buildOrder(base);
    const b = buildOrder({ ...base, externalId: 'my-id-1', cancelId: 'old-id' });
    expect(b.body.id).toBe('my-id-1');
    expect(b.body.cancelId).toBe('old-id');
    expect(b.body.settlement).toEqual(a.body.settlement);
  });

  it('builder fee: signed fee covers fee + builderFee, JSON carries them separately', () => {
    const { body } = buildOrder({ ...base, builderFee: '0.0001', builderId: 2001n });
    expect(body.fee).toBe('0.0005');
    expect(body.builderFee).toBe('0.0001');
    expect(body.builderId).toBe('2001');
    expect(body.debuggingAmounts.feeAmount).toBe('26068'); // ceil(0.0006 × 43.4451 × 1e6 = 26067.06)
  });

  it('derives the public key when not given', () => {
    const { body } = buildOrder({ ...base, account: { vault: '10002', privateKey: KEY } });
    expect(body.settlement?.starkKey).toBe(PUB);
    expect(body.settlement?.collateralPosition).toBe('10002');
  });
});

describe('buildOrder input validation (nothing is signed)', () => {
  it.each([
    ['side', { side: 'LONG' }],
    ['qty', { qty: '0' }],
    ['qty', { qty: '-0.001' }],
    ['qty', { qty: '0.000015' }],
    ['qty', { qty: '0.00005' }],
    ['qty', { qty: 0.001 }],
    ['qty', { qty: 'NaN' }],
    ['price', { price: '0' }],
    ['price', { price: '-1' }],
    ['price', { price: '43445.15' }],
    ['price', { price: '1e400x' }],
    ['type', { type: 'STOP' }],
    ['timeInForce', { timeInForce: 'FOK' }],
    ['timeInForce', { type: 'MARKET', timeInForce: 'GTT' }],
    ['postOnly', { type: 'MARKET', timeInForce: 'IOC', postOnly: true }],
    ['trigger', { type: 'CONDITIONAL' }],
    [
      'trigger',
      { trigger: { triggerPrice: '1', triggerPriceType: 'MARK', direction: 'UP', executionPriceType: 'LIMIT' } },
    ],
    [
      'trigger.direction',
      {
        type: 'CONDITIONAL',
        trigger: { triggerPrice: '1', triggerPriceType: 'MARK', direction: 'SIDEWAYS', executionPriceType: 'LIMIT' },
      },
    ],
    ['tpSlType', { takeProfit: { triggerPrice: '1', triggerPriceType: 'MARK', price: '1', priceType: 'LIMIT' } }],
    [
      'takeProfit.price',
      {
        tpSlType: 'ORDER',
        takeProfit: { triggerPrice: '1', triggerPriceType: 'MARK', price: '0', priceType: 'LIMIT' },
      },
    ],
    [
      'takeProfit.price',
      {
        tpSlType: 'ORDER',
        takeProfit: { triggerPrice: '1', triggerPriceType: 'MARK', price: '1.05', priceType: 'LIMIT' },
      },
    ],
    [
      'reduceOnly',
      {
        type: 'TPSL',
        price: '0',
        tpSlType: 'ORDER',
        stopLoss: { triggerPrice: '1', triggerPriceType: 'MARK', price: '1', priceType: 'LIMIT' },
      },
    ],
    [
      'price',
      {
        type: 'TPSL',
        reduceOnly: true,
        tpSlType: 'ORDER',
        stopLoss: { triggerPrice: '1', triggerPriceType: 'MARK', price: '1', priceType: 'LIMIT' },
      },
    ],
    [
      'qty',
      {
        type: 'TPSL',
        reduceOnly: true,
        price: '0',
        tpSlType: 'POSITION',
        stopLoss: { triggerPrice: '1', triggerPriceType: 'MARK', price: '1', priceType: 'LIMIT' },
      },
    ],
    ['takeProfit', { type: 'TPSL', reduceOnly: true, price: '0', tpSlType: 'ORDER' }],
    ['fee', { fee: '-0.0001' }],
    ['fee', { fee: '5' }],
    ['nonce', { nonce: 0 }],
    ['nonce', { nonce: 2 ** 31 }],
    ['nonce', { nonce: 1.5 }],
    ['expiryEpochMillis', { expiryEpochMillis: 1.5 }],
    ['expiryEpochMillis', { expiryEpochMillis: 0 }],
    ['account.vault', { account: { vault: 2 ** 32, privateKey: KEY, publicKey: PUB } }],
    ['selfTradeProtectionLevel', { selfTradeProtectionLevel: 'NONE' }],
    ['externalId', { externalId: '' }],
    ['postOnly', { postOnly: 'yes' }],
  ])('%s: %j', (field, patch) => {
    expect(invalid(patch).context.field).toBe(field);
  });

  it('price tick check can be disabled (the SDK does not check it)', () => {
    expect(buildOrder({ ...base, price: '43445.15', validatePriceTick: false }).body.price).toBe('43445.15');
  });

  it('malformed keys → SigningError that does not contain the key', () => {
    const bad = `${KEY.slice(0, -1)}g`;
    let err: unknown;
    try {
      buildOrder({ ...base, account: { vault: 1, privateKey: bad } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigningError);
    expect((err as Error).message).not.toContain(bad.slice(2, 30));
    expect(() => buildOrder({ ...base, account: { vault: 1, privateKey: KEY, publicKey: 'pub' } })).toThrow(
      SigningError,
    );
  });
});
