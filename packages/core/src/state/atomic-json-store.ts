import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { StateError } from '../errors/index.js';

/** On-disk envelope; `data` is the caller's state. */
interface StateEnvelope<T> {
  schemaVersion: number;
  savedAt: string;
  data: T;
}

export interface AtomicJsonStoreOptions<T> {
  path: string;
  schemaVersion: number;
  /** Validates `data` after parsing (e.g. a zod schema's `parse`). Throw to reject. */
  validate?: (data: unknown) => T;
  /** Upgrades data written by an older schema version. Without it, any other version is an error. */
  migrate?: (data: unknown, fromVersion: number) => T;
  /** Keep `<path>.bak` with the previous good state (default true). */
  backup?: boolean;
  /** Test seam: file-system operations. */
  fsImpl?: Pick<typeof fs, 'open' | 'rename' | 'readFile' | 'copyFile' | 'unlink' | 'mkdir'>;
}

/**
 * JSON state that survives crashes: write temp → fsync → rename, so a reader sees the old file or the new one,
 * never a torn one. A corrupt or unknown-version file is an error, never replaced by an empty state.
 */
export class AtomicJsonStore<T> {
  readonly path: string;
  private readonly fs: NonNullable<AtomicJsonStoreOptions<T>['fsImpl']>;

  constructor(private readonly options: AtomicJsonStoreOptions<T>) {
    this.path = path.resolve(options.path);
    this.fs = options.fsImpl ?? fs;
  }

  /** The saved state, or `undefined` when no file exists yet. */
  async load(): Promise<T | undefined> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StateError('Cannot read state file', { path: this.path, reason: errorText(e) }, { cause: e });
    }
    return this.decode(text);
  }

  /** Like `load`, but a missing file is an error too. */
  async loadRequired(): Promise<T> {
    const data = await this.load();
    if (data === undefined) throw new StateError('State file does not exist', { path: this.path, reason: 'ENOENT' });
    return data;
  }

  async save(data: T): Promise<void> {
    const envelope: StateEnvelope<T> = {
      schemaVersion: this.options.schemaVersion,
      savedAt: new Date().toISOString(),
      data,
    };
    const text = `${JSON.stringify(envelope, jsonReplacer, 2)}\n`;
    const dir = path.dirname(this.path);
    const tmp = path.join(dir, `.${path.basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.fs.mkdir(dir, { recursive: true });
      const handle = await this.fs.open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (this.options.backup !== false) await this.backupCurrent();
      await this.fs.rename(tmp, this.path);
      await syncDir(dir);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw new StateError('Cannot write state file', { path: this.path, reason: errorText(e) }, { cause: e });
    }
  }

  private async backupCurrent(): Promise<void> {
    try {
      await this.fs.copyFile(this.path, `${this.path}.bak`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  private decode(text: string): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new StateError(
        'State file is corrupt (not valid JSON)',
        { path: this.path, reason: errorText(e) },
        { details: `Inspect the file or restore ${this.path}.bak; it was left untouched.`, cause: e },
      );
    }
    if (!isEnvelope(parsed)) {
      throw new StateError('State file has no schemaVersion/data envelope', {
        path: this.path,
        reason: 'unexpected shape',
      });
    }
    const { schemaVersion } = parsed;
    let data: unknown = parsed.data;
    if (schemaVersion !== this.options.schemaVersion) {
      if (!this.options.migrate) {
        throw new StateError(
          `State file schema version ${schemaVersion} is not supported (expected ${this.options.schemaVersion})`,
          { path: this.path, reason: 'schema version mismatch', schemaVersion },
        );
      }
      data = this.options.migrate(data, schemaVersion);
    }
    if (!this.options.validate) return data as T;
    try {
      return this.options.validate(data);
    } catch (e) {
      throw new StateError(
        'State file content is invalid',
        { path: this.path, reason: errorText(e), schemaVersion },
        { details: 'The file was left untouched.', cause: e },
      );
    }
  }
}

function isEnvelope(v: unknown): v is StateEnvelope<unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { schemaVersion?: unknown }).schemaVersion === 'number' &&
    'data' in v
  );
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; not supported on every platform, where it is a no-op.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // ignore: directory fsync is best effort
  } finally {
    await handle?.close();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
