import { numberToBytesBE } from '@noble/curves/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { invalidInput } from './errors.js';

/** EIP-712 field declaration. */
export interface TypedDataField {
  name: string;
  type: string;
}

export type TypedDataTypes = Readonly<Record<string, readonly TypedDataField[]>>;

/** Values accepted in typed-data messages: integers as bigint / safe number / decimal string. */
export type TypedDataValue = string | number | bigint | boolean | Uint8Array | { [key: string]: TypedDataValue };

export interface TypedDataDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: string;
}

export const EIP712_DOMAIN_FIELDS: readonly TypedDataField[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];

/**
 * `encodeType` of EIP-712: the primary type, then every referenced struct sorted by name.
 * Arrays are not supported (no edgeX message uses them).
 */
export function encodeType(primaryType: string, types: TypedDataTypes): string {
  const deps = new Set<string>();
  const visit = (name: string): void => {
    for (const field of types[name] ?? []) {
      if (types[field.type] && !deps.has(field.type) && field.type !== primaryType) {
        deps.add(field.type);
        visit(field.type);
      }
    }
  };
  visit(primaryType);
  const render = (name: string): string =>
    `${name}(${(types[name] ?? []).map((f) => `${f.type} ${f.name}`).join(',')})`;
  return [primaryType, ...[...deps].sort()].map(render).join('');
}

export function typeHash(primaryType: string, types: TypedDataTypes): Uint8Array {
  return keccak_256(utf8ToBytes(encodeType(primaryType, types)));
}

/** `hashStruct(s) = keccak256(typeHash ‖ encodeData(s))`. */
export function hashStruct(
  primaryType: string,
  data: Record<string, TypedDataValue>,
  types: TypedDataTypes,
): Uint8Array {
  const fields = types[primaryType];
  if (!fields) throw invalidInput('primaryType', 'a type declared in types', primaryType);
  const encoded = fields.map((f) => encodeValue(f.type, data[f.name], types, f.name));
  return keccak_256(concatBytes(typeHash(primaryType, types), ...encoded));
}

function toInteger(value: TypedDataValue | undefined, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?(0|[1-9]\d*)$/.test(value)) return BigInt(value);
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value);
  throw invalidInput(field, 'an integer (bigint, safe number or integer string)', value);
}

function encodeValue(
  type: string,
  value: TypedDataValue | undefined,
  types: TypedDataTypes,
  field: string,
): Uint8Array {
  if (types[type]) {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) {
      throw invalidInput(field, `a ${type} struct`, value);
    }
    return hashStruct(type, value, types);
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw invalidInput(field, 'a string', value);
    return keccak_256(utf8ToBytes(value));
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw invalidInput(field, 'a boolean', value);
    return numberToBytesBE(value ? 1n : 0n, 32);
  }
  if (type === 'address') {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
      throw invalidInput(field, 'a 0x address', value);
    return numberToBytesBE(BigInt(value), 32);
  }
  if (type === 'bytes32') {
    const bytes = typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value) ? hexToBytes(value.slice(2)) : value;
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw invalidInput(field, '32 bytes', value);
    return bytes;
  }
  const int = /^(u?)int(\d+)$/.exec(type);
  if (int) {
    const bits = BigInt(int[2] ?? '256');
    const n = toInteger(value, field);
    const unsigned = int[1] === 'u';
    const min = unsigned ? 0n : -(1n << (bits - 1n));
    const max = unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
    if (n < min || n > max) throw invalidInput(field, `a ${type}`, n.toString());
    return numberToBytesBE(n < 0n ? (1n << 256n) + n : n, 32);
  }
  throw invalidInput(field, 'a supported EIP-712 type', type);
}

/** keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)). */
export function hashTypedData(params: {
  domain: TypedDataDomain;
  types: TypedDataTypes;
  primaryType: string;
  message: Record<string, TypedDataValue>;
}): Uint8Array {
  const domainTypes = { ...params.types, EIP712Domain: EIP712_DOMAIN_FIELDS };
  const domainSeparator = hashStruct('EIP712Domain', { ...params.domain }, domainTypes);
  const structHash = hashStruct(params.primaryType, params.message, params.types);
  return keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator, structHash));
}

export function toHex0x(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}
