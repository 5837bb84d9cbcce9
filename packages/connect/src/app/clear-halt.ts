import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HALT_FILE_NAME, HaltSentinel } from '@dn/core';

/**
 * `--clear-halt`: shows every sentinel of the home (who wrote it, when, why) and removes it. The only way a halt
 * is lifted: never automatically.
 * @returns the exit code (0).
 */
export async function clearHalts(home: string, print: (text: string) => void): Promise<number> {
  const paths = [path.join(home, HALT_FILE_NAME), path.join(home, 'paper', HALT_FILE_NAME)];
  let found = 0;
  for (const p of paths) {
    const sentinel = new HaltSentinel(p);
    const record = await sentinel.read();
    if (!record) continue;
    found += 1;
    const who = [record.by, record.pid ? `pid ${record.pid}` : '', record.host ?? ''].filter(Boolean).join(', ');
    print(`halt sentinel ${p}`);
    print(`  written by ${who || 'unknown'}${record.at ? ` at ${record.at}` : ''}`);
    print(`  reason: ${record.reason}`);
    if (record.details) print(`  details: ${JSON.stringify(record.details)}`);
    await fs.rm(p, { recursive: true, force: true });
    print('  removed: bots in this home may open positions again');
  }
  if (found === 0) print(`no halt sentinel in ${home}`);
  return 0;
}
