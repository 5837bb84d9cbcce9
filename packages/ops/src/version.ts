import * as fs from 'node:fs';

/**
 * The version in the app's package.json, found from the entry module's URL (`import.meta.url` of src/main.ts or of
 * the bundled dist/main.js: both sit one folder below it). `unknown` when it cannot be read.
 */
export function appVersion(entryUrl: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', entryUrl), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
