#!/usr/bin/env node
import { exitWhenDone } from '@dn/connect';
import { runMonitorCli } from './cli.js';

exitWhenDone('liquidation-monitor', runMonitorCli(process.argv.slice(2)));
