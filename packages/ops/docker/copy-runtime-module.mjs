// Copies one npm package an app loads at run time (not bundled: e.g. a WASM driver that reads its .wasm beside its own
// file) into <out>/node_modules/<name>/: its package.json, its license and the files it publishes — nothing else.
// Usage: node copy-runtime-module.mjs <app-dir> <package> <out-app-dir>
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const [appDir, name, outAppDir] = process.argv.slice(2);
if (!appDir || !name || !outAppDir) throw new Error('usage: copy-runtime-module.mjs <app-dir> <package> <out-app-dir>');
// Resolved the way the app resolves it (its own node_modules first), so the image carries the version it was built with.
const manifest = createRequire(path.join(path.resolve(appDir), 'package.json')).resolve(`${name}/package.json`);
const from = path.dirname(manifest);
const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
const to = path.join(outAppDir, 'node_modules', name);
if (!pkg.files) throw new Error(`${name} lists no "files": refusing to copy its whole folder`);
// Type declarations are for compilers, not for the runtime.
const published = pkg.files.filter((f) => !f.endsWith('.d.ts'));
const files = ['package.json', ...published, ...fs.readdirSync(from).filter((f) => /^licen[cs]e/i.test(f))];
for (const f of files) {
  const src = path.join(from, f);
  if (!fs.existsSync(src)) throw new Error(`${name}: ${f} is missing in ${from}`);
  fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
  fs.cpSync(src, path.join(to, f), { recursive: true, dereference: true });
}
process.stdout.write(`${name}@${pkg.version} → ${path.relative(process.cwd(), to) || to}\n`);
