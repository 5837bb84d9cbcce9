#!/usr/bin/env node
// Packs every publishable @dn/* package, installs the tarballs into a fresh project outside the workspace and
// calls one real function from each through both ESM `import` and CJS `require`, then runs every packaged bin.
// Run after `pnpm build`: it packs whatever is in each package's dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const probes = JSON.parse(readFileSync(join(root, 'scripts/consumer-probes.json'), 'utf8'));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const pkgDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')) && !readJson(join(d, 'package.json')).private);

const work = mkdtempSync(join(tmpdir(), 'dn-consumer-'));
const tarDir = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const fail = (message) => {
  throw new Error(`consumer check: ${message}`);
};

try {
  /** @type {{ name: string, tarball: string, bin: Record<string, string> }[]} */
  const packed = [];
  for (const dir of pkgDirs) {
    const pj = readJson(join(dir, 'package.json'));
    const probe = probes[pj.name];
    if (!probe) fail(`scripts/consumer-probes.json has no probe for ${pj.name}`);
    if (probe.expect === 'todo') fail(`the probe for ${pj.name} is still a placeholder`);
    if (!existsSync(join(dir, 'dist'))) fail(`${pj.name} has no dist/: run \`pnpm build\` first`);
    const out = JSON.parse(run('pnpm', ['pack', '--json', '--pack-destination', tarDir], dir));
    const tarball = out.filename;
    // What npm would publish: the manifest inside the tarball, after pnpm rewrote workspace:^ to versions.
    const manifest = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], work));
    const leftover = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(([, v]) =>
      String(v).startsWith('workspace:'),
    );
    if (leftover.length > 0) fail(`${pj.name} tarball still has workspace: specs: ${JSON.stringify(leftover)}`);
    const bin = typeof manifest.bin === 'string' ? { [manifest.name.split('/').pop()]: manifest.bin } : manifest.bin;
    packed.push({ name: pj.name, tarball, bin: bin ?? {} });
  }
  for (const n of Object.keys(probes)) {
    if (!packed.some((p) => p.name === n)) fail(`probe for ${n}, which is not a publishable package`);
  }

  // overrides make the @dn/* dependencies *between* our packages resolve to these tarballs too, so nothing is
  // fetched from the registry under our names (a same-named public package must never be installed).
  const fileSpecs = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'dn-consumer-check', private: true, dependencies: fileSpecs, overrides: fileSpecs },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);

  const lock = readJson(join(app, 'package-lock.json'));
  const seen = new Set();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const m = /(?:^|\/)node_modules\/(@dn\/[^/]+)$/.exec(path);
    if (!m) continue;
    if (path !== `node_modules/${m[1]}`) fail(`${m[1]} installed twice (${path}): versions do not line up`);
    if (!String(entry.resolved ?? '').startsWith('file:')) fail(`${m[1]} resolved to ${entry.resolved}, not a tarball`);
    seen.add(m[1]);
  }
  for (const { name } of packed) if (!seen.has(name)) fail(`${name} is missing from the installed tree`);

  const esm = [];
  const cjs = [];
  for (const { name: n } of packed) {
    const { imports, call, expect } = probes[n];
    esm.push(
      `{ const { ${imports.join(', ')} } = await import('${n}'); const got = String(${call}); if (got !== ${JSON.stringify(expect)}) throw new Error('${n} (esm): ' + got); console.log('esm ok  ${n}'); }`,
    );
    cjs.push(
      `{ const { ${imports.join(', ')} } = require('${n}'); const got = String(${call}); if (got !== ${JSON.stringify(expect)}) throw new Error('${n} (cjs): ' + got); console.log('cjs ok  ${n}'); }`,
    );
  }
  writeFileSync(join(app, 'check.mjs'), `${esm.join('\n')}\n`);
  writeFileSync(join(app, 'check.cjs'), `${cjs.join('\n')}\n`);
  process.stdout.write(run('node', ['check.mjs'], app));
  process.stdout.write(run('node', ['check.cjs'], app));

  // Through the npm-created shim, as a user would run it: needs the shebang and the executable bit.
  for (const { name, bin } of packed) {
    for (const cmd of Object.keys(bin)) {
      const help = run(join(app, 'node_modules', '.bin', cmd), ['--help'], app);
      if (!help.includes(`Usage: ${cmd}`)) fail(`${name} bin ${cmd} --help printed: ${help.slice(0, 200)}`);
      console.log(`bin ok  ${cmd} (${name})`);
    }
  }
  console.log(`consumer check passed for ${packed.length} packages`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
