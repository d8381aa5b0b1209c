/**
 * The repository explains itself: source comments cite the reference docs in `docs/` by section, never a file
 * outside the checkout, and the docs name only paths that exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backtickedPaths,
  CITABLE_DOCS,
  citations,
  excerpts,
  OUTSIDE_DOCS,
  OUTSIDE_REFERENCES,
  pathPattern,
  sectionAnchors,
  sectionLinks,
  type CitableDoc,
  unquotedLines,
} from './docs/references.js';
import { sourceTexts, type SourceText } from './docs/source-text.js';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_FOLDERS = ['src', 'operators', 'test', 'marbles', 'bench', 'scripts'] as const;
const TOP_FOLDERS = [...SOURCE_FOLDERS, 'docs', 'examples', 'bin'] as const;
const DOCS_NAMING_PATHS = ['docs/architecture.md', ...CITABLE_DOCS] as const;
/** This test and its helpers spell out the very names they look for. */
const SELF = new Set(['test/docs-references.test.ts', 'test/docs/references.ts']);

/** Repository-relative paths of every file under `folder` (recursively), `node_modules` excluded. */
function filesUnder(folder: string): string[] {
  const dir = join(ROOT, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('node_modules'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const sources = SOURCE_FOLDERS.flatMap(filesUnder)
  .filter((file) => /\.[cm]?[jt]s$/.test(file) && !SELF.has(file))
  .map((file) => ({ file, ...sourceTexts(file, readFileSync(join(ROOT, file), 'utf8')) }));

const readDoc = (doc: string) => readFileSync(join(ROOT, doc), 'utf8');
const anchorsOf: Readonly<Record<CitableDoc, Set<string>>> = {
  'docs/protocol.md': sectionAnchors(readDoc('docs/protocol.md')),
  'docs/device-protocol.md': sectionAnchors(readDoc('docs/device-protocol.md')),
  'docs/ilink-protocol.md': sectionAnchors(readDoc('docs/ilink-protocol.md')),
};

const outsideReferences = (texts: readonly SourceText[], file: string, patterns = OUTSIDE_REFERENCES) =>
  texts.flatMap(({ line, text }) =>
    patterns.flatMap((pattern) => {
      const match = pattern.exec(text);
      return match === null ? [] : [`${file}:${line}: ${match[0]}`];
    }),
  );

describe('references in source comments', () => {
  it('finds the comments and strings of a file, not comment-like text inside strings or regexes', () => {
    const { comments, strings } = sourceTexts('x.ts', "/** a */\nconst s = '// b'; // c\nconst r = /\\/\\/ d/;\n/* e */\n");
    expect(comments.map((c) => c.text)).toEqual(['/** a */', '// c', '/* e */']);
    expect(strings.map((s) => s.text)).toEqual(['// b']);
  });

  it('attributes each § to the document named before it in the same comment, both ends of a range', () => {
    const found = citations([
      { line: 1, text: '/** docs/protocol.md §2.12–2.16 and the recall (§2.23). */' },
      { line: 2, text: '// see §4.2' },
      { line: 3, text: '/* docs/device-protocol.md §6.1 */' },
    ]);
    expect(found.map(({ doc, sections }) => [doc, sections])).toEqual([
      ['docs/protocol.md', ['2.12', '2.16']],
      ['docs/protocol.md', ['2.23']],
      [undefined, ['4.2']],
      ['docs/device-protocol.md', ['6.1']],
    ]);
  });

  it('reads `*`, `…` and `<name>` in a named path as any part of one segment', () => {
    expect(pathPattern('operators/<name>.ts')?.test('operators/dedupe.ts')).toBe(true);
    expect(pathPattern('operators/<name>.ts')?.test('operators/sub/dedupe.ts')).toBe(false);
    expect(pathPattern('src/<protocol>/')?.test('src/web/index.ts')).toBe(true);
    expect(pathPattern('src/model/decode/decode.ts')).toBeUndefined();
  });

  it('finds excerpt blocks, indented or not, and checks their lines in order', () => {
    const markdown = '1. x\n\n   ```ts\n   // a/b.ts\n   const a = 1;\n   // …\n   const c = 3;\n   ```\n';
    const [excerpt] = excerpts(markdown);
    expect(excerpt).toEqual({ path: 'a/b.ts', lines: ['const a = 1;', 'const c = 3;'] });
    expect(unquotedLines(excerpt as NonNullable<typeof excerpt>, 'const a = 1;\nconst b = 2;\nconst c = 3;\n')).toEqual([]);
    expect(unquotedLines(excerpt as NonNullable<typeof excerpt>, 'const c = 3;\nconst a = 1;\n')).toEqual(['const c = 3;']);
  });

  it('reads a source tree (the sanity check for the tests below)', () => {
    expect(sources.length).toBeGreaterThan(300);
    expect(sources.some(({ comments }) => comments.some((c) => c.text.includes('docs/protocol.md §')))).toBe(true);
  });

  it('never name a file outside the repository, a seed or another project’s issue number', () => {
    const found = sources.flatMap(({ file, comments }) => outsideReferences(comments, file));
    expect(found).toEqual([]);
  });

  it('keep outside documents out of string literals too (test titles, messages)', () => {
    const found = sources.flatMap(({ file, strings }) => outsideReferences(strings, file, OUTSIDE_DOCS));
    expect(found).toEqual([]);
  });

  it('cite only sections the cited document has, naming the document in the same comment', () => {
    const problems = sources.flatMap(({ file, comments }) =>
      citations(comments).flatMap(({ doc, sections, line, text }) => {
        if (doc === undefined) return [`${file}:${line}: ${text} names no document (write docs/protocol.md ${text})`];
        const missing = sections.filter((section) => !anchorsOf[doc].has(section));
        return missing.map((section) => `${file}:${line}: ${doc} has no §${section}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('cite only existing sections from string literals that name a document', () => {
    const problems = sources.flatMap(({ file, strings }) =>
      strings.flatMap(({ line, text }) =>
        citations([{ line, text }])
          .filter((c) => c.doc !== undefined)
          .flatMap(({ doc, sections }) => sections.filter((s) => !anchorsOf[doc as CitableDoc].has(s)).map((s) => `${file}:${line}: ${doc} has no §${s}`)),
      ),
    );
    expect(problems).toEqual([]);
  });
});

describe.each(CITABLE_DOCS)('%s', (doc) => {
  const markdown = readDoc(doc);

  it('links its table of contents to anchors it has', () => {
    const anchors = sectionAnchors(markdown);
    expect(sectionLinks(markdown).filter((section) => !anchors.has(section))).toEqual([]);
  });

  it('gives every numbered heading an anchor of its number', () => {
    const numbered = [...markdown.matchAll(/^#{2,3} (\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1]);
    expect(numbered.length).toBeGreaterThan(5);
    expect(numbered.filter((n) => n !== undefined && !sectionAnchors(markdown).has(n))).toEqual([]);
  });
});

describe.each(DOCS_NAMING_PATHS)('paths named in %s', (doc) => {
  const markdown = readDoc(doc);
  const files = TOP_FOLDERS.flatMap(filesUnder);

  it('exist in the repository', () => {
    const paths = backtickedPaths(markdown, TOP_FOLDERS);
    expect(paths.length).toBeGreaterThan(0);
    const missing = paths.filter((path) => {
      const pattern = pathPattern(path);
      return pattern === undefined ? !existsSync(join(ROOT, path)) : !files.some((file) => pattern.test(file));
    });
    expect(missing).toEqual([]);
  });

  it('quote their files as they are in excerpt blocks (`// <path>` on the first line)', () => {
    const stale = excerpts(markdown).flatMap((excerpt) =>
      existsSync(join(ROOT, excerpt.path))
        ? unquotedLines(excerpt, readFileSync(join(ROOT, excerpt.path), 'utf8')).map((line) => `${excerpt.path}: ${line}`)
        : [`${excerpt.path}: no such file`],
    );
    expect(stale).toEqual([]);
  });
});
