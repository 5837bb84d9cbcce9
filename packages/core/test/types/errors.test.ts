import { describe, expect, it } from 'vitest';
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
