import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { HaltedError } from '../errors/index.js';

export interface HaltRecord {
  reason: string;
  at: string;
  by: string;
  /** Process that wrote it (absent in hand-written files). */
  pid?: number;
  host?: string;
  details?: Record<string, unknown>;
}

/**
 * A file whose presence stops every bot from opening positions until an operator removes it. Its existence is what
 * halts, whatever it holds: `null`, `0`, `false`, an empty or a garbled file halt exactly like a full record.
 * Written when something is wrong that software must not paper over (an unwind that failed, a state mismatch, an
 * emergency exit).
 */
export class HaltSentinel {
  constructor(readonly path: string) {}

  async write(record: Omit<HaltRecord, 'at'>): Promise<void> {
    const body: HaltRecord = { pid: process.pid, host: os.hostname(), ...record, at: new Date().toISOString() };
    await fs.mkdir(path.dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(tmp, this.path);
  }

  /** The record when the sentinel exists (a placeholder when its content is not a record), else `undefined`. */
  async read(): Promise<HaltRecord | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a file where a folder of the path should be, so nothing can exist there.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      // A directory or an unreadable file at the path still exists: it halts.
      return {
        reason: `sentinel present but unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        at: '',
        by: 'unknown',
      };
    }
    return haltRecordFrom(text);
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

/** Reads a sentinel's text as a record; anything that is not one still halts, described as such. */
export function haltRecordFrom(text: string): HaltRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { reason: text.trim() === '' ? 'empty sentinel file' : 'unreadable sentinel file', at: '', by: 'unknown' };
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const r = parsed as Partial<HaltRecord>;
    return {
      ...r,
      reason: typeof r.reason === 'string' && r.reason !== '' ? r.reason : 'sentinel file without a reason',
      at: typeof r.at === 'string' ? r.at : '',
      by: typeof r.by === 'string' ? r.by : 'unknown',
    };
  }
  return { reason: `sentinel file holding ${JSON.stringify(parsed)}`, at: '', by: 'unknown' };
}
