import { invalidInput } from './errors.js';

/** A JSON value as it is sent in a request body. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Query parameters, raw (not URL-encoded): the SDKs sign the raw values. */
export type QueryParams = Readonly<Record<string, string>>;

/** Python `sorted()` order: by Unicode code point, which differs from JS UTF-16 order only for astral characters. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const diff = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
}

/**
 * Flattens a JSON body into the string edgeX signs (SDK `get_value`): object keys sorted and
 * joined as `k=v` with `&`, arrays joined with `&` (no key repeated), null → "", booleans
 * `true`/`false`, nested objects flattened recursively. Keys whose value is `undefined` are
 * skipped, as `JSON.stringify` drops them from what is sent.
 * @throws InvalidInputError for numbers whose text differs between languages (non-finite or
 *   exponent form): send those as strings.
 */
export function serializeBody(body: JsonValue): string {
  if (body === null) return '';
  if (typeof body === 'string') return body;
  if (typeof body === 'boolean') return body ? 'true' : 'false';
  if (typeof body === 'number') return serializeNumber(body);
  // JSON.stringify sends an undefined array item as null, which flattens to "".
  if (Array.isArray(body)) return body.map((item) => (item === undefined ? '' : serializeBody(item))).join('&');
  if (typeof body === 'object') {
    return Object.keys(body)
      .filter((key) => body[key] !== undefined)
      .sort(compareCodePoints)
      .map((key) => `${key}=${serializeBody(body[key] as JsonValue)}`)
      .join('&');
  }
  throw invalidInput('body', 'a JSON value (string, number, boolean, null, array, object)', typeof body);
}

function serializeNumber(n: number): string {
  const text = String(n);
  // python str() and Go fmt.Sprint disagree with JS once an exponent appears (1e21, 1e-7).
  if (!Number.isFinite(n) || /e/i.test(text)) {
    throw invalidInput('body', 'numbers as strings (this number has no portable text form)', text);
  }
  return text;
}

/** Sorted `k=v&k2=v2` of raw query values (python `sorted(params.items())`). */
export function serializeQuery(query: QueryParams): string {
  return Object.keys(query)
    .sort(compareCodePoints)
    .map((key) => {
      const value = query[key];
      if (typeof value !== 'string') throw invalidInput(`query.${key}`, 'a string', value);
      return `${key}=${value}`;
    })
    .join('&');
}
