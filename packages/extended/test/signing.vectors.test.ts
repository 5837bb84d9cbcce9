import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { keccak } from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  type BuildOrderParameters,
  buildOrder,
  EXTENDED_MAINNET_DOMAIN,
  EXTENDED_SEPOLIA_DOMAIN,
  getStarkPublicKey,
  orderStructHash,
  settlementExpirationSeconds,
  signStarkHash,
  starknetDomainHash,
  starkPrivateKeyFromEthSignature,
  verifyOrderBody,
  verifyStarkSignature,
} from '../src/index.js';
import * as constants from '../src/signing/constants.js';
import { messageHash } from '../src/signing/message.js';
import {
  type ArgsVector,
  type ExpectedFelt,
  expectFelt,
  itMessageHashes,
  itStructHashes,
  messageHashOf,
  orderOf,
  type VectorArgs,
} from './vector-args.js';
import {
  loadVector,
  normalisePythonBody,
  type PythonOrderBody,
  type PythonSdkOrderFile,
  pythonSdkFixtures,
  vectorFiles,
} from './vectors.js';

const hex = (n: bigint) => `0x${n.toString(16)}`;
const utf8 = (s: string) => new TextEncoder().encode(s);

const COVERED_FILES = [
  'derived-by-research.json',
  'official-ts-examples-order.json',
  'python-sdk-conditional-order-objects.json',
  'python-sdk-l2-key-derivation.json',
  'python-sdk-limit-order-objects.json',
  'python-sdk-market-order-objects.json',
  'python-sdk-tpsl-order-objects.json',
  'rust-crypto-lib-base.json',
  'stark-crypto-wrapper-js.json',
  'stark-crypto-wrapper-py.json',
];

it('covers every vector file in shared/vectors/extended', () => {
  expect(vectorFiles()).toEqual(COVERED_FILES);
});

// ---------------------------------------------------------------------------------------------
interface Domain {
  name: string;
  version: string;
  chainId: string;
  revision: number | string;
}
interface RustFile {
  selectors: Record<string, { type_string: string; expected: string }>;
  starknet_domain_hash: { domain: Domain; expected_decimal: string };
  order_struct_hash: { order: VectorArgs; expected_decimal: string };
  order_message_hash_struct_api: { order: VectorArgs; domain: Domain; user_public_key_decimal: string } & ExpectedFelt;
  get_order_hash: ArgsVector;
  limit_order_struct_hash: { limit_order: VectorArgs; expected: string };
  get_limit_order_hash: ArgsVector;
  transfer_args_struct_hash: { transfer_args: VectorArgs; expected_decimal: string };
  transfer_message_hash: { transfer_args: VectorArgs; domain: Domain; user_public_key_hex: string } & ExpectedFelt;
  withdraw_args_struct_hash: { withdrawal_args: VectorArgs; expected: string };
  get_withdrawal_hash: ArgsVector;
  private_key_from_eth_signature: { eth_signature: string; expected_private_key_decimal: string };
}

describe('rust-crypto-lib-base.json', () => {
  const v = loadVector<RustFile>('rust-crypto-lib-base.json');

  it.each(Object.entries(v.selectors))('selector %s = starknet_keccak(type string)', (name, sel) => {
    expect(hex(keccak(utf8(sel.type_string)))).toBe(sel.expected);
    const hardCoded: Record<string, bigint> = {
      starknet_domain: constants.STARKNET_DOMAIN_SELECTOR,
      order: constants.ORDER_SELECTOR,
      transfer_args: constants.TRANSFER_SELECTOR,
      withdraw_args: constants.WITHDRAW_SELECTOR,
    };
    expect(hex(hardCoded[name]!)).toBe(sel.expected);
  });

  it('StarknetDomain hash (SN_SEPOLIA, revision as integer)', () => {
    expect(starknetDomainHash(v.starknet_domain_hash.domain).toString()).toBe(v.starknet_domain_hash.expected_decimal);
  });

  itStructHashes([
    { name: 'Order', kind: 'order', args: v.order_struct_hash.order, ...v.order_struct_hash },
    {
      name: 'LimitOrder',
      kind: 'limitOrder',
      args: v.limit_order_struct_hash.limit_order,
      ...v.limit_order_struct_hash,
    },
    {
      name: 'TransferArgs',
      kind: 'transfer',
      args: v.transfer_args_struct_hash.transfer_args,
      ...v.transfer_args_struct_hash,
    },
    {
      name: 'WithdrawArgs',
      kind: 'withdrawal',
      args: v.withdraw_args_struct_hash.withdrawal_args,
      ...v.withdraw_args_struct_hash,
    },
  ]);

  const struct = v.order_message_hash_struct_api;
  const transfer = v.transfer_message_hash;
  itMessageHashes([
    {
      name: 'Order message hash (struct API)',
      kind: 'order',
      ...struct,
      args: struct.order,
      publicKey: struct.user_public_key_decimal,
    },
    { name: 'get_order_hash (string API, negative quote amount)', kind: 'order', ...v.get_order_hash },
    { name: 'get_limit_order_hash', kind: 'limitOrder', ...v.get_limit_order_hash },
    {
      name: 'Transfer message hash',
      kind: 'transfer',
      ...transfer,
      args: transfer.transfer_args,
      publicKey: transfer.user_public_key_hex,
    },
    { name: 'get_withdrawal_hash (upper-case public key hex)', kind: 'withdrawal', ...v.get_withdrawal_hash },
  ]);

  it('Stark private key from an Ethereum signature (grind_key)', () => {
    const c = v.private_key_from_eth_signature;
    expect(BigInt(starkPrivateKeyFromEthSignature(c.eth_signature)).toString()).toBe(c.expected_private_key_decimal);
  });
});

// ---------------------------------------------------------------------------------------------
interface WrapperJsFile {
  signature_call: {
    eth_signature: string;
    derived_private_key_hex: string;
    message_hex: string;
    expected_r: string;
    observed_s_from_npm_0_2_0: string;
  };
  generate_private_key_from_eth_signature: { eth_signature: string; expected_private_key_decimal: string };
  get_transfer_msg: ArgsVector;
}

describe('stark-crypto-wrapper-js.json', () => {
  const v = loadVector<WrapperJsFile>('stark-crypto-wrapper-js.json');

  it('signs 0x12345 with the key ground from the eth signature', () => {
    const c = v.signature_call;
    const key = starkPrivateKeyFromEthSignature(c.eth_signature);
    expect(key).toBe(c.derived_private_key_hex);
    const sig = signStarkHash(c.message_hex, key);
    expect(sig.r).toBe(c.expected_r);
    expect(sig.s).toBe(c.observed_s_from_npm_0_2_0);
  });

  it('generate_private_key_from_eth_signature', () => {
    const c = v.generate_private_key_from_eth_signature;
    expect(BigInt(starkPrivateKeyFromEthSignature(c.eth_signature)).toString()).toBe(c.expected_private_key_decimal);
  });

  it('get_transfer_msg (decimal public key)', () => {
    expectFelt(messageHashOf({ kind: 'transfer', ...v.get_transfer_msg }), v.get_transfer_msg);
  });
});

// ---------------------------------------------------------------------------------------------
interface WrapperPyFile {
  well_known_order_hash: ArgsVector;
  sdk_buy_order_value: ArgsVector;
  well_known_keypair_generation: { eth_signature: string; expected_private_key: string; expected_public_key: string };
  limit_order_msg_hash: ArgsVector;
  well_known_transfer_hash: ArgsVector;
  well_known_withdrawal_hash: ArgsVector;
}

describe('stark-crypto-wrapper-py.json', () => {
  const v = loadVector<WrapperPyFile>('stark-crypto-wrapper-py.json');

  itMessageHashes([
    { name: 'get_order_msg_hash: well_known_order_hash', kind: 'order', ...v.well_known_order_hash },
    { name: 'get_order_msg_hash: sdk_buy_order_value', kind: 'order', ...v.sdk_buy_order_value },
    { name: 'get_limit_order_msg_hash', kind: 'limitOrder', ...v.limit_order_msg_hash },
    { name: 'get_transfer_msg_hash', kind: 'transfer', ...v.well_known_transfer_hash },
    { name: 'get_withdrawal_msg_hash', kind: 'withdrawal', ...v.well_known_withdrawal_hash },
  ]);

  it('generate_keypair_from_eth_signature', () => {
    const c = v.well_known_keypair_generation;
    const key = starkPrivateKeyFromEthSignature(c.eth_signature);
    expect(key).toBe(c.expected_private_key);
    expect(getStarkPublicKey(key)).toBe(c.expected_public_key);
  });
});

// ---------------------------------------------------------------------------------------------
interface KeyDerivationFile {
  inputs: { l1_private_key: string; account_index: number; signing_domain: string };
  expected: { l2_private_key: string; l2_public_key: string };
  intermediate_not_upstream_asserted: { l1_address: string; eth_signature: string };
}

/** EIP-712 digest of AccountCreation{accountIndex:int8, wallet:address, tosAccepted:bool} under {name}. */
function accountCreationDigest(signingDomain: string, accountIndex: number, wallet: Uint8Array): Uint8Array {
  const word = (bytes: Uint8Array) => {
    const out = new Uint8Array(32);
    out.set(bytes, 32 - bytes.length);
    return out;
  };
  const concat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const domainSeparator = keccak_256(
    concat(keccak_256(utf8('EIP712Domain(string name)')), keccak_256(utf8(signingDomain))),
  );
  const structHash = keccak_256(
    concat(
      keccak_256(utf8('AccountCreation(int8 accountIndex,address wallet,bool tosAccepted)')),
      word(Uint8Array.of(accountIndex)),
      word(wallet),
      word(Uint8Array.of(1)),
    ),
  );
  return keccak_256(concat(Uint8Array.of(0x19, 0x01), domainSeparator, structHash));
}

describe('python-sdk-l2-key-derivation.json', () => {
  const v = loadVector<KeyDerivationFile>('python-sdk-l2-key-derivation.json');

  it('L1 key → EIP-712 AccountCreation signature → Stark key pair', () => {
    const l1 = Uint8Array.from(Buffer.from(v.inputs.l1_private_key, 'hex'));
    const wallet = keccak_256(secp256k1.getPublicKey(l1, false).subarray(1)).subarray(12);
    expect(`0x${Buffer.from(wallet).toString('hex')}`).toBe(
      v.intermediate_not_upstream_asserted.l1_address.toLowerCase(),
    );
    const digest = accountCreationDigest(v.inputs.signing_domain, v.inputs.account_index, wallet);
    const sig = secp256k1.sign(digest, l1, { prehash: false, format: 'recovered' });
    // noble's recovered format is recovery ‖ r ‖ s; Ethereum's is r ‖ s ‖ (27 + recovery).
    const ethSignature = `0x${Buffer.from(sig.subarray(1)).toString('hex')}${(27 + sig[0]!).toString(16)}`;
    expect(ethSignature).toBe(v.intermediate_not_upstream_asserted.eth_signature);
    const l2 = starkPrivateKeyFromEthSignature(ethSignature);
    expect(l2).toBe(v.expected.l2_private_key);
    expect(getStarkPublicKey(l2)).toBe(v.expected.l2_public_key);
  });
});

// ---------------------------------------------------------------------------------------------
/** Rebuilds a Python SDK `create_order_object` call from the body it produced (it echoes every input). */
function pythonCaseToParameters(file: PythonSdkOrderFile, expected: PythonOrderBody): BuildOrderParameters {
  const fx = pythonSdkFixtures(file);
  const tpsl = (t: PythonOrderBody['takeProfit']) =>
    t === null
      ? undefined
      : { triggerPrice: t.triggerPrice, triggerPriceType: t.triggerPriceType, price: t.price, priceType: t.priceType };
  return {
    market: fx.market,
    account: fx.account,
    domain: fx.domain,
    side: expected.side,
    type: expected.type,
    qty: expected.qty,
    price: expected.price,
    timeInForce: expected.timeInForce,
    expiryEpochMillis: expected.expiryEpochMillis,
    nonce: fx.nonce,
    fee: fx.fee,
    postOnly: expected.postOnly,
    reduceOnly: expected.reduceOnly,
    selfTradeProtectionLevel: expected.selfTradeProtectionLevel,
    ...(expected.trigger !== null && { trigger: expected.trigger }),
    ...(expected.tpSlType !== null && { tpSlType: expected.tpSlType }),
    ...(expected.takeProfit !== null && { takeProfit: tpsl(expected.takeProfit) }),
    ...(expected.stopLoss !== null && { stopLoss: tpsl(expected.stopLoss) }),
    // The SDK's fixtures sign 43445.1168 on a 0.1-tick market; the SDK does not check ticks.
    validatePriceTick: false,
  };
}

describe.each([
  'python-sdk-limit-order-objects.json',
  'python-sdk-market-order-objects.json',
  'python-sdk-conditional-order-objects.json',
  'python-sdk-tpsl-order-objects.json',
])('%s', (fileName) => {
  const file = loadVector<PythonSdkOrderFile>(fileName);

  it.each(file.cases.map((c) => [c.test, c] as const))('%s: exact POST body', (_name, c) => {
    const { body, orderHash, externalId } = buildOrder(pythonCaseToParameters(file, c.expected));
    const expected = normalisePythonBody(c.expected) as Record<string, unknown>;
    // Newer SDK models add RFQ fields that are null for non-RFQ markets (dropped on the wire).
    expect(body).toEqual(expected);
    expect(BigInt(orderHash).toString()).toBe(c.expected.id);
    expect(externalId).toBe(c.expected.id);
  });

  it.each(file.cases.map((c) => [c.test, c] as const))('%s: simulator-side verification', (_name, c) => {
    const fx = pythonSdkFixtures(file);
    const result = verifyOrderBody(c.expected, fx.market, fx.domain);
    expect(result.valid).toBe(true);
    expect(result.checks.length).toBe(
      (c.expected.settlement ? 1 : 0) + (c.expected.takeProfit ? 1 : 0) + (c.expected.stopLoss ? 1 : 0),
    );
  });
});

// ---------------------------------------------------------------------------------------------
interface OfficialTsFile {
  ctx: {
    assetIdCollateral_decimal: string;
    assetIdSynthetic_decimal: string;
    settlementResolutionCollateral: string;
    settlementResolutionSynthetic: string;
    minOrderSizeChange: string;
    maxPositionValue: string;
    vaultId: number;
    starkPrivateKey: string;
    starknetDomain: Domain;
    builderId: number;
    builderFee: string;
  };
  ctx_hex_equivalents_not_upstream: { assetIdCollateral: string; assetIdSynthetic: string };
  nonce: number;
  input: {
    marketName: string;
    orderType: 'LIMIT';
    side: 'BUY' | 'SELL';
    amountOfSynthetic: string;
    price: string;
    timeInForce: 'GTT';
    reduceOnly: boolean;
    postOnly: boolean;
    tpSlType: 'ORDER';
    takeProfit: { triggerPrice: string; triggerPriceType: 'MARK'; price: string; priceType: 'LIMIT' };
    stopLoss: { triggerPrice: string; triggerPriceType: 'MARK'; price: string; priceType: 'LIMIT' };
  };
  expected_toJSON_inline_snapshot: Record<string, unknown> & {
    expiryEpochMillis: number;
    fee: string;
    debuggingAmounts: Record<string, string>;
    takeProfit: { debuggingAmounts: Record<string, string> };
    stopLoss: { debuggingAmounts: Record<string, string> };
  };
}

describe('official-ts-examples-order.json', () => {
  const v = loadVector<OfficialTsFile>('official-ts-examples-order.json');

  it('LIMIT SELL with TP/SL and builder fee on a 10-decimal market', () => {
    const { ctx, input } = v;
    const snapshot = v.expected_toJSON_inline_snapshot;
    expect(BigInt(v.ctx_hex_equivalents_not_upstream.assetIdCollateral).toString()).toBe(ctx.assetIdCollateral_decimal);
    expect(BigInt(v.ctx_hex_equivalents_not_upstream.assetIdSynthetic).toString()).toBe(ctx.assetIdSynthetic_decimal);
    const { body } = buildOrder({
      market: {
        name: input.marketName,
        tradingConfig: {
          minOrderSize: ctx.minOrderSizeChange,
          minOrderSizeChange: ctx.minOrderSizeChange,
          minPriceChange: '0.0001',
          maxPositionValue: ctx.maxPositionValue,
        },
        l2Config: {
          collateralId: v.ctx_hex_equivalents_not_upstream.assetIdCollateral,
          collateralResolution: ctx.settlementResolutionCollateral,
          syntheticId: v.ctx_hex_equivalents_not_upstream.assetIdSynthetic,
          syntheticResolution: ctx.settlementResolutionSynthetic,
        },
      },
      account: { vault: ctx.vaultId, privateKey: ctx.starkPrivateKey },
      domain: ctx.starknetDomain,
      side: input.side,
      type: input.orderType,
      qty: input.amountOfSynthetic,
      price: input.price,
      timeInForce: input.timeInForce,
      expiryEpochMillis: snapshot.expiryEpochMillis,
      nonce: v.nonce,
      fee: '0.0002', // ctx.feeRate "2/10000"
      builderFee: ctx.builderFee,
      builderId: ctx.builderId,
      reduceOnly: input.reduceOnly,
      postOnly: input.postOnly,
      tpSlType: input.tpSlType,
      takeProfit: input.takeProfit,
      stopLoss: input.stopLoss,
    });
    // The snapshot predates the examples' "Fix fee param" commit (b8d2afc0): `fee` is now the plain
    // rate and the builder fee is sent separately; the signed fee still covers both (0.0014).
    expect(snapshot.fee).toBe('0.0014');
    expect(body.fee).toBe('0.0002');
    // The TS examples send unsigned magnitudes; we send the signed values like the Python SDK.
    const abs = (d: { collateralAmount: string; feeAmount: string; syntheticAmount: string }) => ({
      collateralAmount: d.collateralAmount.replace('-', ''),
      feeAmount: d.feeAmount,
      syntheticAmount: d.syntheticAmount.replace('-', ''),
    });
    expect(body.debuggingAmounts.syntheticAmount).toBe('-10000000');
    expect(body.takeProfit?.debuggingAmounts.collateralAmount).toBe('-50000000');
    const ours = {
      ...body,
      fee: snapshot.fee,
      debuggingAmounts: abs(body.debuggingAmounts),
      takeProfit: body.takeProfit && { ...body.takeProfit, debuggingAmounts: abs(body.takeProfit.debuggingAmounts) },
      stopLoss: body.stopLoss && { ...body.stopLoss, debuggingAmounts: abs(body.stopLoss.debuggingAmounts) },
    };
    // The examples do not send selfTradeProtectionLevel (venue default ACCOUNT); we always send it.
    expect(ours.selfTradeProtectionLevel).toBe('ACCOUNT');
    const { selfTradeProtectionLevel: _stp, ...comparable } = ours;
    expect(comparable).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
interface DerivedFile {
  domain_hashes: Record<string, string>;
  message_prefix_felt: { text: string; hex: string };
  settlement_expirations_seconds_for_python_sdk_cases: Record<string, number | string>;
  child_settlement_message_hashes: {
    limit_buy_with_order_tpsl: { takeProfit: string; stopLoss: string };
    limit_buy_with_position_tpsl: { takeProfit: string; stopLoss: string };
    tpsl_partial: { takeProfit: string; stopLoss: string };
    tpsl_partial_parent_signature_if_it_were_sent: { r: string; s: string };
    official_ts_example_limit_sell_with_tpsl: { takeProfit: string; stopLoss: string };
  };
  mainnet_domain_order_example: {
    inputs: Record<string, string> & { domain: Domain };
    private_key: string;
    msg_hash: string;
    r: string;
    s: string;
  };
  stark_ecdsa_sign_vectors: {
    vectors: {
      private_key: string;
      msg_hash: string;
      public_key: string;
      r: string;
      s: string;
      scure_starknet_2_4_0_default_sign_matches: boolean;
    }[];
  };
}

describe('derived-by-research.json', () => {
  const v = loadVector<DerivedFile>('derived-by-research.json');
  const limitFile = loadVector<PythonSdkOrderFile>('python-sdk-limit-order-objects.json');
  const tpslFile = loadVector<PythonSdkOrderFile>('python-sdk-tpsl-order-objects.json');
  const fx = pythonSdkFixtures(limitFile);

  it('domain hashes (mainnet and sepolia constants)', () => {
    expect(hex(starknetDomainHash(EXTENDED_SEPOLIA_DOMAIN))).toBe(v.domain_hashes['Perpetuals/v0/SN_SEPOLIA/1']);
    expect(hex(starknetDomainHash(EXTENDED_MAINNET_DOMAIN))).toBe(v.domain_hashes['Perpetuals/v0/SN_MAIN/1']);
  });

  it('"StarkNet Message" prefix felt', () => {
    expect(hex(constants.STARKNET_MESSAGE_PREFIX)).toBe(v.message_prefix_felt.hex);
    expect(Buffer.from(v.message_prefix_felt.hex.slice(2), 'hex').toString('ascii')).toBe(v.message_prefix_felt.text);
  });

  it.each(Object.entries(v.settlement_expirations_seconds_for_python_sdk_cases).filter(([k]) => k !== 'note'))(
    'settlement expiration: %s',
    (label, seconds) => {
      const ms = /expire (\d+) ms/.exec(label)![1]!;
      expect(settlementExpirationSeconds(BigInt(ms))).toBe(BigInt(seconds));
    },
  );

  const childHashes = (body: PythonOrderBody, market = fx.market) => {
    const checks = verifyOrderBody(body, market, fx.domain).checks;
    const find = (part: string) => BigInt(checks.find((c) => c.part === part)!.msgHash).toString();
    return { takeProfit: find('takeProfit'), stopLoss: find('stopLoss') };
  };
  const caseBody = (file: PythonSdkOrderFile, test: string) => file.cases.find((c) => c.test === test)!.expected;

  it('child settlement hashes: limit buy with ORDER TP/SL', () => {
    expect(childHashes(caseBody(limitFile, 'test_create_buy_order_with_order_tpsl'))).toEqual(
      v.child_settlement_message_hashes.limit_buy_with_order_tpsl,
    );
  });

  it('child settlement hashes: limit buy with POSITION TP/SL', () => {
    expect(childHashes(caseBody(limitFile, 'test_create_buy_order_with_position_tpsl'))).toEqual(
      v.child_settlement_message_hashes.limit_buy_with_position_tpsl,
    );
  });

  it('child settlement hashes and unsent parent signature: partial TPSL order', () => {
    const body = caseBody(tpslFile, 'test_create_buy_partial_tpsl_order');
    expect(childHashes(body)).toEqual(v.child_settlement_message_hashes.tpsl_partial);
    // The parent's id is its settlement hash; its signature is computed by the SDK but not sent.
    const { r, s } = v.child_settlement_message_hashes.tpsl_partial_parent_signature_if_it_were_sent;
    expect(signStarkHash(BigInt(body.id), fx.account.privateKey)).toEqual({ r, s });
  });

  it('child settlement hashes: official TS example', () => {
    const ts = loadVector<OfficialTsFile>('official-ts-examples-order.json');
    const snap = ts.expected_toJSON_inline_snapshot as unknown as PythonOrderBody & { builderFee: string };
    // Rebuild the signed (pre-fix) semantics: fee 0.0002 + builder 0.0012.
    const body = { ...snap, fee: '0.0002', tpSlType: 'ORDER' as const };
    const market = {
      l2Config: {
        collateralId: ts.ctx_hex_equivalents_not_upstream.assetIdCollateral,
        collateralResolution: ts.ctx.settlementResolutionCollateral,
        syntheticId: ts.ctx_hex_equivalents_not_upstream.assetIdSynthetic,
        syntheticResolution: ts.ctx.settlementResolutionSynthetic,
      },
    };
    const result = verifyOrderBody(body, market, ts.ctx.starknetDomain);
    expect(result.valid).toBe(true);
    const find = (part: string) => BigInt(result.checks.find((c) => c.part === part)!.msgHash).toString();
    expect({ takeProfit: find('takeProfit'), stopLoss: find('stopLoss') }).toEqual(
      v.child_settlement_message_hashes.official_ts_example_limit_sell_with_tpsl,
    );
    expect(BigInt(result.checks.find((c) => c.part === 'order')!.msgHash).toString()).toBe(snap.id);
  });

  it('mainnet-domain order: hash and signature', () => {
    const c = v.mainnet_domain_order_example;
    const { domain, ...args } = c.inputs;
    const hash = messageHashOf({ kind: 'order', args, domain });
    expect(hash).toBe(c.msg_hash);
    expect(signStarkHash(hash, c.private_key)).toEqual({ r: c.r, s: c.s });
    // Same input through the generic message hash path.
    expect(hex(messageHash(orderStructHash(orderOf(args)), EXTENDED_MAINNET_DOMAIN, args.user_public_key!))).toBe(
      c.msg_hash,
    );
  });

  it.each(
    v.stark_ecdsa_sign_vectors.vectors.map((c, n) => [n, c.scure_starknet_2_4_0_default_sign_matches, c] as const),
  )('sign vector #%i (scure default matches: %s)', (_n, _m, c) => {
    expect(getStarkPublicKey(c.private_key)).toBe(c.public_key);
    expect(signStarkHash(c.msg_hash, c.private_key)).toEqual({ r: c.r, s: c.s });
    expect(verifyStarkSignature(c.msg_hash, c, c.public_key)).toBe(true);
  });
});
