import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HaltedError, HaltSentinel, HaltWatch } from '../../src/index.js';

const tmp = () => fs.mkdtemp(path.join(os.tmpdir(), 'dn-halt-'));

describe('HaltSentinel', () => {
  it('blocks once written and clears', async () => {
    const dir = await tmp();
    const s = new HaltSentinel(path.join(dir, 'HALT'));
    await expect(s.assertClear()).resolves.toBeUndefined();
    await s.write({ reason: 'unwind failed', by: 'test' });
    await expect(s.assertClear()).rejects.toBeInstanceOf(HaltedError);
    const r = await s.read();
    expect(r?.reason).toBe('unwind failed');
    expect(r?.pid).toBe(process.pid);
    await s.clear();
    await expect(s.assertClear()).resolves.toBeUndefined();
    await fs.rm(dir, { recursive: true });
  });

  // Existence halts, whatever the content: these once let a bot open.
  it.each(['null', '0', 'false', '', 'not json', '[]', '"x"', '{}'])('a sentinel holding %j halts', async (text) => {
    const dir = await tmp();
    const file = path.join(dir, 'HALT');
    await fs.writeFile(file, text);
    await expect(new HaltSentinel(file).assertClear()).rejects.toBeInstanceOf(HaltedError);
    await expect(new HaltWatch(file).assertClear()).rejects.toBeInstanceOf(HaltedError);
    expect(new HaltWatch(file).isHalted()).toBe(true);
    expect((await new HaltSentinel(file).read())?.reason).toBeTruthy();
    await fs.rm(dir, { recursive: true });
  });

  it('a directory at the sentinel path halts', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, 'HALT'));
    await expect(new HaltSentinel(path.join(dir, 'HALT')).assertClear()).rejects.toBeInstanceOf(HaltedError);
    await fs.rm(dir, { recursive: true });
  });
});

describe('HaltWatch', () => {
  it('obeys every listed sentinel and writes only its own', async () => {
    const dir = await tmp();
    const own = path.join(dir, 'paper', 'HALT');
    const home = path.join(dir, 'HALT');
    const w = new HaltWatch(own, { alsoObey: [home] });
    expect(w.isHalted()).toBe(false);
    await fs.writeFile(home, 'null');
    expect(w.haltedPath()).toBe(home);
    await expect(w.assertClear()).rejects.toBeInstanceOf(HaltedError);
    await fs.rm(home);
    await w.write({ reason: 'paper unwind failed', by: 'test' });
    expect(w.haltedPath()).toBe(own);
    await w.clear();
    expect(w.isHalted()).toBe(false);
    await fs.rm(dir, { recursive: true });
  });

  it('tells a waiting process within a second of the file appearing', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'HALT');
    const w = new HaltWatch(file).start();
    const seen = new Promise<number>((resolve) => w.onHalt(() => resolve(Date.now())));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await fs.writeFile(file, 'false');
    const t1 = await seen;
    expect(t1 - t0).toBeLessThan(1_000);
    w.close();
    await fs.rm(dir, { recursive: true });
  });

  it('sees a sentinel in a folder created after it started (poll fallback)', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'later', 'HALT');
    const w = new HaltWatch(file, { pollMs: 100 }).start();
    const seen = new Promise<string>((resolve) => w.onHalt((_r, p) => resolve(p)));
    await fs.mkdir(path.dirname(file));
    await fs.writeFile(file, '0');
    expect(await seen).toBe(file);
    w.close();
    await fs.rm(dir, { recursive: true });
  });

  it('reports a sentinel present before the listener was registered', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'HALT');
    await fs.writeFile(file, '0');
    const w = new HaltWatch(file).start();
    await new Promise((r) => setTimeout(r, 20));
    const seen = await new Promise<string>((resolve) => w.onHalt((_r, p) => resolve(p)));
    expect(seen).toBe(file);
    w.close();
    await fs.rm(dir, { recursive: true });
  });
});
