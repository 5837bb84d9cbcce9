#!/usr/bin/env node
import { exitWhenDone } from '@dn/connect';
import { runCli } from './cli.js';

// 3 s: the log file of a command that traded is flushed before a half-open socket's timer ends the process.
exitWhenDone(
  'hedge-cli',
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  }),
  3_000,
);
