import { isDnError } from '@dn/core';
import { base58 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { pacificaKeypair, pacificaPublicKey, signPacifica, verifyPacifica } from '../src/index.js';
import { keys } from './vectors.js';

// Public, fake test keys from shared/vectors/pacifica/keys.json. Never fund them.
const MAIN = keys.main.secret_key_64_base58;
const MAIN_PUB = keys.main.public_key_base58;
const AGENT_PUB = keys.agent.public_key_base58;
const header = { type: 'create_order', timestamp: 1748970123456, expiry_window: 5000 };
const payload = { symbol: 'BTC', price: '100000', amount: '0.1', side: 'bid', tif: 'GTC', reduce_only: false };

function signingError(fn: () => unknown): Error & { code: string; context: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (isDnError(e, 'SIGNING')) return e as Error & { code: string; context: Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a SigningError');
}

describe('sign → verify', () => {
  it('round-trips and is deterministic', () => {
    const a = signPacifica(header, payload, MAIN);
    const b = signPacifica(header, payload, pacificaKeypair(MAIN));
    expect(a).toEqual(b);
    expect(verifyPacifica(a.message, a.signature, MAIN_PUB)).toBe(true);
  });

  it('fails for a tampered message, another key or a flipped signature bit', () => {
    const { message, signature } = signPacifica(header, payload, MAIN);
    expect(verifyPacifica(message.replace('"0.1"', '"0.2"'), signature, MAIN_PUB)).toBe(false);
    expect(verifyPacifica(`${message} `, signature, MAIN_PUB)).toBe(false);
    expect(verifyPacifica(message, signature, AGENT_PUB)).toBe(false);
    const sig = base58.decode(signature);
    sig[10] = (sig[10] ?? 0) ^ 1;
    expect(verifyPacifica(message, base58.encode(sig), MAIN_PUB)).toBe(false);
  });

  it('returns false, not throws, on malformed inputs', () => {
    const { message, signature } = signPacifica(header, payload, MAIN);
    expect(verifyPacifica(message, 'not-base58-0OIl', MAIN_PUB)).toBe(false);
    expect(verifyPacifica(message, base58.encode(new Uint8Array(63)), MAIN_PUB)).toBe(false);
    expect(verifyPacifica(message, signature, 'short')).toBe(false);
    expect(verifyPacifica(message, signature, base58.encode(new Uint8Array(33).fill(7)))).toBe(false);
    expect(verifyPacifica(undefined as unknown as string, signature, MAIN_PUB)).toBe(false);
  });
});

describe('pacificaPublicKey / pacificaKeypair', () => {
  it('keeps the secret out of JSON and strings', () => {
    const kp = pacificaKeypair(MAIN);
    expect(JSON.stringify(kp)).toBe(JSON.stringify({ publicKey: MAIN_PUB }));
    expect(String(kp)).not.toContain(MAIN);
    expect(Object.values(kp)).toEqual([MAIN_PUB]);
  });

  it('rejects a secret whose halves disagree, without echoing it', () => {
    const raw = base58.decode(MAIN);
    raw.set(base58.decode(AGENT_PUB), 32);
    const mismatched = base58.encode(raw);
    const e = signingError(() => pacificaPublicKey(mismatched));
    expect(e.message).toMatch(/halves disagree/);
    expect(e.message).not.toContain(mismatched);
    expect(JSON.stringify(e.context)).not.toContain(mismatched);
  });

  it.each([
    ['48 bytes', base58.encode(new Uint8Array(48).fill(3))],
    ['65 bytes', base58.encode(new Uint8Array(65).fill(3))],
    ['invalid base58', `${MAIN.slice(0, 20)}0OIl`],
    ['empty', ''],
  ])('rejects a secret of %s', (_label, secret) => {
    const e = signingError(() => pacificaPublicKey(secret));
    expect(e.context.scheme).toBe('pacifica-ed25519');
    if (secret.length > 0) expect(e.message).not.toContain(secret);
  });

  it('rejects a non-string secret', () => {
    signingError(() => pacificaPublicKey(1234 as unknown as string));
  });
});
