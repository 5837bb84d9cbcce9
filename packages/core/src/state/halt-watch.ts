import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { HaltedError } from '../errors/index.js';
import { type HaltRecord, HaltSentinel, haltRecordFrom } from './halt-sentinel.js';

export interface HaltWatchOptions {
  /** Further sentinels this process obeys but does not write (e.g. the home's, seen from a paper session). */
  alsoObey?: readonly string[];
  /** Poll period when file events are missed or unsupported, real ms (default 250). */
  pollMs?: number;
}

/**
 * A `HaltSentinel` whose check is instant and current: `assertClear` and `isHalted` look at the file system
 * synchronously (one `stat` per sentinel, microseconds), so a check immediately before an order sees a sentinel
 * written a moment ago. `start` adds a directory watch with a poll as fallback, so a sleeping process is told within
 * `pollMs` that a halt appeared.
 */
export class HaltWatch extends HaltSentinel {
  readonly paths: readonly string[];
  private readonly pollMs: number;
  private readonly listeners = new Set<(record: HaltRecord, sentinelPath: string) => void>();
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private notified = false;

  constructor(writePath: string, options: HaltWatchOptions = {}) {
    super(writePath);
    this.paths = [...new Set([writePath, ...(options.alsoObey ?? [])].map((p) => path.resolve(p)))];
    this.pollMs = options.pollMs ?? 250;
  }

  /** The first sentinel that exists, checked now. */
  haltedPath(): string | undefined {
    return this.paths.find((p) => exists(p));
  }

  isHalted(): boolean {
    return this.haltedPath() !== undefined;
  }

  override async read(): Promise<HaltRecord | undefined> {
    for (const p of this.paths) {
      const r = await new HaltSentinel(p).read();
      if (r) return r;
    }
    return undefined;
  }

  /** Synchronous read of the sentinel in force, for messages. */
  readNow(): { path: string; record: HaltRecord } | undefined {
    const p = this.haltedPath();
    if (!p) return undefined;
    let text = '';
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch {
      // exists but unreadable: still a halt
    }
    return { path: p, record: haltRecordFrom(text) };
  }

  override async assertClear(): Promise<void> {
    const now = this.readNow();
    if (now) throw new HaltedError({ sentinelPath: now.path, reason: now.record.reason });
  }

  /** Removes every sentinel this process obeys. Only for an operator's explicit command. */
  override async clear(): Promise<void> {
    await Promise.all(this.paths.map((p) => fsp.rm(p, { force: true })));
  }

  /** Called once, when a sentinel is first seen (immediately if one exists when `start` runs). */
  onHalt(listener: (record: HaltRecord, sentinelPath: string) => void): () => void {
    this.listeners.add(listener);
    // Registered after `start`: a sentinel already there is reported now, not never.
    if (this.timer) this.check();
    return () => this.listeners.delete(listener);
  }

  start(): this {
    if (this.timer) return this;
    const check = () => this.check();
    for (const dir of new Set(this.paths.map((p) => path.dirname(p)))) {
      try {
        const w = fs.watch(dir, { persistent: false }, check);
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // The folder may not exist yet, or the platform cannot watch it: the poll covers it.
      }
    }
    this.timer = setInterval(check, this.pollMs);
    this.timer.unref();
    check();
    return this;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private check(): void {
    if (this.notified || this.listeners.size === 0) return;
    const now = this.readNow();
    if (!now) return;
    this.notified = true;
    for (const l of this.listeners) l(now.record, now.path);
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (e) {
    // Only "no such file" means absent; anything else (permissions, a broken mount) is treated as present.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}
