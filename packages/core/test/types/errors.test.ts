import { describe, expect, expectTypeOf, it } from 'vitest';
import { DnError, isDnError, UnknownOutcomeError, VenueRejectedError } from '../../src/index.js';

describe('errors', () => {
  it('carry a stable code, short message, context and cause', () => {
    const cause = new Error('socket hang up');
    const e = new UnknownOutcomeError(
      'Order placement timed out',
      { venue: 'extended', operation: 'placeOrder', clientOrderId: 'c1' },
      { cause },
    );
    expect(e.code).toBe('UNKNOWN_OUTCOME');
    expect(e.shortMessage).toBe('Order placement timed out');
    expect(e.message).toContain('clientOrderId: c1');
    expect(e.details).toMatch(/Query the venue/);
    expect(e.cause).toBe(cause);
    expect(isDnError(e, 'UNKNOWN_OUTCOME')).toBe(true);
    expect(isDnError(e, 'VENUE_REJECTED')).toBe(false);
    expect(e).toBeInstanceOf(DnError);
    expect(e.walk((x) => x === cause)).toBe(cause);
  });
  it('keeps the venue code on rejections', () => {
    const e = new VenueRejectedError('Order rejected', {
      venue: 'pacifica',
      venueCode: 400,
      venueMessage: 'Verification failed',
    });
    expect(e.context.venueCode).toBe(400);
    expect(e.name).toBe('VenueRejectedError');
  });
});

describe('isDnError narrowing', () => {
  it('narrows to the class of the code, with its typed context', () => {
    const e: unknown = new VenueRejectedError('order rejected', { venue: 'lighter', venueCode: 21104 });
    if (!isDnError(e, 'VENUE_REJECTED')) throw new Error('expected a VENUE_REJECTED error');
    expectTypeOf(e).toEqualTypeOf<VenueRejectedError>();
    expectTypeOf(e.context.venueCode).toEqualTypeOf<string | number | undefined>();
    expect(e.context.venueCode).toBe(21104);
    expect(isDnError(e, 'UNKNOWN_OUTCOME')).toBe(false);
    expect(isDnError(new Error('plain'))).toBe(false);
  });
});
