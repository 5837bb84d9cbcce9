/** Key names whose values are never logged, wherever they appear. */
export const SECRET_KEY_PATTERN =
  /^(api[-_]?key|api[-_]?secret|secret([-_]?key)?|private[-_]?key|stark[-_]?private[-_]?key|passphrase|password|signature|sig|l2[-_]?signature|x-api-key|authorization|auth[-_]?token|seed|mnemonic|secret[-_]?key[-_]?base58)$/i;

export const REDACTED = '[redacted]';

/** Deep copy of `value` with every secret-named key (and every extra path) replaced by `[redacted]`. */
export function redactSecrets(value: unknown, extraKeys: readonly string[] = []): unknown {
  const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = SECRET_KEY_PATTERN.test(k) || extra.has(k.toLowerCase()) ? REDACTED : walk(x);
    }
    return out;
  };
  return walk(value);
}
