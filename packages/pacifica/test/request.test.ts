import { describe, expect, it } from 'vitest';
import {
  buildBatchRequest,
  buildBindAgentWallet,
  buildMarketOrder,
  buildSignedRequest,
  buildUpdateLeverage,
  buildWsTradingFrame,
  PacificaOperation,
  type PacificaWsOperationType,
  pacificaMessageFromBody,
  parseSignedRequest,
  signPacifica,
  verifyPacifica,
} from '../src/index.js';
import { keys } from './vectors.js';

// Public, fake test keys from shared/vectors/pacifica/keys.json. Never fund them.
const MAIN = keys.main.secret_key_64_base58;
const MAIN_PUB = keys.main.public_key_base58;
const AGENT = keys.agent.secret_key_64_base58;
const AGENT_PUB = keys.agent.public_key_base58;
const T = 1748970123456;
const CLOID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

const order = buildMarketOrder({
  symbol: 'BTC',
  side: 'bid',
  amount: '0.1',
  slippagePercent: '0.5',
  clientOrderId: CLOID,
});
const header = { type: order.type, timestamp: T, expiry_window: 5000 };

describe('agent wallet signing', () => {
  it('signs with the agent key, sends account + agent_wallet, and does not sign agent_wallet', () => {
    const body = buildSignedRequest(header, order.payload, {
      secretKey: AGENT,
      account: MAIN_PUB,
      agentWallet: AGENT_PUB,
    });
    expect(body.account).toBe(MAIN_PUB);
    expect(body.agent_wallet).toBe(AGENT_PUB);
    const { message, signature } = signPacifica(header, order.payload, AGENT);
    expect(body.signature).toBe(signature);
    expect(message).not.toContain('agent_wallet');
    expect(verifyPacifica(message, body.signature, AGENT_PUB)).toBe(true);
    expect(verifyPacifica(message, body.signature, MAIN_PUB)).toBe(false);
    const received = parseSignedRequest(header.type, JSON.parse(JSON.stringify(body)));
    expect(received.signer).toBe(AGENT_PUB);
    expect(verifyPacifica(received.message, received.signature, received.signer)).toBe(true);
  });

  it('refuses a key that is neither the account nor the named agent wallet', () => {
    expect(() => buildSignedRequest(header, order.payload, { secretKey: AGENT, account: MAIN_PUB })).toThrow(
      expect.objectContaining({ code: 'SIGNING' }),
    );
    expect(() =>
      buildSignedRequest(header, order.payload, { secretKey: MAIN, account: MAIN_PUB, agentWallet: AGENT_PUB }),
    ).toThrow(expect.objectContaining({ code: 'SIGNING' }));
  });

  it('binds an agent wallet with the main key; the payload agent_wallet is signed', () => {
    const bind = buildBindAgentWallet({ agentWallet: AGENT_PUB });
    const h = { type: bind.type, timestamp: T, expiry_window: 5000 };
    const body = buildSignedRequest(h, bind.payload, { secretKey: MAIN, account: MAIN_PUB });
    expect(Object.keys(body)).toEqual(['account', 'signature', 'timestamp', 'expiry_window', 'agent_wallet']);
    const received = parseSignedRequest(bind.type, body);
    expect(received.signer).toBe(MAIN_PUB);
    expect(received.message).toContain(`"data":{"agent_wallet":"${AGENT_PUB}"}`);
    expect(verifyPacifica(received.message, received.signature, received.signer)).toBe(true);
  });

  it('refuses an agent_wallet payload field when an agent wallet also signs', () => {
    const bind = buildBindAgentWallet({ agentWallet: AGENT_PUB });
    expect(() =>
      buildSignedRequest({ type: bind.type, timestamp: T, expiry_window: 5000 }, bind.payload, {
        secretKey: AGENT,
        account: MAIN_PUB,
        agentWallet: AGENT_PUB,
      }),
    ).toThrow(/collides/);
  });
});

describe('buildSignedRequest', () => {
  it.each(['account', 'signature', 'timestamp', 'expiry_window', 'agent_wallet'])(
    'refuses a payload holding the header field %s',
    (key) => {
      expect(() =>
        buildSignedRequest(header, { ...order.payload, [key]: 'x' }, { secretKey: MAIN, account: MAIN_PUB }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    },
  );

  it('refuses an account that is not a public key', () => {
    expect(() => buildSignedRequest(header, order.payload, { secretKey: MAIN, account: 'alice' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', context: expect.objectContaining({ field: 'account' }) }),
    );
  });

  it('omits undefined payload fields from both the body and the message', () => {
    const body = buildSignedRequest(
      header,
      { ...order.payload, take_profit: undefined },
      { secretKey: MAIN, account: MAIN_PUB },
    );
    expect('take_profit' in body).toBe(false);
    expect(verifyPacifica(pacificaMessageFromBody(header.type, body), body.signature, MAIN_PUB)).toBe(true);
  });
});

describe('buildWsTradingFrame', () => {
  it('refuses operations the WS endpoint does not serve', () => {
    const lev = buildUpdateLeverage({ symbol: 'BTC', leverage: 5 });
    expect(() =>
      buildWsTradingFrame(
        { type: lev.type as unknown as PacificaWsOperationType, timestamp: T, expiry_window: 5000 },
        lev.payload,
        { secretKey: MAIN, account: MAIN_PUB, id: CLOID },
      ),
    ).toThrow(/not available over WebSocket/);
  });

  it('refuses an empty id', () => {
    expect(() => buildWsTradingFrame(header, order.payload, { secretKey: MAIN, account: MAIN_PUB, id: '' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('parseSignedRequest', () => {
  const body = buildSignedRequest(header, order.payload, { secretKey: MAIN, account: MAIN_PUB });

  it('treats agent_wallet: null as the main key signing', () => {
    const got = parseSignedRequest(header.type, { ...body, agent_wallet: null });
    expect(got.signer).toBe(MAIN_PUB);
    expect(got.payload).toEqual(order.payload);
    expect(verifyPacifica(got.message, got.signature, got.signer)).toBe(true);
  });

  it('detects a body altered after signing', () => {
    const got = parseSignedRequest(header.type, { ...body, amount: '1' });
    expect(verifyPacifica(got.message, got.signature, got.signer)).toBe(false);
  });

  it('detects a body replayed under another operation type', () => {
    const got = parseSignedRequest(PacificaOperation.CreateOrder, body);
    expect(verifyPacifica(got.message, got.signature, got.signer)).toBe(false);
  });

  it.each([
    ['no signature', { ...body, signature: undefined }],
    ['no timestamp', { ...body, timestamp: undefined }],
    ['a string expiry window', { ...body, expiry_window: '5000' }],
    ['a bad account', { ...body, account: 'x' }],
    ['a bad agent wallet', { ...body, agent_wallet: 'x' }],
    ['an array', [body]],
  ])('refuses a body with %s', (_label, b) => {
    expect(() => parseSignedRequest(header.type, b)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('buildBatchRequest', () => {
  it('holds 1 to 10 actions', () => {
    const data = buildSignedRequest(header, order.payload, { secretKey: MAIN, account: MAIN_PUB });
    expect(() => buildBatchRequest([])).toThrow(/1 to 10/);
    expect(() =>
      buildBatchRequest(Array.from({ length: 11 }, () => ({ type: 'CreateMarket' as const, data }))),
    ).toThrow(/1 to 10/);
    expect(buildBatchRequest([{ type: 'CreateMarket', data }]).actions).toHaveLength(1);
  });
});
