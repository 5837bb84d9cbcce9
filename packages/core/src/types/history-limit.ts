import { InvalidInputError } from '../errors/classes.js';

/**
 * The `limit` of a history query (`FundingHistoryQuery.limit`): the caller's when given, else the venue's
 * `fallback`. Anything but a positive integer is refused: 0, a fraction or NaN would otherwise read as "nothing" or
 * as some page size the caller did not ask for.
 * @throws InvalidInputError naming `limit`
 */
export function historyLimit(limit: number | undefined, fallback: number, venue: string): number {
  const n = limit ?? fallback;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidInputError('limit must be a positive integer', {
      field: 'limit',
      value: limit,
      expected: 'integer >= 1',
      venue,
    });
  }
  return n;
}
