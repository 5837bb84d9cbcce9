import type { ExtendedStreamEnvelope } from './stream.js';

/*
 * Every v1 stream message is an envelope `{ type?, status?, data, ts, seq, error? }`, read once per message before
 * anything else: on the book stream, that is on every tick's path. It is read by this checker instead of the schema
 * library (a tenth of a tick's CPU); what it accepts and gives is exactly what `streamEnvelopeSchema` does (a test
 * holds the two to the same answers).
 */

const INTEGER_RE = /^[+-]?\d+$/;
const INVALID = Symbol('invalid');

/** The envelope of a parsed stream message, or undefined when it is not one. */
export function readStreamEnvelope(v: unknown): ExtendedStreamEnvelope | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const type = optionalText(o.type);
  const status = optionalText(o.status);
  const ts = optionalInt(o.ts);
  const seq = optionalInt(o.seq);
  if (type === INVALID || status === INVALID || ts === INVALID || seq === INVALID) return undefined;
  const env: ExtendedStreamEnvelope = {};
  if (type !== undefined) env.type = type;
  if (status !== undefined) env.status = status;
  if (o.data !== undefined) env.data = o.data;
  if (ts !== undefined) env.ts = ts;
  if (seq !== undefined) env.seq = seq;
  if (o.error !== undefined) env.error = o.error;
  return env;
}

/** A string, or null / absent (kept as null / undefined). */
function optionalText(v: unknown): string | null | undefined | typeof INVALID {
  return v === undefined || v === null || typeof v === 'string' ? v : INVALID;
}

/** A safe integer from a number, bigint or integer text; absent, null and blank text are absent. */
function optionalInt(v: unknown): number | undefined | typeof INVALID {
  if (v === undefined || v === null) return undefined;
  // `-0` as the schema gives it: through its text, `0`.
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') return INVALID;
  const text = String(v).trim();
  if (text === '' && typeof v === 'string') return undefined;
  if (!INTEGER_RE.test(text)) return INVALID;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : INVALID;
}
