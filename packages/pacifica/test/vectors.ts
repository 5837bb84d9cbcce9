import { readFileSync } from 'node:fs';

/** Official-SDK vectors (venues/pacifica.md §8); keys are public, fake test keys. */
const dir = new URL('../../../../shared/vectors/pacifica/', import.meta.url);

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

export interface KeyVector {
  seed_hex: string;
  secret_key_64_base58: string;
  secret_key_64_hex: string;
  public_key_base58: string;
  public_key_hex: string;
}

export interface Header {
  timestamp: number;
  expiry_window: number;
  type: string;
}

export interface SigningVector {
  name: string;
  operation_type: string;
  rest: { method: string; path: string };
  signer: 'main' | 'agent';
  account: string;
  signer_public_key_base58: string;
  agent_wallet?: string;
  header: Header;
  payload: Record<string, unknown>;
  message: string;
  message_utf8_hex: string;
  signature_base58: string;
  signature_hex: string;
  request_body: Record<string, unknown>;
  ws_request?: { id: string; params: Record<string, Record<string, unknown>> };
}

export interface SigningFile {
  main_public_key_base58: string;
  agent_public_key_base58: string;
  vectors: SigningVector[];
  batch: {
    rest: { path: string };
    actions: SigningVector[];
    request_body: { actions: { type: string; data: Record<string, unknown> }[] };
    ws_request: { id: string; params: Record<string, unknown> };
  };
}

export interface CanonCase {
  name: string;
  header: Header;
  payload_python_repr: string;
  message: string;
  signature_base58: string;
}

export const keys = load<{ main: KeyVector; agent: KeyVector }>('keys.json');
export const signing = load<SigningFile>('rest-and-ws-signing.json');
export const canon = load<{ public_key_base58: string; cases: CanonCase[] }>('canonicalization-edge-cases.json');
