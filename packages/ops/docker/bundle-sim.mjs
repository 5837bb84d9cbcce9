// Bundles the simulator's CLI (`dn-sim`) into one self-contained ESM file for the runtime image, the way the apps'
// tsup configs bundle the apps: workspace packages from source, npm dependencies included.
import * as path from 'node:path';
import { build } from 'esbuild';

const out = process.argv[2];
if (!out) throw new Error('usage: node bundle-sim.mjs <out-file>');
const root = path.resolve(import.meta.dirname, '../../..');
await build({
  entryPoints: [path.join(root, 'packages/sim/src/cli.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@dn/source'],
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); ESM output provides it.
  banner: {
    js: "import { createRequire as __dnCreateRequire } from 'node:module'; const require = __dnCreateRequire(import.meta.url);",
  },
});
