/**
 * `npm run bench` (add `-- --quick` for a short run): every benchmark, medians of repeated runs, printed as a table
 * and written to bench/results.json. Benchmarks are not tests: machines are shared and noisy, so only ratios of
 * figures measured side by side in one run are compared with the targets.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printDecode, runDecodeBench } from './decode.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick ?? false;

const decode = runDecodeBench({ quick });
printDecode(decode);

const results = { date: new Date().toISOString(), node: process.version, quick, decode };
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
