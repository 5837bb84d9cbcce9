import { Decimal } from '@dn/core';
import { HistoryView } from '../src/backtest/market-data.js';
import { configSchema } from '../src/config.js';
import type { CandleRow, FundingRow, MarketRow } from '../src/history/store.js';

export const H = 3_600_000;
const DAY = 24 * H;
export const T0 = 1_700_000_000_000 - (1_700_000_000_000 % DAY);
const at = (h: number) => T0 + h * H;

/**
 * 72 hourly settlements on Extended (E) and Pacifica (P), every price 100, taker fee 0.05 %, spread 0.1 % (a fill
 * pays 0.05 %), $1000 per leg (size 10): round trip costs $2 of fees + $2 of slippage.
 * - AAA: E −0.0002 / P +0.0002 until hour 47, then 0: entered at hour 0 long E short P, 47 settlements × $0.40
 *   = $18.80, closed when the 48 h hold elapses: net 18.80 − 4 = $14.80.
 * - BBB: a bigger spread, but $2000 of combined daily volume: filtered out (volume), never traded.
 * - CCC: E −0.0001 / P +0.0001 from hour 48 to 59 (entered at 48, when AAA is gone), then E +0.00005 / P −0.00005:
 *   pair APR −87.6 % < −50 % at hours 60, 61, 62 → closed by the flip at 62 after 11 × $0.20 − 3 × $0.10 = $1.90:
 *   net 1.90 − 4 = −$2.10. Its reverse then nets 14.6 % < 50 %: no entry afterwards.
 */
function rate(symbol: string, venue: 'extended' | 'pacifica', h: number): string {
  const sign = venue === 'extended' ? -1 : 1;
  if (symbol === 'AAA') return h < 48 ? String(sign * 0.0002) : '0';
  if (symbol === 'BBB') return String(sign * 0.001);
  if (h < 48) return '0';
  return h < 60 ? String(sign * 0.0001) : String(-sign * 0.00005);
}

export function history(): HistoryView {
  const markets: MarketRow[] = [];
  const funding: FundingRow[] = [];
  const candles: CandleRow[] = [];
  for (const venue of ['extended', 'pacifica'] as const) {
    for (const symbol of ['AAA', 'BBB', 'CCC']) {
      markets.push({
        venue,
        symbol,
        takerFee: new Decimal('0.0005'),
        makerFee: new Decimal('0.0002'),
        fundingIntervalHours: 1,
        maxLeverage: new Decimal(20),
      });
      for (let h = 0; h <= 72; h++) {
        funding.push({
          venue,
          symbol,
          time: at(h),
          rate: new Decimal(rate(symbol, venue, h)),
          intervalHours: 1,
          markPrice: new Decimal(100),
        });
      }
      for (let d = -1; d <= 3; d++) {
        const volume = new Decimal(symbol === 'BBB' ? 10 : 1_000_000);
        candles.push({ venue, symbol, time: T0 + d * DAY, close: new Decimal(100), volume });
      }
    }
  }
  return new HistoryView({ markets, funding, candles });
}

export const config = configSchema.parse({
  venues: ['extended', 'pacifica'],
  notional_per_position: 1000,
  hold_duration_hours: 48,
  wait_between_cycles_minutes: 0,
  funding_half_life_hours: null,
  funding_haircut_pct: 0,
  exit_cost_buffer_pct: 0,
  filters: { min_combined_volume_usd: 1_000_000, min_net_apr_pct: 50 },
});
