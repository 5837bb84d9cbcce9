import * as fs from 'node:fs/promises';
import { HaltedError } from '../errors/index.js';

export interface HaltRecord {
  reason: string;
  at: string;
  by: string;
  details?: Record<string, unknown>;
}

/**
 * A file whose presence stops every bot from opening positions until an operator removes it.
 * Written when something is wrong that software must not paper over (an unwind that failed, a state mismatch).
 */
export class HaltSentinel {
  constructor(readonly path: string) {}

  async write(record: Omit<HaltRecord, 'at'>): Promise<void> {
    const body: HaltRecord = { ...record, at: new Date().toISOString() };
    const tmp = `${this.path}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(tmp, this.path);
  }

  async read(): Promise<HaltRecord | undefined> {
    try {
      const text = await fs.readFile(this.path, 'utf8');
      try {
        return JSON.parse(text) as HaltRecord;
      } catch {
        // An unreadable sentinel still halts: its presence is what matters.
        return { reason: 'unreadable sentinel file', at: '', by: 'unknown' };
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** @throws HaltedError when the sentinel exists. */
  async assertClear(): Promise<void> {
    const record = await this.read();
    if (record) throw new HaltedError({ sentinelPath: this.path, reason: record.reason });
  }

  async clear(): Promise<void> {
    await fs.rm(this.path, { force: true });
  }
}
