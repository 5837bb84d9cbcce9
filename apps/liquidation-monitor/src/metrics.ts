import { Decimal } from '@dn/core';
import type { OpsMetrics } from '@dn/ops';
import type { CheckResult } from './monitor.js';

/** The check as metrics: positions and notionals per venue, net exposure per symbol, read staleness, halt state. */
export function recordMetrics(metrics: OpsMetrics, r: CheckResult, halted: boolean): void {
  const net = new Map<string, Decimal>();
  metrics.setPositions(
    r.assessment.venues.flatMap((v) =>
      v.positions.map((p) => ({ venue: v.venue, symbol: p.symbol, size: p.size, notionalUsd: p.notional })),
    ),
  );
  for (const v of r.assessment.venues) {
    metrics.setStreamStaleness(v.venue, 'account', v.staleMs / 1000);
    for (const p of v.positions) {
      const signed = p.size.isNeg() ? p.notional.neg() : p.notional;
      net.set(p.symbol, (net.get(p.symbol) ?? new Decimal(0)).add(signed));
    }
  }
  metrics.clearNetExposure();
  for (const [symbol, usd] of net) metrics.setNetExposure(symbol, usd);
  metrics.setHalted(halted);
}
