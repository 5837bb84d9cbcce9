/**
 * Every vector in /work/shared/vectors/lighter (official lighter-go / poseidon_crypto outputs).
 * All keys there are public FAKE test keys ("lighter test vector key: FAKE, NO FUNDS!").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createAuthToken,
  hashNToMNoPad,
  hashToQuintic,
  lighterPrivateKeyFromSeed,
  lighterPublicKey,
  poseidon2Permute,
  type SupportedTxType,
  schnorrSign,
  schnorrVerify,
  signTx,
  txHash,
} from '../src/index.js';
import { messageToPairs } from '../src/signing/auth-token.js';
import { hashPairs } from '../src/signing/poseidon2.js';
import { fp5, fp5ToBigints } from '../src/signing/quintic.js';
import { parseTx } from '../src/signing/tx-fields.js';
import { attributesPreimage, txPreimage } from '../src/signing/tx-hash.js';

const VECTORS = '/work/shared/vectors/lighter';
// biome-ignore lint/suspicious/noExplicitAny: vector files are untyped JSON
const load = (name: string): any => JSON.parse(readFileSync(`${VECTORS}/${name}`, 'utf8'));

const primitives = load('primitives.json');
const keys = load('keys.json');
const txVectors = load('tx-signing.json');
const authVectors = load('auth-token.json');

const big = (xs: string[]): bigint[] => xs.map((x) => BigInt(x));
const str = (xs: bigint[]): string[] => xs.map((x) => x.toString());
/** 5 decimal uint64 limbs → 40-byte LE hex. */
const limbsToHex = (limbs: string[]): string =>
  limbs.map((l) => BigInt(l).toString(16).padStart(16, '0').match(/../g)!.reverse().join('')).join('');
const limbsToBigint = (limbs: string[]): bigint => limbs.reduceRight((acc, l) => (acc << 64n) | BigInt(l), 0n);
const leHexToBigint = (hex: string): bigint => BigInt(`0x${hex.match(/../g)!.reverse().join('')}`);
const strip0x = (h: string): string => h.replace(/^0x/, '');

describe('primitives.json — Poseidon2', () => {
  const p = primitives.poseidon2;
  it('permutation', () => {
    expect(str(poseidon2Permute(big(p.permute.input)))).toEqual(p.permute.output);
  });
  it('HashNToMNoPad 12 in, 12 out', () => {
    expect(str(hashNToMNoPad(big(p.hashNToMNoPad_12in_12out.input), 12))).toEqual(p.hashNToMNoPad_12in_12out.output);
  });
  it('HashNToHashNoPad (4 out), canonical and non-canonical inputs', () => {
    expect(str(hashNToMNoPad(big(p.hashNToHashNoPad_12in.input), 4))).toEqual(p.hashNToHashNoPad_12in.output);
    const nc = p.hashNToHashNoPad_nonCanonicalInputs;
    expect(str(hashNToMNoPad(big(nc.input), 4))).toEqual(nc.output);
  });
  it('HashTwoToOne', () => {
    expect(str(hashNToMNoPad(big(p.hashTwoToOne.input), 4))).toEqual(p.hashTwoToOne.output);
  });
  it('HashToQuinticExtension', () => {
    expect(str(hashToQuintic(big(p.hashToQuinticExtension_7in.input)))).toEqual(p.hashToQuinticExtension_7in.output);
    for (const [name, c] of Object.entries(primitives.extraComputed) as [
      string,
      { input: string[]; output: string[] },
    ][]) {
      expect(str(hashToQuintic(big(c.input))), name).toEqual(c.output);
    }
  });
});

describe('primitives.json — Schnorr with explicit k', () => {
  for (const [i, c] of primitives.schnorr.cases.entries()) {
    it(`case ${i}`, () => {
      const sk = limbsToHex(c.skLimbs);
      const msg = limbsToHex(c.msgHashLimbs);
      const sig = schnorrSign(msg, sk, limbsToBigint(c.kLimbs));
      expect(sig).toBe(c.signatureHex);
      expect(sig.slice(0, 80)).toBe(limbsToHex(c.sLimbs));
      expect(sig.slice(80)).toBe(limbsToHex(c.eLimbs));
      expect(strip0x(lighterPublicKey(sk))).toBe(c.publicKeyHex);
      expect(schnorrVerify(msg, sig, c.publicKeyHex)).toBe(true);
    });
  }
});

describe('keys.json', () => {
  it('private key → public key', () => {
    for (const k of keys.byPrivateKey) {
      expect(lighterPublicKey(k.privateKeyHex)).toBe(k.publicKeyHex);
      // The reduced form the signer reports is the same key.
      expect(lighterPublicKey(k.returnedPrivateKeyHex)).toBe(k.publicKeyHex);
      expect(lighterPublicKey(strip0x(k.privateKeyHex))).toBe(k.publicKeyHex);
    }
  });
  it('seed → private key → public key', () => {
    for (const k of keys.bySeed) {
      const sk = lighterPrivateKeyFromSeed(k.seedHex);
      expect(sk).toBe(k.privateKeyHex);
      expect(lighterPublicKey(sk)).toBe(k.publicKeyHex);
    }
  });
});

/** tx_info fields (without Sig) from a vector's inputs. */
// biome-ignore lint/suspicious/noExplicitAny: vector inputs are untyped JSON
function fieldsFromInputs(inputs: any): Record<string, unknown> {
  const skip = new Set([
    'chainId',
    'accountIndex',
    'apiKeyIndex',
    'nonce',
    'expiredAtMs',
    'attributes',
    'CancelAllMarketIndex',
  ]);
  const body = Object.fromEntries(Object.entries(inputs).filter(([name]) => !skip.has(name)));
  return {
    AccountIndex: inputs.accountIndex,
    ApiKeyIndex: inputs.apiKeyIndex,
    ...body,
    ExpiredAt: inputs.expiredAtMs,
    Nonce: inputs.nonce,
    L2TxAttributes: inputs.attributes,
  };
}

describe('tx-signing.json (official web-wasm output)', () => {
  const privateKey = txVectors.key.privateKeyHex;
  it('key', () => {
    expect(lighterPublicKey(privateKey)).toBe(txVectors.key.publicKeyHex);
  });
  for (const c of txVectors.cases) {
    describe(c.name, () => {
      const type = c.txType as SupportedTxType;
      const fields = fieldsFromInputs(c.inputs);
      const chainId = c.inputs.chainId as number;
      it('hash preimage, attribute preimage and tx hash', () => {
        const tx = parseTx(type, fields, false);
        expect(str(txPreimage(tx, BigInt(chainId)))).toEqual(c.hashPreimageFieldElements);
        expect(str(hashToQuintic(txPreimage(tx, BigInt(chainId))))).toEqual(c.baseHashLimbs);
        const attrs = attributesPreimage(tx);
        expect(attrs === null ? null : str(attrs)).toEqual(c.attributesPreimageFieldElements);
        if (attrs !== null) expect(str(hashToQuintic(attrs))).toEqual(c.attributesHashLimbs);
        // biome-ignore lint/suspicious/noExplicitAny: generic over the tx type
        expect(txHash(type, fields as any, chainId)).toBe(c.txHashHex);
        expect(limbsToHex(c.txHashLimbs)).toBe(c.txHashHex);
      });
      it('signature with the recorded k, and the exact tx_info string', () => {
        const k = leHexToBigint(c.schnorrNonceKHexLE);
        expect(schnorrSign(c.txHashHex, privateKey, k)).toBe(c.signatureHex);
        // biome-ignore lint/suspicious/noExplicitAny: generic over the tx type
        const info = signTx(type, fields as any, chainId, privateKey, k);
        expect(info).toBe(c.txInfo);
        expect(JSON.parse(info).Sig).toBe(c.signatureBase64);
        expect(schnorrVerify(c.txHashHex, c.signatureHex, txVectors.key.publicKeyHex)).toBe(true);
      });
      it('re-hashing the received tx_info gives the same hash', () => {
        const received = JSON.parse(c.txInfo);
        expect(txHash(type, received, chainId)).toBe(c.txHashHex);
      });
    });
  }
});

describe('auth-token.json', () => {
  const privateKey = authVectors.key.privateKeyHex;
  for (const c of authVectors.cases) {
    it(c.name, () => {
      const { pairs, count } = messageToPairs(c.message);
      const elems: string[] = [];
      for (let i = 0; i < count; i++)
        elems.push((BigInt(pairs[2 * i + 1]!) * 2n ** 32n + BigInt(pairs[2 * i]!)).toString());
      expect(elems).toEqual(c.messageFieldElements);
      const h = fp5();
      hashPairs(pairs, count, 5, h);
      expect(str(fp5ToBigints(h))).toEqual(c.messageHashLimbs);
      const k = leHexToBigint(c.schnorrNonceKHexLE);
      const token = createAuthToken(
        { deadline: c.deadlineUnixSeconds, accountIndex: c.accountIndex, apiKeyIndex: c.apiKeyIndex },
        privateKey,
        k,
      );
      expect(token).toBe(c.token);
      expect(schnorrVerify(c.messageHashHex, c.signatureHex, authVectors.key.publicKeyHex)).toBe(true);
    });
  }
});
