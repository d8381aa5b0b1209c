#!/usr/bin/env node
// Thin launcher for the built CLI (`npm install` builds it; from a checkout run `npm run build` after changes).
import process from 'node:process';
import { runCli } from '../dist/src/cli/index.js';

await runCli(process.argv.slice(2));
