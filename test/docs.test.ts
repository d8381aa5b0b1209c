import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.readme-examples');

/** The `ts` code blocks of a Markdown file; a block whose first line is `// name.ts` is written under that name. */
function blocks(markdown: string): Array<{ name: string; code: string }> {
  const found = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return found.map((code, i) => ({ name: /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1] ?? `example-${i + 1}.ts`, code }));
}

/** Type-checks every block as its own module, with `wechat-rx` resolving to this checkout's sources. */
function typeErrors(doc: string): string[] {
  const dir = join(OUT, doc.replace(/[/.]/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const files = blocks(readFileSync(join(ROOT, doc), 'utf8')).map(({ name, code }) => {
    const file = join(dir, name);
    writeFileSync(file, `${code}\nexport {};\n`);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
    paths: {
      'wechat-rx': [join(ROOT, 'src/index.ts')],
      'wechat-rx/testing': [join(ROOT, 'src/testing/index.ts')],
      'wechat-rx/operators': [join(ROOT, 'operators/index.ts')],
    },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir))
    .map((d) => `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('code in the documentation type-checks against the library', () => {
  for (const doc of ['README.md', 'docs/media-and-contacts.md']) {
    it(doc, () => {
      expect(blocks(readFileSync(join(ROOT, doc), 'utf8')).length).toBeGreaterThan(0);
      expect(typeErrors(doc)).toEqual([]);
    }, 60_000);
  }
});
