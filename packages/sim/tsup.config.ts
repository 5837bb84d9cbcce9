import { defineConfig } from 'tsup';

const library = {
  index: 'src/index.ts',
  engine: 'src/engine/index.ts',
  server: 'src/server/index.ts',
  connection: 'src/connection-file.ts',
};

export default defineConfig({
  // cli.ts keeps its `#!/usr/bin/env node` line; esbuild preserves it and tsup marks the output executable.
  entry: { ...library, cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  // Shared chunks in both formats: each subpath (`./engine`, `./server`, `./connection`) loads only its own code, and
  // `SimEngine` from `@dn/sim` and from `@dn/sim/engine` is the same class.
  splitting: true,
  // The `dn-sim` bin is ESM (dist/cli.js) and shares chunks with the library; a CJS copy of the CLI would only
  // duplicate the whole engine in the tarball, and the CLI has no types to publish.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = library;
  },
  dts: { entry: library },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
