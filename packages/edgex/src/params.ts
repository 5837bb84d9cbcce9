/** A whole-number query parameter as the venue reads it (fractions truncated), absent when not given. */
export function optInt(v: number | undefined): string | undefined {
  return v === undefined ? undefined : String(Math.trunc(v));
}
