import { InvalidInputError, type PerpVenue } from '@dn/core';

/**
 * `venue` with every method bound to it, and `placeOrder` replaced. A Proxy keeps the venue's own API (client
 * methods beyond `PerpVenue`) reachable, and the optional `PerpVenue` methods (`getLeverage`, `getFundingHistory`,
 * `subscribeTrades`) present exactly when the inner venue has them: callers feature-test them with `in` or `?.`.
 */
function withPlaceOrder(venue: PerpVenue, placeOrder: PerpVenue['placeOrder']): PerpVenue {
  return new Proxy(venue, {
    get(target, prop) {
      if (prop === 'placeOrder') return placeOrder;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Calls `after` once each order request settles (filled, rejected or failed). */
export function afterEachOrder(venue: PerpVenue, after: () => void): PerpVenue {
  return withPlaceOrder(venue, async (params) => {
    try {
      return await venue.placeOrder(params);
    } finally {
      after();
    }
  });
}

/**
 * Refuses every order that is not reduce-only while `haltedPath()` names a sentinel: checked synchronously right
 * before the request leaves, so no opening order is sent after a halt exists. Reduce-only orders (unwinds,
 * closes) still go out. The refusal is an `InvalidInputError`: nothing was sent.
 */
export function guardOpenings(venue: PerpVenue, haltedPath: () => string | undefined): PerpVenue {
  return withPlaceOrder(venue, async (params) => {
    const sentinel = params.reduceOnly ? undefined : haltedPath();
    if (sentinel) {
      throw new InvalidInputError('Opening order refused: trading is halted', {
        field: 'reduceOnly',
        value: false,
        expected: `reduce-only orders only while the halt sentinel ${sentinel} exists`,
        venue: venue.id,
      });
    }
    return venue.placeOrder(params);
  });
}

/**
 * Refuses every order that is not reduce-only, always: for apps that must never open or grow a position (the
 * liquidation monitor). The refusal is an `InvalidInputError` naming `app`: nothing was sent.
 */
export function reduceOnlyVenue(venue: PerpVenue, app: string): PerpVenue {
  return withPlaceOrder(venue, async (params) => {
    if (!params.reduceOnly) {
      throw new InvalidInputError(`${app} never opens a position: order refused`, {
        field: 'reduceOnly',
        value: false,
        expected: 'reduce-only orders only',
        venue: venue.id,
      });
    }
    return venue.placeOrder(params);
  });
}
