import { Decimal, type PerpVenue } from '@dn/core';
import type { CompletedCycle, CycleState, CycleStats } from './state.js';

export interface CycleTotals {
  volumeUsd: Decimal;
  feesUsd: Decimal;
  fundingUsd: Decimal;
  pricePnlUsd: Decimal;
  netUsd: Decimal;
}

/**
 * Totals of one cycle from what the venues report (fills and funding payments in the cycle's window), never from
 * estimates. Assumes the bot is the only trader of the cycle's symbol on these accounts.
 */
export async function cycleTotals(
  cycle: CycleState,
  venues: { first: PerpVenue; second: PerpVenue },
  until: number,
): Promise<CycleTotals> {
  const since = cycle.startedAt;
  let volume = new Decimal(0);
  let fees = new Decimal(0);
  let cash = new Decimal(0);
  let funding = new Decimal(0);
  for (const venue of [venues.first, venues.second]) {
    const [fills, payments] = await Promise.all([
      venue.getFills({ symbol: cycle.symbol, since, until }),
      venue.getFundingPayments({ symbol: cycle.symbol, since, until }),
    ]);
    for (const f of fills) {
      const notional = f.price.mul(f.size);
      volume = volume.plus(notional);
      fees = fees.plus(f.fee);
      cash = f.side === 'sell' ? cash.plus(notional) : cash.minus(notional);
    }
    for (const p of payments) funding = funding.plus(p.amount);
  }
  return {
    volumeUsd: volume,
    feesUsd: fees,
    fundingUsd: funding,
    pricePnlUsd: cash,
    netUsd: cash.minus(fees).plus(funding),
  };
}

export function completed(cycle: CycleState, totals: CycleTotals, closedAt: number, reason: string): CompletedCycle {
  const long = cycle.first.side === 'buy' ? cycle.first : cycle.second;
  const short = cycle.first.side === 'buy' ? cycle.second : cycle.first;
  return {
    id: cycle.id,
    symbol: cycle.symbol,
    longVenue: long.venue,
    shortVenue: short.venue,
    size: cycle.openedSize ?? '0',
    openedAt: cycle.openedAt,
    closedAt,
    reason,
    volumeUsd: totals.volumeUsd.toString(),
    feesUsd: totals.feesUsd.toString(),
    fundingUsd: totals.fundingUsd.toString(),
    pricePnlUsd: totals.pricePnlUsd.toString(),
    netUsd: totals.netUsd.toString(),
    ...(reason !== 'aborted' && cycle.expected ? { expected: cycle.expected } : {}),
  };
}

export function addToStats(stats: CycleStats, c: CompletedCycle): CycleStats {
  const add = (a: string, b: string) => new Decimal(a).plus(b).toString();
  return {
    ...stats,
    cycles: stats.cycles + 1,
    volumeUsd: add(stats.volumeUsd, c.volumeUsd),
    feesUsd: add(stats.feesUsd, c.feesUsd),
    fundingUsd: add(stats.fundingUsd, c.fundingUsd),
    pricePnlUsd: add(stats.pricePnlUsd, c.pricePnlUsd),
    netUsd: add(stats.netUsd, c.netUsd),
    expectedNetUsd: c.expected ? add(stats.expectedNetUsd ?? '0', c.expected.netUsd) : stats.expectedNetUsd,
    realisedNetOfExpectedUsd: c.expected
      ? add(stats.realisedNetOfExpectedUsd ?? '0', c.netUsd)
      : stats.realisedNetOfExpectedUsd,
    aborted: (stats.aborted ?? 0) + (c.reason === 'aborted' ? 1 : 0),
    stopLosses: (stats.stopLosses ?? 0) + (c.reason === 'stop_loss' ? 1 : 0),
    flipExits: (stats.flipExits ?? 0) + (c.reason === 'funding_flipped' ? 1 : 0),
  };
}
