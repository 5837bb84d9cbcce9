import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EdgexMetadataLike } from '../src/index.js';

/** Vectors produced by the official SDKs (see each file's `source`); read-only, shared by all venues' tests. */
const VECTOR_DIR = fileURLToPath(new URL('../../../../shared/vectors/edgex/', import.meta.url));

export function loadVector<T>(name: string): T {
  return JSON.parse(readFileSync(`${VECTOR_DIR}${name}`, 'utf8')) as T;
}

/** The contract metadata a vector file was computed against (`metadata_fixture`). */
export function metadataFixture(name: string): EdgexMetadataLike {
  return loadVector<{ metadata_fixture: EdgexMetadataLike }>(name).metadata_fixture;
}

/** FAKE Stark / trading key from the vectors (the SDK unit tests' key). Never fund it. */
export const FAKE_KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** A real-looking edgeX account id (the docs examples'); the tests' FAKE credentials below sign for it. */
export const ACCOUNT = '543429922991899150';

/** FAKE V2 API credentials (HMAC) and trading key. Never valid anywhere. */
export const V2 = {
  apiKey: 'fake-api-key-0001',
  passphrase: 'fake-passphrase',
  secret: 'fake-api-secret-do-not-use',
  tradingPrivateKey: FAKE_KEY,
};
