import { Decimal } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { OpsMetrics } from '../src/index.js';

/** One sample line's value from the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('OpsMetrics', () => {
  it('exposes every metric under dn_ with the app label, and build info', async () => {
    const m = new OpsMetrics({ app: 'rotation-bot', version: '1.2.3' });
    const { body, contentType } = await m.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = [...body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((x) => x[1] as string);
    expect(names.length).toBeGreaterThan(20);
    for (const n of names) expect(n.startsWith('dn_'), n).toBe(true);
    for (const n of [
      'dn_position_size_base',
      'dn_position_notional_usd',
      'dn_net_exposure_usd',
      'dn_funding_accrued_usd',
      'dn_funding_predicted_usd',
      'dn_pnl_funding_usd',
      'dn_pnl_fees_paid_usd',
      'dn_pnl_price_usd',
      'dn_pnl_net_usd',
      'dn_order_latency_seconds',
      'dn_orders_total',
      'dn_errors_total',
      'dn_ws_reconnects_total',
      'dn_stream_staleness_seconds',
      'dn_naked_exposure_max_seconds',
      'dn_naked_exposure_seconds_total',
      'dn_halted',
      'dn_build_info',
      'dn_process_resident_memory_bytes',
    ]) {
      expect(names).toContain(n);
    }
    expect(sample(body, 'dn_build_info', { app: 'rotation-bot', version: '1.2.3', node: process.version })).toBe(1);
  });

  it('records the values the apps set, by venue and symbol', async () => {
    const m = new OpsMetrics({ app: 'a', processMetrics: false });
    m.setPositions([
      { venue: 'extended', symbol: 'BTC', size: new Decimal('0.5'), notionalUsd: '30000.25' },
      { venue: 'pacifica', symbol: 'BTC', size: '-0.5', notionalUsd: '-30001' },
    ]);
    m.setNetExposure('BTC', '-0.75');
    m.setFunding('extended', 'BTC', '1.5', '0.25');
    m.setPnl({
      fundingUsd: '120.25',
      feesUsd: '48.5',
      pricePnlUsd: '-3.5',
      netUsd: '68.25',
      volumeUsd: '1000',
      cycles: 2,
    });
    m.recordOrder('extended', 'filled', 120);
    m.recordOrder('extended', 'filled', 40);
    m.recordOrder('pacifica', 'unknown', 6000);
    m.recordError('VENUE_TIMEOUT');
    m.recordWsReconnect('lighter');
    m.setStreamStaleness('lighter', 'book', 3.5);
    m.setNakedExposure(0.4, 0.9);
    m.setNakedExposure(0.4, 1.5);
    m.setNakedExposure(0.4, 1.0);
    m.setHalted(true);
    const { body } = await m.scrape();
    expect(sample(body, 'dn_position_size_base', { venue: 'pacifica', symbol: 'BTC' })).toBe(-0.5);
    expect(sample(body, 'dn_position_notional_usd', { venue: 'pacifica' })).toBe(30001);
    expect(sample(body, 'dn_net_exposure_usd', { symbol: 'BTC' })).toBe(-0.75);
    expect(sample(body, 'dn_funding_predicted_usd', { venue: 'extended' })).toBe(0.25);
    expect(sample(body, 'dn_pnl_net_usd')).toBe(68.25);
    expect(sample(body, 'dn_pnl_fees_paid_usd')).toBe(48.5);
    expect(sample(body, 'dn_cycles_completed')).toBe(2);
    expect(sample(body, 'dn_orders_total', { venue: 'extended', outcome: 'filled' })).toBe(2);
    expect(sample(body, 'dn_order_latency_seconds_count', { venue: 'extended', outcome: 'filled' })).toBe(2);
    expect(sample(body, 'dn_order_latency_seconds_sum', { venue: 'extended', outcome: 'filled' })).toBeCloseTo(0.16);
    expect(sample(body, 'dn_order_latency_seconds_bucket', { venue: 'extended', le: '0.05' })).toBe(1);
    expect(sample(body, 'dn_order_latency_seconds_bucket', { venue: 'pacifica', le: '5' })).toBe(0);
    expect(sample(body, 'dn_errors_total', { code: 'VENUE_TIMEOUT' })).toBe(1);
    expect(sample(body, 'dn_ws_reconnects_total', { venue: 'lighter' })).toBe(1);
    expect(sample(body, 'dn_stream_staleness_seconds', { venue: 'lighter', stream: 'book' })).toBe(3.5);
    // The total is a counter: it follows growth and never goes back.
    expect(sample(body, 'dn_naked_exposure_seconds_total')).toBe(1.5);
    expect(sample(body, 'dn_halted', { app: 'a' })).toBe(1);
  });

  it('drops a position that is no longer reported', async () => {
    const m = new OpsMetrics({ app: 'a', processMetrics: false });
    m.setPositions([{ venue: 'extended', symbol: 'BTC', size: '1', notionalUsd: '1' }]);
    m.setPositions([{ venue: 'extended', symbol: 'ETH', size: '2', notionalUsd: '2' }]);
    const { body } = await m.scrape();
    expect(sample(body, 'dn_position_size_base', { symbol: 'BTC' })).toBeUndefined();
    expect(sample(body, 'dn_position_size_base', { symbol: 'ETH' })).toBe(2);
  });

  it('keeps two registries apart (two apps in one process, or tests)', async () => {
    const a = new OpsMetrics({ app: 'a', processMetrics: false });
    const b = new OpsMetrics({ app: 'b', processMetrics: false });
    a.setHalted(true);
    expect(sample((await b.scrape()).body, 'dn_halted')).toBe(0);
  });
});
