import * as fs from 'node:fs/promises';
import { StateError } from '../errors/index.js';
import { AtomicJsonStore } from '../state/atomic-json-store.js';

/** What a state file belongs to: the mode and, per venue, the account it trades (absent = unknown). */
export interface StateIdentity {
  mode: string;
  venues: Record<string, { account?: string }>;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityCheck {
  identity: StateIdentity;
  /** True when the stamp was written now for a state file that had none. */
  adopted: boolean;
}

/**
 * Stamps a state file with its mode and accounts (a sidecar, written atomically), and refuses a state that belongs
 * to another mode or another account on a venue it shares. A new venue is added to the stamp; a state without a
 * stamp (older versions) is adopted.
 * @throws StateError naming both sides of the mismatch.
 */
export async function checkStateIdentity(
  identityPath: string,
  statePath: string,
  expected: { mode: string; accounts: Record<string, string | undefined> },
): Promise<IdentityCheck> {
  const store = new AtomicJsonStore<StateIdentity>({ path: identityPath, schemaVersion: 1, backup: false });
  const now = new Date().toISOString();
  const saved = await store.load();
  const stateExists = await fs
    .stat(statePath)
    .then(() => true)
    .catch(() => false);
  if (saved) {
    if (saved.mode !== expected.mode) {
      throw new StateError(
        `State file belongs to ${saved.mode} mode; refusing to use it in ${expected.mode} mode`,
        { path: statePath, reason: `identity ${identityPath} says mode ${saved.mode}` },
        { details: 'Paper, simulator and live runs never share state: use that mode, or another --state/--home.' },
      );
    }
    const mismatched = Object.entries(expected.accounts).filter(([venue, account]) => {
      const was = saved.venues[venue]?.account;
      return account !== undefined && was !== undefined && was !== account;
    });
    if (mismatched.length > 0) {
      throw new StateError(
        `State file belongs to other accounts (${mismatched.map(([v]) => `${v}: ${saved.venues[v]?.account}`).join(', ')})`,
        {
          path: statePath,
          reason: `configured ${mismatched.map(([v, a]) => `${v}: ${a}`).join(', ')}`,
        },
        { details: 'A state file tracks positions of the accounts it was created with: use another --state/--home.' },
      );
    }
  }
  const venues = { ...(saved?.venues ?? {}) };
  for (const [venue, account] of Object.entries(expected.accounts)) {
    venues[venue] = { ...(venues[venue] ?? {}), ...(account !== undefined ? { account } : {}) };
  }
  const identity: StateIdentity = { mode: expected.mode, venues, createdAt: saved?.createdAt ?? now, updatedAt: now };
  await store.save(identity);
  return { identity, adopted: !saved && stateExists };
}
