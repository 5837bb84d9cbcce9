import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsxLoader } from '../../src/testing/index.js';
import { startHttpServer } from '../transport/servers.js';

const loader = tsxLoader(import.meta.dirname);
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'exit-child.ts');

describe('process lifetime', () => {
  it('a pending dedup window does not keep a finished process alive', async () => {
    const server = await startHttpServer((_r, res) => res.writeHead(200).end());
    try {
      const proc = spawn(process.execPath, ['--import', loader, '--conditions=@dn/source', child, server.url], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const killer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        proc.on('exit', (code, signal) => resolve({ code, signal })),
      );
      clearTimeout(killer);
      // Killed after 30 s would mean the 600 s window held the event loop open.
      expect(exit).toEqual({ code: 0, signal: null });
      expect(out).toBe('sent\n');
      // The first occurrence was delivered before the process ended (the in-flight request holds the loop).
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
