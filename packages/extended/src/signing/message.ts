import { messagePrefixState, type StarknetDomain } from './domain.js';
import { parseFelt, toHex } from './felt.js';
import { poseidonFinish } from './poseidon.js';

/**
 * SNIP-12 message hash with the Stark public key in place of the account address, as
 * rust-crypto-lib-base `OffChainMessage::message_hash`:
 * poseidon(["StarkNet Message", domainHash, publicKey, structHash]).
 */
export function messageHash(structHash: bigint, domain: StarknetDomain, publicKey: string | bigint): bigint {
  return poseidonFinish(messagePrefixState(domain), [parseFelt(publicKey, 'publicKey'), structHash]);
}

/** {@link messageHash} as minimal lowercase 0x-hex, the form the official `get_*_msg` functions return. */
export function messageHashHex(structHash: bigint, domain: StarknetDomain, publicKey: string | bigint): string {
  return toHex(messageHash(structHash, domain, publicKey));
}
