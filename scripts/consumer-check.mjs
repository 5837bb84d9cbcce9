#!/usr/bin/env node
// Packs every publishable @dn/* package, installs the tarballs into a fresh project outside the workspace and
// calls one real function from each through both ESM `import` and CJS `require`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const probes = JSON.parse(readFileSync(join(root, 'scripts/consumer-probes.json'), 'utf8'));
const pkgDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => {
    const pj = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8'));
    return !pj.private;
  });

const work = mkdtempSync(join(tmpdir(), 'dn-consumer-'));
const tarDir = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const names = [];
  for (const dir of pkgDirs) {
    const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    run('pnpm', ['pack', '--pack-destination', tarDir], dir);
    names.push(pj.name);
    if (!probes[pj.name]) throw new Error(`scripts/consumer-probes.json has no probe for ${pj.name}`);
  }
  const tarballs = readdirSync(tarDir).map((f) => join(tarDir, f));
  const byName = Object.fromEntries(
    names.map((n) => [n, tarballs.find((t) => t.includes(`${n.replace('@', '').replace('/', '-')}-`))]),
  );
  run('mkdir', ['-p', app], work);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'dn-consumer-check',
        private: true,
        dependencies: Object.fromEntries(names.map((n) => [n, `file:${byName[n]}`])),
        overrides: Object.fromEntries(names.map((n) => [n, `file:${byName[n]}`])),
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);

  const esm = [];
  const cjs = [];
  for (const n of names) {
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
  console.log(`consumer check passed for ${names.length} packages`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
