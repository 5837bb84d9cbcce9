import { InvalidInputError } from '../errors/classes.js';
import type { SubscribeOrderBookOptions } from './venue.js';

/**
 * Levels per side a book subscription hands to `onBook`: the caller's `options.depth` when given, else the
 * connector's `fallback`. Anything but a positive integer is refused before subscribing: 0 would deliver empty books
 * that read as "no liquidity", a fraction or NaN some depth the caller did not ask for.
 * @throws InvalidInputError naming `depth`
 */
export function bookSubscriptionDepth(
  options: SubscribeOrderBookOptions | undefined,
  fallback: number,
  venue: string,
): number {
  const depth = options?.depth;
  if (depth === undefined) return fallback;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new InvalidInputError('depth must be a positive integer', {
      field: 'depth',
      value: depth,
      expected: 'integer >= 1',
      venue,
    });
  }
  return depth;
}
