#!/usr/bin/env node
import { exitWhenDone } from '@dn/connect';
import { runMakerCli } from './cli.js';

exitWhenDone('market-maker', runMakerCli(process.argv.slice(2)));
