import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConnectorLayout, declaredExports, MAX_SOURCE_LINES } from '../../src/testing/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A connector package that conforms; tests then break one rule each. */
function conformingPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dn-layout-'));
  dirs.push(dir);
  const files: Record<string, string> = {
    'config.ts': 'export const ACME_REST_URL = "https://x";\n',
    'errors.ts': 'export function mapAcmeError(e: unknown) { return e; }\n',
    'wire.ts': 'export const marketSchema = {};\n',
    'mappers.ts': 'export function toMarket() {}\n',
    'symbols.ts': 'export function toUnified(s: string) { return s; }\n',
    'client.ts': 'export class AcmeClient {}\nexport interface AcmeClientOptions { restUrl?: string }\n',
    'venue.ts': 'export class AcmeVenue {}\n',
    'rest/markets.ts':
      'export type GetMarketsParameters = {};\nexport async function getMarkets() {}\nexport { x as getMarketsRaw };\nconst x = 1;\n',
    'ws/book.ts': 'export class AcmeBook {}\n',
    'signing/sign.ts': `export function sign() {}\n${'// table\n'.repeat(MAX_SOURCE_LINES + 10)}`,
    'index.ts': [
      '// Public API of the Acme connector.',
      "export { ACME_REST_URL } from './config.js';",
      "export { mapAcmeError } from './errors.js';",
      "export { toMarket } from './mappers.js';",
      "export { toUnified } from './symbols.js';",
      "export { AcmeClient, type AcmeClientOptions } from './client.js';",
      "export { AcmeVenue } from './venue.js';",
      'export {',
      '  type GetMarketsParameters, // the request',
      '  getMarkets,',
      '  getMarketsRaw,',
      "} from './rest/markets.js';",
      '',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  return dir;
}

describe('checkConnectorLayout', () => {
  it('finds nothing wrong with a conforming package (signing tables may be long)', () => {
    expect(checkConnectorLayout(conformingPackage(), 'acme')).toEqual([]);
  });

  it('names a missing module and a missing folder', () => {
    const dir = conformingPackage();
    rmSync(join(dir, 'src/venue.ts'));
    rmSync(join(dir, 'src/ws'), { recursive: true });
    writeFileSync(join(dir, 'src/index.ts'), "export { AcmeClient, type AcmeClientOptions } from './client.js';\n");
    const problems = checkConnectorLayout(dir, 'acme');
    expect(problems).toContain('acme: src/venue.ts (or src/venue/index.ts) is missing');
    expect(problems).toContain('acme: src/ws/ with at least one module is missing');
  });

  it('accepts a folder with an index in place of a module file', () => {
    const dir = conformingPackage();
    rmSync(join(dir, 'src/mappers.ts'));
    mkdirSync(join(dir, 'src/mappers'));
    writeFileSync(join(dir, 'src/mappers/index.ts'), "export { toMarket } from './market.js';\n");
    writeFileSync(join(dir, 'src/mappers/market.ts'), 'export function toMarket() {}\n');
    expect(checkConnectorLayout(dir, 'acme')).toEqual([]);
  });

  it('refuses export * in index.ts', () => {
    const dir = conformingPackage();
    writeFileSync(join(dir, 'src/index.ts'), "export * from './wire.js';\nexport * as api from './rest/markets.js';\n");
    const problems = checkConnectorLayout(dir, 'acme');
    expect(problems).toContain(`acme: index.ts re-exports a whole module: "export * from './wire.js';"`);
    expect(problems).toContain(`acme: index.ts re-exports a whole module: "export * as api from './rest/markets.js';"`);
  });

  it('names each public declaration index.ts leaves out, types included', () => {
    const dir = conformingPackage();
    writeFileSync(
      join(dir, 'src/rest/orders.ts'),
      'export interface PlaceOrderReturnType { id: string }\nexport async function placeOrder() {}\n',
    );
    expect(checkConnectorLayout(dir, 'acme')).toEqual([
      'acme: rest/orders.ts exports PlaceOrderReturnType, which index.ts does not',
      'acme: rest/orders.ts exports placeOrder, which index.ts does not',
    ]);
  });

  it('counts lines outside signing/ unless the file is listed with a reason', () => {
    const dir = conformingPackage();
    writeFileSync(join(dir, 'src/wire.ts'), `export const marketSchema = {};\n${'//\n'.repeat(MAX_SOURCE_LINES)}`);
    expect(checkConnectorLayout(dir, 'acme')).toEqual([
      `acme: src/wire.ts has ${MAX_SOURCE_LINES + 2} lines (at most ${MAX_SOURCE_LINES})`,
    ]);
    expect(checkConnectorLayout(dir, 'acme', { longFiles: { 'wire.ts': 'one schema per endpoint' } })).toEqual([]);
  });
});

describe('declaredExports', () => {
  it('reads declarations and export lists with aliases and types', () => {
    const names = declaredExports(
      [
        'export async function a() {}',
        'export const b = 1;',
        'export abstract class C {}',
        'export type D = string;',
        'export { e as E, type f, g };',
        'const notExported = 1;',
      ].join('\n'),
    );
    expect(names.sort()).toEqual(['C', 'D', 'E', 'a', 'b', 'f', 'g']);
  });
});
