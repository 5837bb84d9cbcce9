import type { HttpTransport } from '@dn/core';

/** What every endpoint function needs: the transport and, for private reads, the current auth token. */
export interface LighterRestContext {
  http: HttpTransport;
  /** A valid auth token (`deadline:account:apiKey:sig`), minted and cached by the caller. */
  authToken(): string;
}
