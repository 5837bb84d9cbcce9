import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The workspace's dependency direction: apps → connect → connectors → core, sim → connectors, never back. A live
 * deployment must not install or load the simulator through a library, and no library may depend on an app.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const CONNECTORS = ['@dn/extended', '@dn/pacifica', '@dn/edgex', '@dn/lighter'];
const APP_MAY_USE = ['@dn/connect', '@dn/core', '@dn/math', '@dn/ops', '@dn/execution', '@dn/sim', ...CONNECTORS];

/** Library → the workspace packages it may depend on. A package missing here fails: place it deliberately. */
const LIBRARY_MAY_USE: Record<string, readonly string[]> = {
  '@dn/core': [],
  '@dn/math': [],
  ...Object.fromEntries(CONNECTORS.map((c) => [c, ['@dn/core']])),
  '@dn/sim': ['@dn/core', '@dn/math', ...CONNECTORS],
  // @dn/sim only as an optional peer (and for its own tests): paper and sim-file modes load it through import().
  '@dn/connect': ['@dn/core', ...CONNECTORS],
  '@dn/ops': ['@dn/core'],
  // Leg-risk execution on PerpVenue only: no connector, no simulator (its tests drive @dn/sim's engines, a devDependency).
  '@dn/execution': ['@dn/core'],
};

/**
 * Apps that trade through @dn/execution: they depend on it and reach the venues only through @dn/connect (no connector
 * package of their own, so no connector class constructed by hand and no leg-risk code beside the package's).
 */
const TRADES_THROUGH_EXECUTION = ['hedge-cli'];

/** Libraries that may list @dn/sim outside the table: connect as an optional peer, execution for its tests only. */
const SIM_OUTSIDE_TABLE = new Set(['@dn/connect', '@dn/execution']);

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface WorkspacePackage {
  dir: string;
  isApp: boolean;
  manifest: Manifest;
}

function workspacePackages(): WorkspacePackage[] {
  return ['packages', 'apps'].flatMap((group) =>
    fs
      .readdirSync(path.join(root, group), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, group, e.name, 'package.json')))
      .map((e) => {
        const dir = path.join(root, group, e.name);
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
        return { dir, isApp: group === 'apps', manifest };
      }),
  );
}

const packages = workspacePackages();
const names = new Set(packages.map((p) => p.manifest.name));
const ours = (deps: Record<string, string> | undefined) => Object.keys(deps ?? {}).filter((d) => names.has(d));
const runtimeDeps = (m: Manifest) => [
  ...ours(m.dependencies),
  ...ours(m.peerDependencies),
  ...ours(m.optionalDependencies),
];
const byName = (name: string) => packages.find((p) => p.manifest.name === name) as WorkspacePackage;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

interface ImportOf {
  file: string;
  /** Workspace package name, without the subpath. */
  pkg: string;
  typeOnly: boolean;
  dynamic: boolean;
}

/** Every `@dn/…` import, re-export and `import()` of a file (biome keeps statements `;`-terminated). */
function importsOf(file: string): ImportOf[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: ImportOf[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'(@dn\/[a-z0-9-]+)[^']*'/gms)) {
    found.push({ file, pkg: m[3] as string, typeOnly: Boolean(m[2]), dynamic: false });
  }
  for (const m of text.matchAll(/^\s*import\s+'(@dn\/[a-z0-9-]+)[^']*'/gm)) {
    found.push({ file, pkg: m[1] as string, typeOnly: false, dynamic: false });
  }
  for (const m of text.matchAll(/import\(\s*'(@dn\/[a-z0-9-]+)[^']*'\s*\)/g)) {
    found.push({ file, pkg: m[1] as string, typeOnly: false, dynamic: true });
  }
  return found;
}

const rel = (p: string) => path.relative(root, p);

describe('dependency direction over every package.json', () => {
  it('finds the workspace: apps, connectors, core, sim and connect', () => {
    expect(packages.filter((p) => p.isApp).length).toBeGreaterThanOrEqual(3);
    for (const n of ['@dn/core', '@dn/sim', '@dn/connect', ...CONNECTORS]) expect(names.has(n)).toBe(true);
  });

  it('every library is placed in the table, and depends (in any kind of dependency) only on what it may use', () => {
    const problems: string[] = [];
    for (const { manifest: m, isApp } of packages) {
      if (isApp) continue;
      const may = LIBRARY_MAY_USE[m.name];
      if (!may) {
        problems.push(`${m.name} is not in LIBRARY_MAY_USE: add it with the packages it may depend on`);
        continue;
      }
      for (const dep of [...runtimeDeps(m), ...ours(m.devDependencies)]) {
        const testOnlySim = SIM_OUTSIDE_TABLE.has(m.name) && dep === '@dn/sim';
        if (!may.includes(dep) && !testOnlySim) problems.push(`${m.name} → ${dep}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('@dn/connect has @dn/sim only as an optional peer (and a devDependency for its tests), never a dependency', () => {
    const m = byName('@dn/connect').manifest;
    expect(m.dependencies?.['@dn/sim']).toBeUndefined();
    expect(m.optionalDependencies?.['@dn/sim']).toBeUndefined();
    expect(m.peerDependencies?.['@dn/sim']).toBeDefined();
    expect(m.peerDependenciesMeta?.['@dn/sim']?.optional).toBe(true);
  });

  it('@dn/execution has @dn/sim only as a devDependency (its fault tests), in no runtime kind of dependency', () => {
    const m = byName('@dn/execution').manifest;
    expect(m.devDependencies?.['@dn/sim']).toBeDefined();
    expect(runtimeDeps(m)).toEqual(['@dn/core']);
  });

  it('apps depend on libraries only; nothing depends on an app', () => {
    const apps = new Set(packages.filter((p) => p.isApp).map((p) => p.manifest.name));
    const problems: string[] = [];
    for (const { manifest: m, isApp } of packages) {
      for (const dep of [...runtimeDeps(m), ...ours(m.devDependencies)]) {
        if (apps.has(dep)) problems.push(`${m.name} → app ${dep}`);
        else if (isApp && !APP_MAY_USE.includes(dep)) problems.push(`app ${m.name} → ${dep}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('apps that trade through @dn/execution', () => {
  it.each(TRADES_THROUGH_EXECUTION)(
    '%s depends on @dn/execution and @dn/connect, on no connector, and imports none',
    (app) => {
      const { dir, manifest: m } = byName(app);
      expect(m.dependencies?.['@dn/execution']).toBeDefined();
      expect(m.dependencies?.['@dn/connect']).toBeDefined();
      expect([...runtimeDeps(m), ...ours(m.devDependencies)].filter((d) => CONNECTORS.includes(d))).toEqual([]);
      const imports = sourceFiles(path.join(dir, 'src')).flatMap(importsOf);
      expect(imports.filter((i) => CONNECTORS.includes(i.pkg)).map((i) => `${rel(i.file)} → ${i.pkg}`)).toEqual([]);
    },
  );
});

describe('dependency direction in the sources', () => {
  it('every @dn/… import is declared: src in dependencies/peers, tests and benches in any dependency', () => {
    const problems: string[] = [];
    for (const { dir, manifest: m } of packages) {
      const runtime = new Set([m.name, ...runtimeDeps(m)]);
      const any = new Set([...runtime, ...ours(m.devDependencies)]);
      for (const i of sourceFiles(path.join(dir, 'src')).flatMap(importsOf)) {
        if (!runtime.has(i.pkg)) problems.push(`${rel(i.file)} imports ${i.pkg}, not a dependency of ${m.name}`);
      }
      for (const i of ['test', 'bench'].flatMap((d) => sourceFiles(path.join(dir, d))).flatMap(importsOf)) {
        if (!any.has(i.pkg)) problems.push(`${rel(i.file)} imports ${i.pkg}, not declared by ${m.name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no connector, core or math file imports @dn/sim, @dn/connect or an app', () => {
    const lower = ['@dn/core', '@dn/math', ...CONNECTORS].map(byName);
    const banned = new Set(['@dn/sim', '@dn/connect', ...packages.filter((p) => p.isApp).map((p) => p.manifest.name)]);
    const files = lower.flatMap((p) => ['src', 'test', 'bench'].flatMap((d) => sourceFiles(path.join(p.dir, d))));
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap(importsOf).filter((i) => banned.has(i.pkg));
    expect(hits.map((i) => `${rel(i.file)} → ${i.pkg}`)).toEqual([]);
    // Any quoted specifier too: a require() or a specifier kept in a variable would dodge the import parser.
    const mentions = files.filter((f) => /['"`]@dn\/sim(\/[^'"`]*)?['"`]/.test(fs.readFileSync(f, 'utf8')));
    expect(mentions.map(rel)).toEqual([]);
  });

  it('@dn/connect loads the simulator only from paper.ts and sim-file.ts, and loads those only through import()', () => {
    const src = path.join(byName('@dn/connect').dir, 'src');
    const files = sourceFiles(src);
    const loaders = new Set(['paper.ts', 'sim-file.ts'].map((f) => path.join(src, f)));
    const simValueImports = files
      .flatMap(importsOf)
      .filter((i) => i.pkg === '@dn/sim' && !i.typeOnly && !i.dynamic && !loaders.has(i.file));
    expect(simValueImports.map((i) => rel(i.file))).toEqual([]);
    const staticLoaderImports = files.filter((f) =>
      /^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'\.{1,2}\/(?:[^']*\/)?(paper|sim-file)\.js'/ms.test(
        fs.readFileSync(f, 'utf8'),
      ),
    );
    expect(staticLoaderImports.map(rel)).toEqual([]);
    const dynamic = files.filter((f) => /import\('\.\/(paper|sim-file)\.js'\)/.test(fs.readFileSync(f, 'utf8')));
    expect(dynamic.map((f) => path.relative(src, f))).toEqual(['connect.ts']);
  });
});
