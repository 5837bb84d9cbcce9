import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, expect } from 'vitest';

const made: string[] = [];
// Registered by the test file that imports this module: each test's folders go when it ends.
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder under the system temp folder, removed after the test that made it. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** None of `paths` (parts joined under `dir`, e.g. `['paper', 'dn.HALT.json']`) exists. */
export async function expectMissing(dir: string, ...paths: string[][]): Promise<void> {
  for (const parts of paths) await expect(fs.promises.stat(path.join(dir, ...parts))).rejects.toThrow();
}
