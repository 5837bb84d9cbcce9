import { mulberry32 } from '@dn/core';
import { base58 } from '@scure/base';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { pacificaKeypair, signPacifica, verifyPacifica } from '../src/index.js';

/**
 * tweetnacl is an independent ed25519 implementation (the one pacifica-mcp, the official TS code, signs with): our
 * @noble/curves signatures must verify with it and equal its detached signatures byte for byte, on random keys and
 * random messages. Keys here are generated from a seeded PRNG: fake, never funded.
 */

const bytes = (rnd: () => number, n: number): Uint8Array => Uint8Array.from({ length: n }, () => (rnd() * 256) | 0);
const ALPHABET = 'abcXYZ019 .-_"\\/é€😀\u0000\n';
const text = (rnd: () => number, n: number): string =>
  Array.from({ length: n }, () => ALPHABET[(rnd() * ALPHABET.length) | 0]).join('');
const utf8 = new TextEncoder();

const RUNS = 100;

describe('ed25519 signatures against tweetnacl (independent oracle)', () => {
  // CPU-bound (tweetnacl signs ~70/s) and cannot hang: the long timeout is for CI running every package at once.
  it(`equal tweetnacl's detached signatures and verify with it (${RUNS} random keys and payloads)`, () => {
    const rnd = mulberry32(20_261_205);
    for (let i = 0; i < RUNS; i++) {
      const seed = bytes(rnd, 32);
      const nk = nacl.sign.keyPair.fromSeed(seed);
      const ours = pacificaKeypair(base58.encode(nk.secretKey));
      expect(ours.publicKey, `run ${i}`).toBe(base58.encode(nk.publicKey));

      const header = {
        type: 'create_order',
        timestamp: 1_700_000_000_000 + Math.floor(rnd() * 1e10),
        expiry_window: 1 + Math.floor(rnd() * 60_000),
      };
      const payload = {
        symbol: text(rnd, 1 + Math.floor(rnd() * 8)),
        amount: (rnd() * 1000).toFixed(5),
        client_order_id: text(rnd, Math.floor(rnd() * 40)),
        reduce_only: rnd() < 0.5,
        nested: { z: text(rnd, 5), a: [Math.floor(rnd() * 1e6), null, text(rnd, 3)] },
      };
      const { message, signature } = signPacifica(header, payload, ours);
      const expected = nacl.sign.detached(utf8.encode(message), nk.secretKey);
      expect(signature, `run ${i}`).toBe(base58.encode(expected));
      expect(nacl.sign.detached.verify(utf8.encode(message), base58.decode(signature), nk.publicKey)).toBe(true);
      // And the other direction: our verifier accepts tweetnacl's signature.
      expect(verifyPacifica(message, base58.encode(expected), ours.publicKey)).toBe(true);
    }
  }, 180_000);

  it('tweetnacl rejects our signature over a changed message or under another key', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 20; i++) {
      const a = nacl.sign.keyPair.fromSeed(bytes(rnd, 32));
      const b = nacl.sign.keyPair.fromSeed(bytes(rnd, 32));
      const { message, signature } = signPacifica(
        { type: 'cancel_order', timestamp: 1_748_970_123_456 + i, expiry_window: 5000 },
        { symbol: 'BTC', order_id: i },
        base58.encode(a.secretKey),
      );
      const sig = base58.decode(signature);
      expect(nacl.sign.detached.verify(utf8.encode(`${message} `), sig, a.publicKey)).toBe(false);
      expect(nacl.sign.detached.verify(utf8.encode(message), sig, b.publicKey)).toBe(false);
    }
  });
});
