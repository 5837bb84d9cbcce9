import { InvalidInputError } from '../errors/index.js';
import type { CandleInterval } from './domain.js';

/** Length of each unified candle interval in ms. */
export const CANDLE_INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/**
 * Length of `interval` in ms.
 * @throws InvalidInputError for an interval outside `CandleInterval` (a caller passing an unchecked string).
 */
export function candleIntervalMs(interval: CandleInterval, venue?: string): number {
  const ms = CANDLE_INTERVAL_MS[interval];
  if (ms === undefined) {
    throw new InvalidInputError('Unsupported candle interval', {
      field: 'interval',
      value: interval,
      venue,
      expected: Object.keys(CANDLE_INTERVAL_MS).join(', '),
    });
  }
  return ms;
}
