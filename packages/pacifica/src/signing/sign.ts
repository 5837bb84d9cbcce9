import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import { decodePublicKey, type PacificaKeypair, pacificaKeypair } from './keys.js';
import { type PacificaSignatureHeader, pacificaMessage } from './message.js';

const utf8 = new TextEncoder();

export interface PacificaSignature {
  /** The canonical message that was signed. */
  message: string;
  /** Base58 of the 64-byte ed25519 signature. */
  signature: string;
}

/**
 * Signs `{header, data: payload}` with ed25519 (RFC 8032, as Solana `Keypair.sign_message`).
 * Pass a {@link PacificaKeypair} on hot paths to skip re-deriving the key.
 * @throws InvalidInputError for a malformed header or payload; SigningError for a malformed key.
 */
export function signPacifica(
  header: PacificaSignatureHeader,
  payload: object,
  secretKey: string | PacificaKeypair,
): PacificaSignature {
  const keypair = pacificaKeypair(secretKey);
  const message = pacificaMessage(header, payload);
  return { message, signature: signMessageBytes(message, keypair) };
}

/** @internal */
export function signMessageBytes(message: string, keypair: PacificaKeypair): string {
  return base58.encode(keypair.sign(utf8.encode(message)));
}

/**
 * True iff `signatureBase58` is a valid ed25519 signature of the UTF-8 `message` by `publicKeyBase58`.
 * Malformed inputs (bad base58, wrong lengths) return false rather than throw.
 */
export function verifyPacifica(message: string, signatureBase58: string, publicKeyBase58: string): boolean {
  if (typeof message !== 'string' || typeof signatureBase58 !== 'string') return false;
  const publicKey = decodePublicKey(publicKeyBase58);
  if (publicKey === undefined || signatureBase58.length > 90) return false;
  let signature: Uint8Array;
  try {
    signature = base58.decode(signatureBase58);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  try {
    // zip215: false = strict RFC 8032 (canonical encodings only), as a careful verifier does.
    return ed25519.verify(signature, utf8.encode(message), publicKey, { zip215: false });
  } catch {
    return false;
  }
}
