import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The one shape every connector package has (see the root README, "Connector layout"). Checked by each connector's
 * `test/layout.test.ts`, so a drift shows up as a failing test with the list of what differs rather than in review.
 */

/** A file `name.ts` or a folder `name/` with an `index.ts`. */
const MODULES = ['config', 'errors', 'wire', 'mappers', 'symbols', 'client', 'venue'] as const;
/** Folders of one module per endpoint group / stream / signing concern. */
const FOLDERS = ['rest', 'ws', 'signing'] as const;
/** Modules whose every export is public API and so must be named in `index.ts`. */
const PUBLIC_MODULES = ['config', 'errors', 'mappers', 'symbols', 'client', 'venue'] as const;
/** Longer files are split along their concepts; signing keeps its arithmetic and constant tables whole. */
export const MAX_SOURCE_LINES = 450;

export interface ConnectorLayoutOptions {
  /** Source files (relative to `src/`) allowed over `MAX_SOURCE_LINES`, each with the reason. */
  longFiles?: Record<string, string>;
}

/**
 * Every way the connector in `packageDir` differs from the one shape, as readable lines; empty when it conforms.
 * `venue` is the package's venue name, used only in the messages.
 */
export function checkConnectorLayout(
  packageDir: string,
  venue: string,
  options: ConnectorLayoutOptions = {},
): string[] {
  const src = join(packageDir, 'src');
  const problems: string[] = [];
  const indexPath = join(src, 'index.ts');
  if (!existsSync(indexPath)) return [`${venue}: src/index.ts is missing`];

  for (const name of MODULES) {
    if (!moduleFile(src, name)) problems.push(`${venue}: src/${name}.ts (or src/${name}/index.ts) is missing`);
  }
  for (const dir of FOLDERS) {
    const path = join(src, dir);
    if (!existsSync(path) || !statSync(path).isDirectory() || tsFiles(path).length === 0) {
      problems.push(`${venue}: src/${dir}/ with at least one module is missing`);
    }
  }

  const index = readFileSync(indexPath, 'utf8');
  for (const line of index.split('\n')) {
    if (/^\s*export\s+\*/.test(line)) problems.push(`${venue}: index.ts re-exports a whole module: "${line.trim()}"`);
  }
  const exported = exportedNames(index);
  const publicFiles = [
    ...PUBLIC_MODULES.map((name) => moduleFile(src, name)).filter((f): f is string => f !== undefined),
    ...(existsSync(join(src, 'rest'))
      ? // rest/index.ts, where present, only groups the endpoint modules.
        tsFiles(join(src, 'rest')).filter((f) => relative(src, f) !== 'rest/index.ts')
      : []),
  ];
  for (const file of publicFiles) {
    for (const name of declaredExports(readFileSync(file, 'utf8'))) {
      if (!exported.has(name)) {
        problems.push(`${venue}: ${relative(src, file)} exports ${name}, which index.ts does not`);
      }
    }
  }

  for (const file of tsFiles(src)) {
    const rel = relative(src, file);
    if (rel.startsWith('signing/') || options.longFiles?.[rel]) continue;
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > MAX_SOURCE_LINES)
      problems.push(`${venue}: src/${rel} has ${lines} lines (at most ${MAX_SOURCE_LINES})`);
  }
  return problems;
}

function moduleFile(src: string, name: string): string | undefined {
  const file = join(src, `${name}.ts`);
  if (existsSync(file)) return file;
  const index = join(src, name, 'index.ts');
  return existsSync(index) ? index : undefined;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** Names a module declares with `export function|const|class|type|interface|enum …` or lists in `export { … }`. */
export function declaredExports(source: string): string[] {
  const names = new Set<string>();
  const declaration =
    /^export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|var|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of source.matchAll(declaration)) names.add(m[1] as string);
  for (const name of exportLists(source)) names.add(name);
  return [...names];
}

/** Every name a module makes public: its declarations and its `export { a, b as c } [from …]` lists. */
function exportedNames(source: string): Set<string> {
  return new Set(declaredExports(source));
}

function exportLists(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const raw of (m[1] as string).split(',')) {
      const item = raw
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .trim()
        .replace(/^type\s+/, '');
      if (!item) continue;
      const alias = item.split(/\s+as\s+/);
      names.push((alias[1] ?? alias[0] ?? '').trim());
    }
  }
  return names.filter((n) => n.length > 0);
}
