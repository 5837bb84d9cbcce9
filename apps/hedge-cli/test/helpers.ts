import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VenueConnection } from '@dn/connect';
import { VirtualClock } from '@dn/core';
import { type CliHooks, runCli } from '../src/cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

/** A fresh home folder (removed by `cleanHomes`). */
const homes: string[] = [];
export function tempHome(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedge-cli-test-'));
  homes.push(dir);
  return dir;
}
export function cleanHomes(): void {
  for (const d of homes.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes a hedge_config.json into `home` and returns its path. */
export function writeConfig(home: string, config: Record<string, unknown>): string {
  const file = path.join(home, 'hedge_config.json');
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/**
 * Runs the CLI in this process in paper mode on `home`. The simulated clock runs `speed`× real time (waits and
 * retry back-offs shrink; leg deadlines stay real time); `onConnected` sees the venues before the command runs.
 */
export async function cli(
  home: string,
  argv: string[],
  options: { speed?: number; onConnected?: (c: VenueConnection) => void | Promise<void> } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const hooks: CliHooks = {
    ...(options.speed
      ? { connect: { clock: new VirtualClock({ startMs: Date.now(), mode: { speed: options.speed } }) } }
      : {}),
    ...(options.onConnected ? { onConnected: options.onConnected } : {}),
  };
  const code = await runCli([...argv, '--home', home], { out: (t) => out.push(t), err: (t) => err.push(t) }, hooks);
  const stdout = out.join('\n');
  return {
    code,
    out: stdout,
    err: err.join('\n'),
    json: <T>() => JSON.parse(stdout) as T,
  };
}

/** The two venue pairs every command is tested on. */
export const PAIRS = [
  { long: 'extended', short: 'lighter' },
  { long: 'pacifica', short: 'edgex' },
] as const;

export function pairConfig(pair: { long: string; short: string }, extra: Record<string, unknown> = {}) {
  return {
    symbol: 'BTC',
    quote: 'USD',
    long_exchange: pair.long,
    short_exchange: pair.short,
    leverage: 3,
    notional: 200,
    ...extra,
  };
}
