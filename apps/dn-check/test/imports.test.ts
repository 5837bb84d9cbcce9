import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the simulator stays out of a live check', () => {
  it('no source file imports @dn/sim statically; only the --sim/--paper path imports it dynamically', () => {
    const all = files(src);
    expect(all.length).toBeGreaterThan(10);
    const staticImports = all.filter((f) =>
      /^import\s+(?!type\b)[^;]*from\s+'@dn\/sim'/m.test(fs.readFileSync(f, 'utf8')),
    );
    expect(staticImports).toEqual([]);
    const dynamic = all.filter((f) => fs.readFileSync(f, 'utf8').includes("await import('@dn/sim')"));
    expect(dynamic.map((f) => path.relative(src, f))).toEqual(['cli.ts']);
  });
});
