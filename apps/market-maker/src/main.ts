#!/usr/bin/env node
import { EXIT_USAGE } from '@dn/connect';
import { runMakerCli } from './cli.js';

runMakerCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Sockets a venue left half-open must not keep a stopped maker alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (e: unknown) => {
    process.stderr.write(`market-maker: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = e && typeof e === 'object' && 'exitCode' in e ? EXIT_USAGE : 1;
    setTimeout(() => process.exit(process.exitCode), 2_000).unref();
  },
);
