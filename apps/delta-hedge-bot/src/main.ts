#!/usr/bin/env node
import { exitWhenDone } from '@dn/connect';
import { runHedgeCli } from './cli.js';

exitWhenDone('delta-hedge-bot', runHedgeCli(process.argv.slice(2)));
