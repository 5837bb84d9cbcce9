import { defineConfig } from 'tsup';

/**
 * The build of every app (one `dist/main.js` each). Self-contained ESM: the workspace packages are bundled from source (the `@dn/source` condition) together with their
 * npm dependencies, so `node dist/main.js` needs neither tsx nor the packages' own builds, and a production install
 * (`pnpm install --prod`) runs it. What is loaded through `import()` (the simulator, for paper and sim modes) goes to
 * its own chunk in dist/, so a live process neither parses nor runs it.
 */
export const appBundleConfig = defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  noExternal: [/.*/],
  splitting: true,
  clean: true,
  dts: false,
  sourcemap: false,
  esbuildOptions(options) {
    options.conditions = ['@dn/source'];
    // Bundled CommonJS dependencies (pino) call require(); ESM output provides it.
    options.banner = {
      js: "import { createRequire as __dnCreateRequire } from 'node:module'; const require = __dnCreateRequire(import.meta.url);",
    };
  },
});
