import type { SimEngine } from '../../engine/index.js';
import type { SimRequest } from '../../server/sim-server.js';
import type { EdgexSimContract } from './contracts.js';
import type { EdgexViews } from './views.js';

/**
 * `getFundingRatePage` rows of one contract in [filterBeginTimeInclusive, filterEndTimeExclusive), newest first (the
 * caller pages them).
 */
export function fundingRatePage(
  req: SimRequest,
  c: EdgexSimContract,
  engine: SimEngine,
  views: EdgexViews,
): Record<string, unknown>[] {
  const iv = String(Math.round(c.market.fundingIntervalHours * 60));
  const begin = req.query.get('filterBeginTimeInclusive');
  const end = req.query.get('filterEndTimeExclusive');
  const since = begin ? Number(begin) : undefined;
  const until = end ? Number(end) - 1 : undefined;
  // The docs' settled row: fundingTime = fundingTimestamp = the boundary it settled at, no forecast.
  const history: Record<string, unknown>[] = engine
    .fundingHistory(c.market.symbol, {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
    })
    .reverse()
    .map((r) => ({
      contractId: c.contractId,
      fundingTime: String(r.time),
      fundingTimestamp: String(r.time),
      oraclePrice: r.markPrice.toFixed(),
      indexPrice: r.markPrice.toFixed(),
      fundingRate: r.rate.toFixed(),
      isSettlement: true,
      forecastFundingRate: '',
      previousFundingRate: r.rate.toFixed(),
      previousFundingTimestamp: String(r.time - 60_000),
      premiumIndex: '0',
      avgPremiumIndex: '0',
      premiumIndexTimestamp: String(r.time),
      impactMarginNotional: '1000',
      impactAskPrice: '',
      impactBidPrice: '',
      interestRate: '0.0003',
      predictedFundingRate: r.rate.toFixed(),
      fundingRateIntervalMin: iv,
      starkExFundingIndex: '0',
    }));
  // Without filterSettlementFundingRate=true edgeX also lists its per-minute estimates (isSettlement false);
  // the simulator keeps none but the current one, newest first.
  const now = engine.processedUntil();
  if (req.query.get('filterSettlementFundingRate') !== 'true' && (since ?? 0) <= now && (until ?? now) >= now) {
    history.unshift({ ...views.latestFunding(c.contractId), fundingTime: String(now), isSettlement: false });
  }
  return history;
}
