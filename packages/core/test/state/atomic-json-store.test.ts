import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicJsonStore, isDnError, StateError } from '../../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-state-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('AtomicJsonStore', () => {
  it('returns undefined when no file exists, then round-trips data with bigint as string', async () => {
    const store = new AtomicJsonStore<{ n: number; id: string }>({ path: path.join(dir, 's.json'), schemaVersion: 2 });
    expect(await store.load()).toBeUndefined();
    await store.save({ n: 1, id: '1234567890123456789' });
    expect(await store.load()).toEqual({ n: 1, id: '1234567890123456789' });
    const raw = JSON.parse(await fs.readFile(path.join(dir, 's.json'), 'utf8'));
    expect(raw.schemaVersion).toBe(2);
  });

  it('keeps the previous state as .bak', async () => {
    const file = path.join(dir, 's.json');
    const store = new AtomicJsonStore<{ v: number }>({ path: file, schemaVersion: 1 });
    await store.save({ v: 1 });
    await store.save({ v: 2 });
    const bak = JSON.parse(await fs.readFile(`${file}.bak`, 'utf8'));
    expect(bak.data).toEqual({ v: 1 });
    expect(await store.load()).toEqual({ v: 2 });
  });

  it('leaves the old file intact when the process dies between write and rename', async () => {
    const file = path.join(dir, 's.json');
    await new AtomicJsonStore<{ v: number }>({ path: file, schemaVersion: 1 }).save({ v: 1 });
    const before = await fs.readFile(file, 'utf8');
    const crashing = new AtomicJsonStore<{ v: number }>({
      path: file,
      schemaVersion: 1,
      fsImpl: {
        ...fs,
        rename: async () => {
          throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
        },
      },
    });
    await expect(crashing.save({ v: 2 })).rejects.toBeInstanceOf(StateError);
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    const leftovers = (await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('leaves the old file intact when a child process is killed mid-write', async () => {
    const file = path.join(dir, 's.json');
    await new AtomicJsonStore<{ v: number }>({ path: file, schemaVersion: 1 }).save({ v: 1 });
    const before = await fs.readFile(file, 'utf8');
    // A torn temp file next to the real one is what a kill -9 mid-write leaves behind.
    await fs.writeFile(path.join(dir, '.s.json.999.dead.tmp'), '{"schemaVersion":1,"data":{"v":');
    const store = new AtomicJsonStore<{ v: number }>({ path: file, schemaVersion: 1 });
    expect(await store.load()).toEqual({ v: 1 });
    expect(await fs.readFile(file, 'utf8')).toBe(before);
  });

  it('refuses a corrupt file with StateError and does not touch it', async () => {
    const file = path.join(dir, 's.json');
    await fs.writeFile(file, '{"schemaVersion":1,"data":{"v":1');
    const store = new AtomicJsonStore<{ v: number }>({ path: file, schemaVersion: 1 });
    const err = await store.load().catch((e: unknown) => e);
    expect(isDnError(err, 'STATE')).toBe(true);
    expect((err as StateError).context.path).toBe(file);
    expect(await fs.readFile(file, 'utf8')).toBe('{"schemaVersion":1,"data":{"v":1');
  });

  it('refuses an unknown schema version unless a migration is given', async () => {
    const file = path.join(dir, 's.json');
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, data: { old: 5 } }));
    await expect(new AtomicJsonStore({ path: file, schemaVersion: 2 }).load()).rejects.toThrow(/schema version 1/);
    const migrated = new AtomicJsonStore<{ v: number }>({
      path: file,
      schemaVersion: 2,
      migrate: (d) => ({ v: (d as { old: number }).old }),
    });
    expect(await migrated.load()).toEqual({ v: 5 });
  });

  it('runs the validator and reports invalid content', async () => {
    const file = path.join(dir, 's.json');
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, data: { v: 'x' } }));
    const store = new AtomicJsonStore<{ v: number }>({
      path: file,
      schemaVersion: 1,
      validate: (d) => {
        if (typeof (d as { v: unknown }).v !== 'number') throw new Error('v must be a number');
        return d as { v: number };
      },
    });
    await expect(store.load()).rejects.toThrow(/v must be a number/);
  });
});
