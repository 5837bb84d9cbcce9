#!/usr/bin/env node
import { exitWhenDone } from '@dn/connect';
import { runCli } from './cli.js';

exitWhenDone(
  'dn-check',
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }),
);
