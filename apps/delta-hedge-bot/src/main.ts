#!/usr/bin/env node
import { EXIT_USAGE } from '@dn/connect';
import { runHedgeCli } from './cli.js';

runHedgeCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Sockets a venue left half-open must not keep a finished bot alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (e: unknown) => {
    process.stderr.write(`delta-hedge-bot: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = e && typeof e === 'object' && 'exitCode' in e ? EXIT_USAGE : 1;
    setTimeout(() => process.exit(process.exitCode), 2_000).unref();
  },
);
