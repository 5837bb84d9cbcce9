#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
    // Sockets a venue left half-open must not keep a finished check alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (e: unknown) => {
    process.stderr.write(`dn-check: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 2_000).unref();
  },
);
