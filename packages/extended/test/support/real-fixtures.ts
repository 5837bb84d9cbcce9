import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'real');

/** The raw text of a real-payload fixture: sent as-is, so 19-digit integers stay exactly as captured. */
export function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'utf8').trim();
}

/** Public SDK test key (python_sdk tests; extended.md §4.6): never funded. */
export const TEST_KEY = '0x7a7ff6fd3cab02ccdcd4a572563f5976f8976899b03a39773795a3c486d4986';
export const FAKE_API_KEY = 'fake-api-key-for-real-payload-tests';
export const API = '/api/v1';
