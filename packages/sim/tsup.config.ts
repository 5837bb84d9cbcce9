import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts keeps its `#!/usr/bin/env node` line; esbuild preserves it and tsup marks the output executable.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  // The `dn-sim` bin is ESM (dist/cli.js) and shares chunks with the library; a CJS copy of the CLI would only
  // duplicate the whole engine in the tarball, and the CLI has no types to publish.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = ['src/index.ts'];
  },
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
