import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HaltedError, HaltSentinel } from '../../src/index.js';

describe('HaltSentinel', () => {
  it('blocks once written and clears', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-halt-'));
    const s = new HaltSentinel(path.join(dir, 'HALT'));
    await expect(s.assertClear()).resolves.toBeUndefined();
    await s.write({ reason: 'unwind failed', by: 'test' });
    await expect(s.assertClear()).rejects.toBeInstanceOf(HaltedError);
    expect((await s.read())?.reason).toBe('unwind failed');
    await s.clear();
    await expect(s.assertClear()).resolves.toBeUndefined();
    await fs.rm(dir, { recursive: true });
  });

  it('treats an unreadable sentinel as a halt', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dn-halt-'));
    await fs.writeFile(path.join(dir, 'HALT'), 'not json');
    await expect(new HaltSentinel(path.join(dir, 'HALT')).assertClear()).rejects.toBeInstanceOf(HaltedError);
    await fs.rm(dir, { recursive: true });
  });
});
