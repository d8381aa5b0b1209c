/** The reference documents a source comment may cite by section, as `docs/protocol.md §2.11`. */
export const CITABLE_DOCS = ['docs/protocol.md', 'docs/device-protocol.md', 'docs/ilink-protocol.md'] as const;
export type CitableDoc = (typeof CITABLE_DOCS)[number];

/** Documents outside this repository (the protocol notes, the style guide, the design notes) and paths leading there. */
export const OUTSIDE_DOCS: readonly RegExp[] = [
  /\b(?:DEVICE-|ILINK-)?PROTOCOL\.md\b/,
  /\bSTYLE\.md\b/,
  /\bFLEET-DESIGN\.md\b/,
  /\.\.\/shared\b/,
];

/** What a comment must not cite: an outside document, the corpus index, a seed file, another project's issue number. */
export const OUTSIDE_REFERENCES: readonly RegExp[] = [
  ...OUTSIDE_DOCS,
  /\bSOURCES\.md\b/,
  /\bseeds?[ /]\d{3}\b/i,
  /\b(?:issue|PR|pull request)\s*#?\d+/i,
  /\b[A-Za-z][\w.-]*\s#\d+\b/,
];

/** Section numbers (`2.11`, `7`) a document declares with `<a id="s2-11"></a>` anchors. */
export function sectionAnchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/<a id="s(\d+(?:-\d+)*)"><\/a>/g)].map((m) => (m[1] ?? '').replaceAll('-', '.')));
}

/** `#s2-11` link targets used inside a document. */
export function sectionLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(#s(\d+(?:-\d+)*)\)/g)].map((m) => (m[1] ?? '').replaceAll('-', '.'));
}

export interface Citation {
  /** The document the section belongs to, or `undefined` when no document was named before it. */
  readonly doc: CitableDoc | undefined;
  /** Each section number the citation names: both ends of a range `§2.1–2.5`. */
  readonly sections: readonly string[];
  readonly line: number;
  readonly text: string;
}

const DOC_OR_SECTION = /(docs\/(?:device-|ilink-)?protocol\.md)|§\s?(\d+(?:\.\d+)*)(?:\s?[–-]\s?(\d+(?:\.\d+)*))?/g;

/**
 * Every `§` citation of some comments, in order. A `§` belongs to the document named last before it in the same
 * comment (`docs/protocol.md §2.12–2.16 … (§2.23)`), so each comment that cites a section names its document: the
 * comment is read on its own in API docs and editor tooltips.
 */
export function citations(comments: readonly { readonly line: number; readonly text: string }[]): Citation[] {
  const found: Citation[] = [];
  for (const comment of comments) {
    let doc: CitableDoc | undefined;
    for (const match of comment.text.matchAll(DOC_OR_SECTION)) {
      if (match[1] !== undefined) {
        doc = match[1] as CitableDoc;
        continue;
      }
      const sections = [match[2], match[3]].filter((s): s is string => s !== undefined);
      found.push({ doc, sections, line: comment.line, text: match[0] });
    }
  }
  return found;
}

/**
 * The file paths a document names in backticks: spans that start with a top-level folder of the repository. `*`,
 * `…` and `<name>` stand for any part of one path segment.
 */
export function backtickedPaths(markdown: string, topFolders: readonly string[]): string[] {
  const prefix = new RegExp(`^(?:${topFolders.join('|')})/`);
  return [...markdown.matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1] ?? '')
    .filter((span) => prefix.test(span) && !/\s/.test(span));
}

/** A path pattern as a regular expression over repository-relative paths. */
export function pathPattern(path: string): RegExp | undefined {
  if (!/[*…<]/.test(path)) return undefined;
  const source = path
    .split(/(\*|…|<[^>]+>)/)
    .map((part, i) => (i % 2 === 1 ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}${path.endsWith('/') ? '.+' : '(?:/.*)?'}$`);
}

/** A code block that quotes a file: its first line is `// <path>`, the other lines are copied from that file. */
export interface Excerpt {
  readonly path: string;
  readonly lines: readonly string[];
}

/** The excerpt blocks of a document; a `// …` line marks lines left out and is not itself quoted. */
export function excerpts(markdown: string): Excerpt[] {
  return [...markdown.matchAll(/^( *)```ts\n\1\/\/ ([\w./-]+)\n([\s\S]*?)^\1```/gm)].map((m) => ({
    path: m[2] ?? '',
    lines: (m[3] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && line !== '// …'),
  }));
}

/** The excerpt lines not found in `source`, each looked for after the previous one (so order matters). */
export function unquotedLines(excerpt: Excerpt, source: string): string[] {
  const sourceLines = source.split('\n').map((line) => line.trim());
  const missing: string[] = [];
  let from = 0;
  for (const line of excerpt.lines) {
    const at = sourceLines.indexOf(line, from);
    if (at === -1) missing.push(line);
    else from = at + 1;
  }
  return missing;
}
