import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const srcDir = path.join(pkgDir, 'src');

/**
 * The declarations tsc emits for each of connect's own modules, and the modules each declaration file imports:
 * what a consumer's type check reads of @dn/connect.
 */
function declarations(): Map<string, { text: string; imports: string[] }> {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(pkgDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('no tsconfig');
  const options = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, sourceMap: false };
  const program = ts.createProgram([path.join(srcDir, 'index.ts')], options);
  const out = new Map<string, { text: string; imports: string[] }>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(srcDir)) continue;
    program.emit(
      file,
      (_name, text) => {
        const imports = [...text.matchAll(/(?:from\s+|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
        out.set(path.relative(srcDir, file.fileName), { text, imports });
      },
      undefined,
      true,
    );
  }
  return out;
}

/** Declaration files reachable from index.d.ts through relative imports. */
function reachable(decls: Map<string, { imports: string[] }>): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of decls.get(file)?.imports ?? []) {
      if (!spec.startsWith('.')) continue;
      visit(path.normalize(path.join(path.dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
  };
  visit('index.ts');
  return [...seen];
}

// Type-checks the package and the connectors it imports: seconds, not milliseconds.
describe("@dn/connect's public types", { timeout: 120_000 }, () => {
  it("name nothing of @dn/sim: a live consumer's type check does not need the simulator", () => {
    const decls = declarations();
    const publicFiles = reachable(decls);
    expect(publicFiles).toContain('connect.ts');
    expect(publicFiles).toContain('paper-types.ts');
    // paper.ts and sim-file.ts are loaded by import() on the simulator paths only and are not part of the API.
    expect(publicFiles).not.toContain('paper.ts');
    const simMentions = publicFiles.filter((f) => /@dn\/sim/.test(decls.get(f)?.imports.join('\n') ?? ''));
    expect(simMentions).toEqual([]);
    // The scan does see packages the declarations import.
    expect(decls.get('connect.ts')?.imports).toContain('@dn/core');
  });
});
