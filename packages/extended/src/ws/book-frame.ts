import { parseJson } from '@dn/core';

/*
 * The `/orderbooks/{market}` stream is the hot path of every quoting app: a message per book change, up to 50 levels a
 * side. Its frames are read without the lossless parser and without a schema library, which allocated more than the
 * rest of a tick's work together; what is accepted is exactly what `streamBookSchema` accepts (a test holds the two
 * readers to the same answers).
 */

const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One level as the local book takes it: the price, and the venue's size fields as checked decimal text. */
export interface BookFrameLevel {
  /** Price. */
  p: string;
  /** Size (snapshot) or change of size (delta). */
  q: string;
  /** New absolute size of a delta level, when the venue sends it. */
  c: string | undefined;
}

export interface BookFrameData {
  m: string;
  b: BookFrameLevel[];
  a: BookFrameLevel[];
}

/**
 * Parses a book frame. `JSON.parse` is exact when every number in the frame is a safe integer (the live venue sends
 * levels as strings; `ts` and `seq` are integers); any other number sends the frame through the lossless parser, so
 * a price sent as a numeral keeps its exact digits.
 */
export function parseBookFrame(text: string): unknown {
  const fast: unknown = JSON.parse(text);
  return onlySafeIntegers(fast, 0) ? fast : parseJson(text, 'string-all');
}

function onlySafeIntegers(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v);
  if (typeof v !== 'object' || v === null) return true;
  // Deeper than a book frame ever is: let the lossless parser have it.
  if (depth > 8) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!onlySafeIntegers(x, depth + 1)) return false;
    return true;
  }
  for (const k in v) if (!onlySafeIntegers((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/** A numeral's checked text (string or number, trimmed), or undefined when it is not a decimal number. */
function decimalText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    if (DECIMAL_RE.test(v)) return v;
    const t = v.trim();
    return DECIMAL_RE.test(t) ? t : undefined;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    const t = String(v);
    return DECIMAL_RE.test(t) ? t : undefined;
  }
  return undefined;
}

function readLevel(v: unknown): BookFrameLevel | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const l = v as Record<string, unknown>;
  const p = decimalText(l.p);
  const q = decimalText(l.q);
  if (p === undefined || q === undefined) return undefined;
  // `c` absent, null or blank means "not sent".
  const raw = l.c;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    return { p, q, c: undefined };
  const c = decimalText(raw);
  return c === undefined ? undefined : { p, q, c };
}

function readSide(v: unknown): BookFrameLevel[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: BookFrameLevel[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const l = readLevel(v[i]);
    if (!l) return undefined;
    out[i] = l;
  }
  return out;
}

/** The `data` of a SNAPSHOT or DELTA, checked; undefined when any part of it is malformed. */
export function readBookData(data: unknown): BookFrameData | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.m !== 'string') return undefined;
  const b = readSide(d.b);
  const a = b && readSide(d.a);
  return b && a ? { m: d.m, b, a } : undefined;
}
