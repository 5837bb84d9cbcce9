/** Recursive JSON shape comparison shared by the Pacifica and edgeX shape tests. */
export type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
export const typeOf = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'object' | 'string' | 'number' | 'boolean');

export interface ShapeRules {
  /** Capture keys the simulator leaves out on purpose (paths with `[]` for any list element), with the reason. */
  omitted: Record<string, string>;
  /** Keys the venue itself writes both as an integer and as a digit string (captures disagree): either is accepted. */
  eitherIntForm?: ReadonlySet<string>;
}

/** Differences of `sim` from `capture`: missing keys and different JSON types, recursively (lists: first elements). */
export function shapeDiff(capture: unknown, sim: unknown, rules: ShapeRules, path = ''): string[] {
  const t1 = typeOf(capture);
  const t2 = typeOf(sim);
  // A field the venue sends as null when unset may be set in the simulator.
  if (t1 === 'null' && t2 !== 'null') return [];
  const key = path.split('.').at(-1)?.replace('[]', '') ?? '';
  const ints = (a: JsonType, b: JsonType) => (a === 'string' && b === 'number') || (a === 'number' && b === 'string');
  if (t1 !== t2 && ints(t1, t2) && rules.eitherIntForm?.has(key)) return [];
  if (t1 !== t2) return [`${path || '(root)'}: venue ${t1}, sim ${t2}`];
  if (t1 === 'array') {
    const [a] = capture as unknown[];
    const [b] = sim as unknown[];
    return a === undefined || b === undefined ? [] : shapeDiff(a, b, rules, `${path}[]`);
  }
  if (t1 !== 'object') return [];
  const out: string[] = [];
  const s = sim as Record<string, unknown>;
  for (const [k, v] of Object.entries(capture as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    if (rules.omitted[p] !== undefined) continue;
    if (!(k in s)) out.push(`${p}: missing in sim`);
    else out.push(...shapeDiff(v, s[k], rules, p));
  }
  return out;
}
