import { STARKNET_DOMAIN_SELECTOR, STARKNET_MESSAGE_PREFIX } from './constants.js';
import { parseInteger, shortStringToFelt } from './felt.js';
import { EMPTY_STATE, type PoseidonState, poseidonAbsorb, poseidonHashMany } from './poseidon.js';

/**
 * SNIP-12 StarknetDomain of the Extended perpetuals contract (`GET /api/v1/info/starknet`).
 * `revision` is hashed as the integer, not as the short string "1" (rust-crypto-lib-base 9da3e61a).
 */
export interface StarknetDomain {
  name: string;
  version: string;
  chainId: string;
  revision: number | string | bigint;
}

/** Extended mainnet (Starknet) domain. Source: python_sdk x10/config.py @ 17e61ae1. */
export const EXTENDED_MAINNET_DOMAIN: Readonly<StarknetDomain> = Object.freeze({
  name: 'Perpetuals',
  version: 'v0',
  chainId: 'SN_MAIN',
  revision: 1,
});

/** Extended testnet (Starknet Sepolia) domain. Source: python_sdk x10/config.py @ 17e61ae1. */
export const EXTENDED_SEPOLIA_DOMAIN: Readonly<StarknetDomain> = Object.freeze({
  name: 'Perpetuals',
  version: 'v0',
  chainId: 'SN_SEPOLIA',
  revision: 1,
});

const MAX_CACHED_DOMAINS = 16;
const prefixStates = new Map<string, { hash: bigint; state: PoseidonState }>();

/** Poseidon hash of the StarknetDomain struct. */
export function starknetDomainHash(domain: StarknetDomain): bigint {
  return domainEntry(domain).hash;
}

/**
 * Sponge state after absorbing ["StarkNet Message", domainHash]: the constant half of every
 * message hash for a domain, cached so that signing an order skips one permutation.
 */
export function messagePrefixState(domain: StarknetDomain): PoseidonState {
  return domainEntry(domain).state;
}

function domainEntry(domain: StarknetDomain): { hash: bigint; state: PoseidonState } {
  const key = `${domain.name}\u0000${domain.version}\u0000${domain.chainId}\u0000${String(domain.revision)}`;
  let entry = prefixStates.get(key);
  if (entry === undefined) {
    const hash = poseidonHashMany([
      STARKNET_DOMAIN_SELECTOR,
      shortStringToFelt(domain.name, 'domain.name'),
      shortStringToFelt(domain.version, 'domain.version'),
      shortStringToFelt(domain.chainId, 'domain.chainId'),
      parseInteger(domain.revision, 'domain.revision', 0n, 2n ** 32n - 1n),
    ]);
    entry = { hash, state: poseidonAbsorb(EMPTY_STATE, [STARKNET_MESSAGE_PREFIX, hash]) };
    if (prefixStates.size >= MAX_CACHED_DOMAINS) prefixStates.clear();
    prefixStates.set(key, entry);
  }
  return entry;
}
