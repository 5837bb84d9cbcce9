import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { V2_EIP712_SCHEME } from './constants.js';
import { signingError } from './errors.js';

/** Ethereum (secp256k1) private key: 64 hex chars, `0x` optional. */
export type EthPrivateKey = string;

function parseEthPrivateKey(key: EthPrivateKey): Uint8Array {
  if (typeof key !== 'string') throw signingError(V2_EIP712_SCHEME, 'tradingPrivateKey', 'must be a hex string');
  const hex = key.startsWith('0x') ? key.slice(2) : key;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw signingError(V2_EIP712_SCHEME, 'tradingPrivateKey', 'is not 64 hex characters');
  }
  const bytes = hexToBytes(hex.toLowerCase());
  if (!secp256k1.utils.isValidSecretKey(bytes)) {
    throw signingError(V2_EIP712_SCHEME, 'tradingPrivateKey', 'is outside [1, n) of secp256k1');
  }
  return bytes;
}

/** EIP-55 mixed-case checksum of a 20-byte address. */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '');
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] ?? '';
    out += Number.parseInt(hash[i] ?? '0', 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

function addressOfPublicKey(uncompressed: Uint8Array): string {
  return toChecksumAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/** Checksummed Ethereum address of a trading private key. */
export function ethAddressFromPrivateKey(privateKey: EthPrivateKey): string {
  return addressOfPublicKey(secp256k1.getPublicKey(parseEthPrivateKey(privateKey), false));
}

/**
 * Signs a 32-byte digest (RFC 6979, low-s, as ethers and eth_account do) and returns the
 * 65-byte Ethereum signature `r ‖ s ‖ v` (v = 27 + recovery bit) as hex without `0x`.
 */
export function signDigest(digest: Uint8Array, privateKey: EthPrivateKey): string {
  const recovered = secp256k1.sign(digest, parseEthPrivateKey(privateKey), { prehash: false, format: 'recovered' });
  const sig = secp256k1.Signature.fromBytes(recovered, 'recovered');
  return `${bytesToHex(sig.toBytes('compact'))}${(27 + (sig.recovery ?? 0)).toString(16)}`;
}

/**
 * Recovers the checksummed signer address of a 65-byte `r ‖ s ‖ v` signature (`0x` optional,
 * v ∈ {0, 1, 27, 28}); undefined when the signature is malformed, high-s or unrecoverable.
 */
export function recoverDigestSigner(digest: Uint8Array, signature: string): string | undefined {
  if (typeof signature !== 'string') return undefined;
  const hex = signature.startsWith('0x') ? signature.slice(2) : signature;
  if (!/^[0-9a-fA-F]{130}$/.test(hex)) return undefined;
  const v = Number.parseInt(hex.slice(128), 16);
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) return undefined;
  try {
    const sig = secp256k1.Signature.fromBytes(hexToBytes(hex.slice(0, 128)), 'compact').addRecoveryBit(recovery);
    // Ethereum rejects high-s signatures as malleable (EIP-2).
    if (sig.hasHighS()) return undefined;
    return addressOfPublicKey(sig.recoverPublicKey(digest).toBytes(false));
  } catch {
    return undefined;
  }
}
