import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const simSrc = fileURLToPath(new URL('../../sim/', import.meta.url));

/** Every module (file path or node: builtin) a fresh process loads to import @dn/connect and do `step`. */
async function modulesLoadedBy(step: 'import' | 'live' | 'paper'): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-loads-'));
  const log = path.join(dir, 'loads.txt');
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@dn/source',
        '--import',
        'tsx',
        '--import',
        './test/fixtures/record-loads.mjs',
        'test/fixtures/load-connect.ts',
        step,
      ],
      { cwd: pkgDir, env: { ...process.env, DN_LOAD_LOG: log }, timeout: 60_000 },
    );
    expect(stdout).toContain(`ok ${step}`);
    const urls = (await fs.readFile(log, 'utf8')).split('\n').filter(Boolean);
    return urls.map((u) => (u.startsWith('file:') ? fileURLToPath(u) : u));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const fromSim = (files: string[]) => files.filter((f) => f.startsWith(simSrc));
const inConnect = (file: string) => path.join(pkgDir, 'src', file);

// Each case starts a process that compiles the workspace's sources with tsx: seconds, not milliseconds.
describe('a live process loads no simulator module', { timeout: 90_000 }, () => {
  it('importing @dn/connect loads its connectors and core, and nothing of @dn/sim', async () => {
    const loaded = await modulesLoadedBy('import');
    expect(loaded).toContain(inConnect('index.ts'));
    expect(loaded).toContain(inConnect('app/start-app.ts'));
    expect(fromSim(loaded)).toEqual([]);
    expect(loaded).not.toContain(inConnect('paper.ts'));
    expect(loaded).not.toContain(inConnect('sim-file.ts'));
  });

  it('connecting all four venues live (fake credentials, nothing sent) loads nothing of @dn/sim', async () => {
    const loaded = await modulesLoadedBy('live');
    for (const venue of ['extended', 'pacifica', 'edgex', 'lighter']) {
      expect(loaded.some((f) => f.includes(`${path.sep}packages${path.sep}${venue}${path.sep}src${path.sep}`))).toBe(
        true,
      );
    }
    expect(fromSim(loaded)).toEqual([]);
    expect(loaded).not.toContain(inConnect('paper.ts'));
  });

  it('paper mode does load the simulator (the recorder sees modules loaded through import())', async () => {
    const loaded = await modulesLoadedBy('paper');
    expect(loaded).toContain(inConnect('paper.ts'));
    const engineDir = path.join(simSrc, 'src', 'engine') + path.sep;
    expect(fromSim(loaded).some((f) => f.startsWith(engineDir))).toBe(true);
  });
});
