/**
 * `npm run conformance`: decodes every payload in the public corpus (by default the folder `shared/corpus` next to
 * the checkout, or $WECHAT_RX_CORPUS) with the parser its expectation names, checks the result, and prints
 * `N passed, N failed`. A corpus file without an expectation fails too, so a new capture cannot slip through unchecked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFile } from './conformance/check.js';
import { expectations } from './conformance/expectations.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(process.env.WECHAT_RX_CORPUS ?? join(root, '..', 'shared', 'corpus'));

let files: string[];
try {
  files = readdirSync(corpus)
    .filter((name) => name !== 'SOURCES.md' && !name.startsWith('.'))
    .sort();
} catch {
  console.error(`conformance: no corpus folder at ${corpus} (set WECHAT_RX_CORPUS)`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const expectation = expectations[file];
  const problem = expectation
    ? checkFile(readFileSync(join(corpus, file), 'utf8'), expectation)
    : 'no expectation for this file in scripts/conformance/expectations.ts';
  if (problem === undefined) passed++;
  else {
    failed++;
    console.log(`FAIL ${file}: ${problem}`);
  }
}
for (const file of Object.keys(expectations)) {
  if (!files.includes(file)) console.log(`note: expected file ${file} is not in the corpus`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
