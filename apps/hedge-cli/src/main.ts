#!/usr/bin/env node
import { consoleLines, exitWhenDone } from '@dn/connect';
import { runCli } from './cli.js';

// 3 s: the log file of a command that traded is flushed before a half-open socket's timer ends the process.
exitWhenDone('hedge-cli', runCli(process.argv.slice(2), consoleLines), 3_000);
