import { InvalidInputError } from '@dn/core';
import { canonicalJson } from './canonical-json.js';
import type { PacificaOperationType } from './operation-types.js';

/** The signed header. `type` is implied by the REST path or WS params key and never sent in the body. */
export interface PacificaSignatureHeader {
  type: PacificaOperationType | (string & {});
  /** Client clock, ms since epoch. */
  timestamp: number;
  /** ms after `timestamp` during which the server accepts the request. */
  expiry_window: number;
}

/** @throws InvalidInputError unless the header holds exactly a type, a timestamp and an expiry window. */
export function assertHeader(header: unknown): PacificaSignatureHeader {
  if (typeof header !== 'object' || header === null) {
    throw new InvalidInputError('Signature header must be an object', { field: 'header', venue: 'pacifica' });
  }
  const h = header as Record<string, unknown>;
  for (const key of Object.keys(h)) {
    // Python would sign any extra key, but the body never carries it, so the server could not verify.
    if (key !== 'type' && key !== 'timestamp' && key !== 'expiry_window') {
      throw new InvalidInputError('Signature header has an unexpected field', {
        field: `header.${key}`,
        expected: 'only type, timestamp, expiry_window',
        venue: 'pacifica',
      });
    }
  }
  if (typeof h.type !== 'string' || !/^[a-z][a-z0-9_]*$/.test(h.type)) {
    throw new InvalidInputError('Operation type must be a snake_case string', {
      field: 'header.type',
      value: h.type,
      expected: 'e.g. create_order',
      venue: 'pacifica',
    });
  }
  const timestamp = positiveMs(h, 'timestamp', 'Timestamp', 'ms since epoch, e.g. Date.now()');
  const expiryWindow = positiveMs(h, 'expiry_window', 'Expiry window', 'e.g. 5000');
  return { type: h.type, timestamp, expiry_window: expiryWindow };
}

/** A header field that must be a positive whole number of milliseconds. */
function positiveMs(
  h: Record<string, unknown>,
  key: 'timestamp' | 'expiry_window',
  what: string,
  expected: string,
): number {
  const v = h[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new InvalidInputError(`${what} must be a positive integer of milliseconds`, {
      field: `header.${key}`,
      value: v,
      expected,
      venue: 'pacifica',
    });
  }
  return v;
}

/**
 * The exact string Pacifica signs: `{"data":<payload>,"expiry_window":…,"timestamp":…,"type":…}`
 * with keys sorted at every depth, compact separators and ASCII-only escapes, byte-identical to the
 * official Python helper (`prepare_message`). Absent optional fields must be omitted (or
 * `undefined`), never `null`: a `null` is signed.
 * @throws InvalidInputError for a malformed header or a payload JSON cannot hold exactly.
 */
export function pacificaMessage(header: PacificaSignatureHeader, payload: object): string {
  const h = assertHeader(header);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidInputError('Payload must be a plain object', { field: 'payload', venue: 'pacifica' });
  }
  return canonicalJson({ timestamp: h.timestamp, expiry_window: h.expiry_window, type: h.type, data: payload });
}
