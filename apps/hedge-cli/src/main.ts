#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
}).then(
  (code) => {
    // Exit by letting the event loop drain (the log file is flushed); the timer only ends a process that a
    // half-open socket would keep alive.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3_000).unref();
  },
  (e: unknown) => {
    process.stderr.write(`hedge-cli: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 3_000).unref();
  },
);
