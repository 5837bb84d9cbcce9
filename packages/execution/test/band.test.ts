import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { bandFor, clientOrderId, edgeBandCap } from '../src/index.js';

const d = (x: string) => new Decimal(x);

describe('price band policy', () => {
  it('widens ×1.5 per attempt, at most ×4, without a cap', () => {
    const policy = { band: d('0.002') };
    expect([1, 2, 3, 4, 5, 6].map((a) => bandFor(policy, a).toString())).toEqual([
      '0.002',
      '0.003',
      '0.0045',
      '0.00675',
      '0.008',
      '0.008',
    ]);
  });

  it('stops at the hedge cap, and reduce-only orders at their own cap (else the hedge cap)', () => {
    const policy = { band: d('0.002'), bandCap: d('0.004'), reduceBandCap: d('0.007') };
    expect(bandFor(policy, 4).toString()).toBe('0.004');
    expect(bandFor(policy, 4, 'reduce').toString()).toBe('0.00675');
    expect(bandFor(policy, 6, 'reduce').toString()).toBe('0.007');
    expect(bandFor({ band: d('0.002'), bandCap: d('0.004') }, 6, 'reduce').toString()).toBe('0.004');
  });

  it('never goes below the base band, even with a cap under it', () => {
    expect(bandFor({ band: d('0.005'), bandCap: d('0.001') }, 3).toString()).toBe('0.005');
  });

  it('caps by the edge: at least the base band, at most the max slippage, a negative edge as none', () => {
    const cap = (edge: string) => edgeBandCap({ band: d('0.002'), maxSlippage: d('0.01'), edge: d(edge) }).toString();
    expect(cap('0.006')).toBe('0.006');
    expect(cap('0.05')).toBe('0.01');
    expect(cap('0.001')).toBe('0.002');
    expect(cap('-0.003')).toBe('0.002');
  });
});

describe('client order ids', () => {
  it('are RFC 9562 version-8 UUIDs, stable per (pair, label) and distinct across labels and pairs', () => {
    const id = clientOrderId('pair-1', 'p');
    expect(id).toBe('8006f28e-1880-8b96-9c78-6890207a89e6');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientOrderId('pair-1', 'p')).toBe(id);
    expect(clientOrderId('pair-1', 'h1')).not.toBe(id);
    expect(clientOrderId('pair-2', 'p')).not.toBe(id);
  });
});
