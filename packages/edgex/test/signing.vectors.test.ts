import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { pedersen } from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import {
  buildV2Order,
  type EdgexMetadataLike,
  type JsonObject,
  l2NonceFromClientOrderId,
  l2OrderHash,
  l2OrderHashChain,
  type OrderSide,
  type OrderType,
  parseStarkPrivateKey,
  resolveV1Market,
  resolveV2Market,
  serializeBody,
  signV1Order,
  signV1Request,
  signV1WsAuth,
  signV2Request,
  starkPublicKey,
  starkRfc6979K,
  starkSign,
  type TimeInForce,
  v1RequestMessageHash,
  verifyV1OrderSignature,
  verifyV1RequestSignature,
  verifyV2OrderSignature,
} from '../src/index.js';
import { loadVector } from './vectors.js';

const hex64 = (n: bigint): string => n.toString(16).padStart(64, '0');

describe('vector files', () => {
  it('every file in shared/vectors/edgex is covered by this suite', () => {
    const dir = fileURLToPath(new URL('../../../../shared/vectors/edgex/', import.meta.url));
    expect(readdirSync(dir).sort()).toEqual([
      'v1_body_serialization.json',
      'v1_l2_limit_order.json',
      'v1_request_signing.json',
      'v1_stark_key_and_pedersen.json',
      'v1_ws_auth.json',
      'v2_hmac_and_eip712_order.json',
    ]);
  });
});

describe('v1_stark_key_and_pedersen.json', () => {
  const v = loadVector<{
    stark_private_key: string;
    stark_public_key_x: string;
    stark_public_key_y: string;
    sign_example: { message_hash_hex: string; k: string; r: string; s: string };
    pedersen_examples: { a: string; b: string; pedersen: string }[];
  }>('v1_stark_key_and_pedersen.json');

  it('derives the stark public key x and y', () => {
    expect(starkPublicKey(v.stark_private_key)).toEqual({ x: v.stark_public_key_x, y: v.stark_public_key_y });
  });

  it('reproduces the StarkWare RFC 6979 k and the signature of the trivial message', () => {
    const msg = BigInt(`0x${v.sign_example.message_hash_hex}`);
    expect(hex64(starkRfc6979K(msg, parseStarkPrivateKey(v.stark_private_key)))).toBe(v.sign_example.k);
    const sig = starkSign(msg, v.stark_private_key);
    expect(hex64(sig.r)).toBe(v.sign_example.r);
    expect(hex64(sig.s)).toBe(v.sign_example.s);
  });

  it.each(v.pedersen_examples)('pedersen($a, $b)', ({ a, b, pedersen: expected }) => {
    expect(pedersen(BigInt(a), BigInt(b))).toBe(expected);
  });
});

describe('v1_body_serialization.json', () => {
  const v = loadVector<{ cases: { body: JsonObject; serialized: string }[] }>('v1_body_serialization.json');
  it.each(v.cases.map((c, i) => ({ ...c, i })))('case $i', ({ body, serialized }) => {
    expect(serializeBody(body)).toBe(serialized);
  });
});

interface RequestVector {
  method: 'GET' | 'POST';
  path: string;
  timestamp_ms: string;
  query_params: Record<string, string> | null;
  json_body: JsonObject | null;
  sign_content: string;
  keccak256_of_sign_content: string;
  msg_hash_mod_n: string;
  k: string;
  r: string;
  s: string;
  headers: Record<string, string>;
  signature_with_pubkey_y_docs_variant: string;
}

describe('v1_request_signing.json', () => {
  const v = loadVector<{ stark_private_key: string; stark_public_key_x: string; vectors: RequestVector[] }>(
    'v1_request_signing.json',
  );
  const key = parseStarkPrivateKey(v.stark_private_key);

  it.each(v.vectors.map((x, i) => ({ ...x, i })))('#$i $method $path', (x) => {
    const request = {
      timestamp: x.timestamp_ms,
      method: x.method,
      path: x.path,
      ...(x.query_params ? { query: x.query_params } : {}),
      ...(x.json_body ? { body: x.json_body } : {}),
    };
    const signed = signV1Request(request, v.stark_private_key);
    expect(signed.signContent).toBe(x.sign_content);
    const msg = v1RequestMessageHash(signed.signContent);
    expect(hex64(msg)).toBe(x.msg_hash_mod_n);
    expect(bytesToHex(keccak_256(utf8ToBytes(signed.signContent)))).toBe(x.keccak256_of_sign_content);
    expect(hex64(starkRfc6979K(msg, key))).toBe(x.k);
    expect(signed.signature).toBe(x.r + x.s);
    expect(signed.headers).toEqual(x.headers);
    expect(verifyV1RequestSignature(request, signed.signature, v.stark_public_key_x)).toBe(true);
    expect(verifyV1RequestSignature(request, x.signature_with_pubkey_y_docs_variant, v.stark_public_key_x)).toBe(true);
  });
});

/** The FAKE Stark key pair and account a V1 vector file signs with. */
interface StarkAccountVector {
  stark_private_key: string;
  stark_public_key_x: string;
  account_id: string;
}

describe('v1_ws_auth.json', () => {
  const v = loadVector<
    StarkAccountVector & {
      timestamp_ms: string;
      private: { url: string; sign_content: string; k: string; headers: Record<string, string> };
    }
  >('v1_ws_auth.json');

  it('signs the private WS handshake like the SDK', () => {
    const auth = signV1WsAuth({ timestamp: v.timestamp_ms, accountId: v.account_id }, v.stark_private_key);
    expect(auth.signContent).toBe(v.private.sign_content);
    expect(auth.headers).toEqual(v.private.headers);
    expect(`wss://quote.edgex.exchange${auth.pathWithQuery}`).toBe(v.private.url);
    const msg = v1RequestMessageHash(auth.signContent);
    expect(hex64(starkRfc6979K(msg, parseStarkPrivateKey(v.stark_private_key)))).toBe(v.private.k);
  });
});

interface HashInputs {
  synthetic_asset_id: string;
  collateral_asset_id: string;
  fee_asset_id: string;
  is_buying_synthetic: boolean;
  amount_synthetic: string;
  amount_collateral: string;
  amount_fee: string;
  nonce: string;
  position_id: string;
  expiration_timestamp_hours: string;
}
interface HashChain {
  h1_pedersen_sell_buy: string;
  h2_pedersen_h1_fee: string;
  packed_message0: string;
  h3_pedersen_h2_packed0: string;
  packed_message1: string;
  order_hash: string;
}

const hashParams = (x: HashInputs) => ({
  syntheticAssetId: x.synthetic_asset_id,
  collateralAssetId: x.collateral_asset_id,
  feeAssetId: x.fee_asset_id,
  isBuyingSynthetic: x.is_buying_synthetic,
  amountSynthetic: x.amount_synthetic,
  amountCollateral: x.amount_collateral,
  amountFee: x.amount_fee,
  nonce: x.nonce,
  positionId: x.position_id,
  expirationTimestampHours: x.expiration_timestamp_hours,
});

function expectChain(params: ReturnType<typeof hashParams>, chain: HashChain): void {
  const got = l2OrderHashChain(params);
  const hex = (n: bigint): string => `0x${n.toString(16)}`;
  expect(hex(got.h1)).toBe(chain.h1_pedersen_sell_buy);
  expect(hex(got.h2)).toBe(chain.h2_pedersen_h1_fee);
  expect(hex(got.packed0)).toBe(chain.packed_message0);
  expect(hex(got.h3)).toBe(chain.h3_pedersen_h2_packed0);
  expect(hex(got.packed1)).toBe(chain.packed_message1);
  expect(l2OrderHash(params)).toBe(chain.order_hash);
}

describe('v1_l2_limit_order.json', () => {
  const v = loadVector<
    StarkAccountVector & {
      metadata_fixture: EdgexMetadataLike;
      orders: {
        name: string;
        inputs: {
          contractId: string;
          side: OrderSide;
          type: OrderType;
          price: string;
          size: string;
          timeInForce: TimeInForce | null;
          reduceOnly: boolean;
          clientOrderId: string;
          now_ms: string;
          oracle_price_used_for_market_buy: string | null;
        };
        l2_hash_inputs: HashInputs;
        l2_hash_chain: HashChain;
        l2_signature: { k: string; l2Signature: string };
        request_body_as_sent: JsonObject;
        request_auth: { timestamp_ms: string; sign_content: string; headers: Record<string, string> };
      }[];
      direct_hash_vectors: {
        name: string;
        l2_hash_inputs: HashInputs;
        l2_hash_chain: HashChain;
        l2_signature: { l2Signature: string };
      }[];
      nonce_vectors: { clientOrderId: string; l2Nonce: string }[];
    }
  >('v1_l2_limit_order.json');

  describe.each(v.orders)('$name', (o) => {
    const market = resolveV1Market(v.metadata_fixture, o.inputs.contractId);
    const signed = signV1Order(
      {
        accountId: v.account_id,
        contractId: o.inputs.contractId,
        side: o.inputs.side,
        type: o.inputs.type,
        size: o.inputs.size,
        ...(o.inputs.type === 'LIMIT' ? { price: o.inputs.price } : {}),
        ...(o.inputs.oracle_price_used_for_market_buy
          ? { oraclePrice: o.inputs.oracle_price_used_for_market_buy }
          : {}),
        ...(o.inputs.timeInForce ? { timeInForce: o.inputs.timeInForce } : {}),
        reduceOnly: o.inputs.reduceOnly,
        clientOrderId: o.inputs.clientOrderId,
        nowMs: o.inputs.now_ms,
      },
      market,
      v.stark_private_key,
    );

    it('computes the SDK hash inputs and Pedersen chain', () => {
      expect(l2OrderHashChain(signed.hashParams)).toEqual(l2OrderHashChain(hashParams(o.l2_hash_inputs)));
      expectChain(hashParams(o.l2_hash_inputs), o.l2_hash_chain);
      expect(signed.orderHash).toBe(o.l2_hash_chain.order_hash);
    });

    it('signs with the recorded k and builds the exact body (values and key order)', () => {
      expect(signed.l2Signature).toBe(o.l2_signature.l2Signature);
      expect(JSON.stringify(signed.body)).toBe(JSON.stringify(o.request_body_as_sent));
      expect(hex64(starkRfc6979K(BigInt(o.l2_hash_chain.order_hash), parseStarkPrivateKey(v.stark_private_key)))).toBe(
        o.l2_signature.k,
      );
    });

    it('signs the createOrder request like the SDK and verifies', () => {
      const request = {
        timestamp: o.request_auth.timestamp_ms,
        method: 'POST' as const,
        path: '/api/v1/private/order/createOrder',
        body: signed.body,
      };
      const auth = signV1Request(request, v.stark_private_key);
      expect(auth.signContent).toBe(o.request_auth.sign_content);
      expect(auth.headers).toEqual(o.request_auth.headers);
      expect(verifyV1OrderSignature(signed.body, market, v.stark_public_key_x)).toBe(true);
    });
  });

  it.each(v.direct_hash_vectors)('$name', (d) => {
    const params = hashParams(d.l2_hash_inputs);
    expectChain(params, d.l2_hash_chain);
    const sig = starkSign(BigInt(l2OrderHash(params)), v.stark_private_key);
    expect(hex64(sig.r) + hex64(sig.s)).toBe(d.l2_signature.l2Signature);
  });

  it.each(v.nonce_vectors)('l2Nonce of "$clientOrderId"', ({ clientOrderId, l2Nonce }) => {
    expect(l2NonceFromClientOrderId(clientOrderId)).toBe(l2Nonce);
  });
});

describe('v2_hmac_and_eip712_order.json', () => {
  const v = loadVector<{
    fake_credentials: {
      api_key: string;
      api_passphrase: string;
      api_secret: string;
      trading_private_key: string;
      trading_address: string;
    };
    account_id: string;
    metadata_fixture: EdgexMetadataLike;
    hmac_vectors: {
      method: 'GET' | 'POST';
      path_sent: string;
      query_params: Record<string, string> | null;
      json_body: JsonObject | null;
      timestamp_ms: string;
      hmac_message: string;
      headers: Record<string, string>;
    }[];
    create_order: {
      now_ms: string;
      typed_data: unknown;
      eip712_digest: string;
      signature_ethers_0x: string;
      request_body_as_sent: JsonObject;
      body_serialized_for_hmac: string;
      hmac_message: string;
      headers: Record<string, string>;
    };
  }>('v2_hmac_and_eip712_order.json');
  const creds = {
    apiKey: v.fake_credentials.api_key,
    passphrase: v.fake_credentials.api_passphrase,
    secret: v.fake_credentials.api_secret,
  };

  it.each(v.hmac_vectors)('HMAC $method $path_sent', (x) => {
    const signed = signV2Request(
      {
        timestamp: x.timestamp_ms,
        method: x.method,
        path: x.path_sent,
        ...(x.query_params ? { query: x.query_params } : {}),
        ...(x.json_body ? { body: x.json_body } : {}),
      },
      creds,
    );
    expect(signed.signContent).toBe(x.hmac_message);
    expect(signed.headers).toEqual(x.headers);
  });

  describe('createOrder', () => {
    const c = v.create_order;
    const market = resolveV2Market(v.metadata_fixture, '10000001');
    const built = buildV2Order(
      {
        accountId: v.account_id,
        contractId: '10000001',
        side: 'BUY',
        type: 'LIMIT',
        price: '97393.8',
        size: '0.001',
        clientOrderId: '21163368294502694',
        nowMs: c.now_ms,
      },
      market,
      v.fake_credentials.trading_private_key,
    );

    it('builds the SDK typed data, digest and signature', () => {
      expect(built.signer).toBe(v.fake_credentials.trading_address);
      expect(built.typedData).toEqual(c.typed_data);
      expect(built.digest).toBe(c.eip712_digest);
      expect(built.signature).toBe(c.signature_ethers_0x);
    });

    it('builds the exact body and its HMAC headers', () => {
      expect(JSON.stringify(built.body)).toBe(JSON.stringify(c.request_body_as_sent));
      expect(serializeBody(built.body)).toBe(c.body_serialized_for_hmac);
      const signed = signV2Request(
        {
          timestamp: '1760000000007',
          method: 'POST',
          path: '/api/v2/private/order/createOrder',
          body: { ...built.body },
        },
        creds,
      );
      expect(signed.signContent).toBe(c.hmac_message);
      expect(signed.headers).toEqual(c.headers);
    });

    it('verifies the vector body against the trading address', () => {
      const body = c.request_body_as_sent as unknown as Parameters<typeof verifyV2OrderSignature>[0];
      expect(verifyV2OrderSignature(body, market, v.fake_credentials.trading_address)).toBe(true);
    });
  });
});
