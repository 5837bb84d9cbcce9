import { InvalidInputError } from '@dn/core';
import type { PacificaClient } from '../client.js';

/** The client's account, for the calls that read or trade it. */
export function requireAccount(client: PacificaClient): string {
  const a = client.account;
  if (a === undefined) {
    throw new InvalidInputError('This call needs an account: pass account in the client options', {
      field: 'account',
      venue: 'pacifica',
    });
  }
  return a;
}
