import { base58 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import {
  buildBatchRequest,
  buildSignedRequest,
  buildWsBatchFrame,
  buildWsTradingFrame,
  type PacificaBatchActionTag,
  type PacificaWsOperationType,
  pacificaJson,
  pacificaMessage,
  pacificaPublicKey,
  parseSignedRequest,
  pyFloat,
  signPacifica,
  verifyPacifica,
} from '../src/index.js';
import { canon, keys, type SigningVector, signing } from './vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b58ToHex = (s: string): string => {
  // base58 decode through the public key path would hide bugs; use an independent decoder.
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(alphabet.indexOf(c));
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  return '00'.repeat(s.length - s.replace(/^1+/, '').length) + h;
};

const secretOf = (v: SigningVector): string =>
  v.signer === 'agent' ? keys.agent.secret_key_64_base58 : keys.main.secret_key_64_base58;

describe('keys.json', () => {
  for (const who of ['main', 'agent'] as const) {
    it(`derives the ${who} public key from the 64-byte secret and from the seed`, () => {
      const k = keys[who];
      expect(pacificaPublicKey(k.secret_key_64_base58)).toBe(k.public_key_base58);
      expect(b58ToHex(k.secret_key_64_base58)).toBe(k.secret_key_64_hex);
      expect(b58ToHex(k.public_key_base58)).toBe(k.public_key_hex);
      expect(k.secret_key_64_hex.slice(0, 64)).toBe(k.seed_hex);
      expect(pacificaPublicKey(base58.encode(Buffer.from(k.seed_hex, 'hex')))).toBe(k.public_key_base58);
    });
  }
  it('matches the public keys the signing file names', () => {
    expect(pacificaPublicKey(keys.main.secret_key_64_base58)).toBe(signing.main_public_key_base58);
    expect(pacificaPublicKey(keys.agent.secret_key_64_base58)).toBe(signing.agent_public_key_base58);
  });
});

/**
 * The canonicalisation file gives payloads as Python reprs; these are their exact JS equivalents
 * (PyFloat for Python floats, bigint for an int beyond 2^53).
 */
const canonPayloads: Record<string, object> = {
  nested_and_list_order: { z: 1, a: { d: [{ y: 2, b: 3 }, 3, 'x'], c: null } },
  python_float_vs_string: { amount: pyFloat(0.1), price: pyFloat(100000.0), small: pyFloat(1e-5), s: '0.1' },
  non_ascii: { nickname: 'Moaré Lake ☃' },
  booleans_ints_big_int: { reduce_only: false, all_symbols: true, order_id: 9007199254740993n },
  key_sort_is_codepoint_order: { B: 1, a: 2, _: 3, A: 4, aa: 5, a_b: 6, ab: 7 },
  empty_payload: {},
};

describe('canonicalization-edge-cases.json', () => {
  it('has a transcription for every case in the file', () => {
    expect(canon.cases.map((c) => c.name).sort()).toEqual(Object.keys(canonPayloads).sort());
  });
  for (const c of canon.cases) {
    it(`${c.name}: message and signature byte-exact`, () => {
      const payload = canonPayloads[c.name];
      if (payload === undefined) throw new Error(`no transcription for ${c.name}`);
      expect(pacificaMessage(c.header, payload)).toBe(c.message);
      const signed = signPacifica(c.header, payload, keys.main.secret_key_64_base58);
      expect(signed).toEqual({ message: c.message, signature: c.signature_base58 });
      expect(verifyPacifica(c.message, c.signature_base58, canon.public_key_base58)).toBe(true);
    });
  }
  it('writes a plain JS non-integer number as a Python float would', () => {
    const c = canon.cases.find((x) => x.name === 'python_float_vs_string');
    expect(pacificaMessage(c!.header, { amount: 0.1, price: pyFloat(100000), small: 1e-5, s: '0.1' })).toBe(c!.message);
  });
});

function signerOf(v: SigningVector) {
  return {
    secretKey: secretOf(v),
    account: v.account,
    ...(v.agent_wallet !== undefined && { agentWallet: v.agent_wallet }),
  };
}

describe('rest-and-ws-signing.json', () => {
  it('holds the 17 single-operation vectors of §8', () => {
    expect(signing.vectors).toHaveLength(17);
  });
  for (const v of signing.vectors) {
    describe(v.name, () => {
      it('message, UTF-8 bytes and signature byte-exact', () => {
        expect(v.header.type).toBe(v.operation_type);
        const signed = signPacifica(v.header, v.payload, secretOf(v));
        expect(signed.message).toBe(v.message);
        expect(hex(new TextEncoder().encode(signed.message))).toBe(v.message_utf8_hex);
        expect(signed.signature).toBe(v.signature_base58);
        expect(b58ToHex(signed.signature)).toBe(v.signature_hex);
        expect(verifyPacifica(v.message, v.signature_base58, v.signer_public_key_base58)).toBe(true);
      });
      it('REST body byte-exact', () => {
        const body = buildSignedRequest(v.header, v.payload, signerOf(v));
        expect(JSON.stringify(body)).toBe(JSON.stringify(v.request_body));
        expect(pacificaJson(body)).toBe(JSON.stringify(v.request_body));
      });
      it('server side: the message rebuilt from the body verifies', () => {
        const got = parseSignedRequest(v.operation_type, JSON.parse(JSON.stringify(v.request_body)));
        expect(got.message).toBe(v.message);
        expect(got.signer).toBe(v.signer_public_key_base58);
        expect(got.account).toBe(v.account);
        expect(got.agentWallet).toBe(v.signer === 'agent' ? v.agent_wallet : undefined);
        expect(verifyPacifica(got.message, got.signature, got.signer)).toBe(true);
      });
      if (v.ws_request !== undefined) {
        const ws = v.ws_request;
        it('WS trading frame byte-exact', () => {
          const frame = buildWsTradingFrame(
            { ...v.header, type: v.header.type as PacificaWsOperationType },
            v.payload,
            { ...signerOf(v), id: ws.id },
          );
          expect(JSON.stringify(frame)).toBe(JSON.stringify(ws));
        });
      }
    });
  }

  describe('batch', () => {
    const tags: Record<string, PacificaBatchActionTag> = { create_order: 'Create', cancel_order: 'Cancel' };
    const build = () =>
      signing.batch.actions.map((a) => {
        const tag = tags[a.operation_type];
        if (tag === undefined) throw new Error(`no batch tag for ${a.operation_type}`);
        return { type: tag, data: buildSignedRequest(a.header, a.payload, signerOf(a)) };
      });
    it('each action message and signature byte-exact', () => {
      for (const a of signing.batch.actions) {
        expect(signPacifica(a.header, a.payload, secretOf(a))).toEqual({
          message: a.message,
          signature: a.signature_base58,
        });
      }
    });
    it('REST body byte-exact', () => {
      expect(JSON.stringify(buildBatchRequest(build()))).toBe(JSON.stringify(signing.batch.request_body));
    });
    it('WS frame byte-exact', () => {
      const frame = buildWsBatchFrame(signing.batch.ws_request.id, build());
      expect(JSON.stringify(frame)).toBe(JSON.stringify(signing.batch.ws_request));
    });
  });
});
