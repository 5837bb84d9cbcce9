import { defineConfig } from 'tsup';

/**
 * The build of every published library: ESM + CJS with type declarations (`.d.ts` / `.d.cts`) and source maps, for
 * Node 20. `entry` names the package's entry points (its exports map): `src/index.ts` unless it has subpaths.
 */
export function libraryConfig(entry = ['src/index.ts']) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  });
}
