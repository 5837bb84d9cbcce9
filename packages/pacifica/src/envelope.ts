export interface PacificaEnvelope {
  success?: unknown;
  error?: unknown;
  code?: unknown;
}

/** The `{success, data, error, code}` envelope, or undefined when the body is something else (bare text). */
export function readEnvelope(data: unknown): PacificaEnvelope | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return 'success' in data || 'error' in data ? (data as PacificaEnvelope) : undefined;
}
