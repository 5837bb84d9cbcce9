/**
 * The one rule for what is secret, used by the logger, error contexts and config echoes alike. A key is compared
 * with its case, `-` and `_` removed, so `tradingPrivateKey`, `stark_private`, `X-API-KEY` and
 * `X-edgeX-Api-Signature` are all caught by the same fragments.
 */
const SECRET_FRAGMENTS =
  /(secret|private|passphrase|password|passwd|signature|apikey|authorization|authtoken|bottoken|accesstoken|refreshtoken|bearer|cookie|mnemonic|seedphrase|credential|jwt)/;
/** Whole names that are secret only on their own (`sig`, a wallet `seed`). */
const SECRET_NAMES = new Set(['sig', 'seed', 'pk', 'sk', 'l2sig']);
/** Numeric ids that merely mention a secret (`api_key_index`, `apiKeyId`) are not secret and help debugging. */
const NOT_SECRET_SUFFIX = /(index|idx|id|ids|count|length)$/;

export const REDACTED = '[redacted]';

/** True when a value stored under `key` must never be written out. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s.]/g, '');
  if (SECRET_NAMES.has(k)) return true;
  return SECRET_FRAGMENTS.test(k) && !NOT_SECRET_SUFFIX.test(k);
}

/**
 * Deep copy of `value` with the value of every secret-named key (and every `extraKeys` name) replaced by
 * `[redacted]`, at any depth. Cycles become `[circular]`; errors keep their name, message, stack and own fields
 * (their `context` is walked like any object); Maps are walked by key.
 */
export function redactSecrets(value: unknown, extraKeys: readonly string[] = []): unknown {
  const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
  const secret = (k: string) => isSecretKey(k) || extra.has(k.toLowerCase());
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map(walk);
      if (v instanceof Map) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v) out[String(k)] = secret(String(k)) ? REDACTED : walk(x);
        return out;
      }
      if (isLeafObject(v)) return v;
      const out: Record<string, unknown> = {};
      if (v instanceof Error) {
        out.type = v.name;
        out.message = v.message;
        if (v.stack) out.stack = v.stack;
        if (v.cause !== undefined) out.cause = walk(v.cause);
      }
      for (const [k, x] of Object.entries(v)) out[k] = secret(k) ? REDACTED : walk(x);
      return out;
    } finally {
      // A value seen twice on different branches is not a cycle: only the current path counts.
      seen.delete(v);
    }
  };
  return walk(value);
}

/** Objects with no secret-bearing fields whose JSON form must survive the copy (dates, decimals, buffers). */
function isLeafObject(v: object): boolean {
  if (v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
  // decimal.js instances and similar value types serialise through toJSON to a primitive.
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' && Object.getPrototypeOf(v) !== Object.prototype;
}
