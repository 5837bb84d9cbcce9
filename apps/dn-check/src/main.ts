#!/usr/bin/env node
import { consoleLines, exitWhenDone } from '@dn/connect';
import { runCli } from './cli.js';

exitWhenDone('dn-check', runCli(process.argv.slice(2), { ...consoleLines, env: process.env }));
