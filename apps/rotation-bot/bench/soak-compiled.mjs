// Runs soak.bench.ts as one compiled bundle under plain node, so the RSS figure is the bot's (plus the in-process
// simulator's), not the TypeScript loader's (~80 MB of tsx transform state).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'dn-soak-build-'));
const out = join(dir, 'soak.mjs');
try {
  await build({
    entryPoints: [join(import.meta.dirname, 'soak.bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@dn/source'],
    outfile: out,
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  // The flag `pnpm start` runs the bot with: the heap grows in 10 % steps instead of V8's default large ones, so a
  // process whose live heap is ~30 MB does not sit on 100 MB of garbage between major collections.
  execFileSync(process.execPath, ['--heap-growing-percent=10', out], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
