import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from './cli/build.js';
import { codeBlocks } from './docs/blocks.js';
import { MEDIA_AND_CONTACTS, README, type Expectation } from './docs/expectations.js';
import { runBlock } from './docs/run-block.js';

/** Each document, with how each of its blocks must behave when run. */
const DOCS: Readonly<Record<string, Readonly<Record<string, Expectation>>>> = {
  'README.md': README,
  'docs/media-and-contacts.md': MEDIA_AND_CONTACTS,
};
/**
 * Inside the checkout, so `wechat-rx` in a block resolves to this package (its self-reference, to the build in
 * dist/) and `rxjs`, `vitest` and `tsx` to its node_modules, as in a user's project.
 */
const OUT = join(ROOT, '.readme-examples');
const logs = mkdtempSync(join(tmpdir(), 'docs-net-'));

const blocksOf = (doc: string) => codeBlocks(readFileSync(join(ROOT, doc), 'utf8'));
const folderOf = (doc: string) => join(OUT, doc.replace(/[/.]/g, '_'));

/** Writes each block of `doc` into its folder, as the file its first line names. */
function writeBlocks(doc: string): void {
  const dir = folderOf(doc);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { name, code } of blocksOf(doc)) writeFileSync(join(dir, name), code);
}

/** Type-checks every block as its own module, `wechat-rx` resolving to this checkout's sources; errors by document. */
function typeErrors(): Map<string, string[]> {
  const files = Object.keys(DOCS).flatMap((doc) => blocksOf(doc).map(({ name }) => join(folderOf(doc), name)));
  const program = ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
    paths: {
      'wechat-rx': [join(ROOT, 'src/index.ts')],
      'wechat-rx/testing': [join(ROOT, 'src/testing/index.ts')],
      'wechat-rx/operators': [join(ROOT, 'operators/index.ts')],
    },
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return new Map(
    Object.keys(DOCS).map((doc) => {
      const dir = folderOf(doc);
      const inDoc = diagnostics.filter((d) => d.file?.fileName.startsWith(`${dir}/`) === true);
      return [doc, inDoc.map((d) => `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)];
    }),
  );
}

let errors: Map<string, string[]>;
beforeAll(() => {
  for (const doc of Object.keys(DOCS)) writeBlocks(doc);
  buildPackage();
  errors = typeErrors();
}, 120_000);
afterAll(() => rmSync(logs, { recursive: true, force: true }));

for (const [doc, expectations] of Object.entries(DOCS)) {
  describe(`${doc}: every code block type-checks and runs as written, reaching no host but loopback`, () => {
    it('type-checks against the library', () => {
      expect(errors.get(doc)).toEqual([]);
    });

    it('has one expectation per block, each block named by its first line', () => {
      expect(blocksOf(doc).map((block) => block.name).sort()).toEqual(Object.keys(expectations).sort());
    });

    for (const [name, expectation] of Object.entries(expectations)) {
      it(`runs ${name}`, async () => {
        const netLog = join(logs, `${name}.log`);
        await runBlock(folderOf(doc), name, expectation, netLog);
        expect(existsSync(netLog) ? readFileSync(netLog, 'utf8') : 'no attempt').toBe('no attempt');
      }, 40_000);
    }
  });
}
