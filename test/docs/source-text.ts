import ts from 'typescript';

/** A comment or string literal of a source file, with the 1-based line it starts on. */
export interface SourceText {
  readonly line: number;
  readonly text: string;
}

export interface SourceTexts {
  /** Every comment, in file order. */
  readonly comments: readonly SourceText[];
  /** Every string and template literal part, in file order. */
  readonly strings: readonly SourceText[];
}

const isJsDocNode = (node: ts.Node) => node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;

const STRING_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);

/**
 * The comments and string literals of a TypeScript or JavaScript file, found by the compiler's own parser (a regular
 * expression cannot tell a `//` inside a string or a regex literal from a comment). Every comment is trivia before
 * some token, so the leading and trailing comment ranges at each token's start cover them all.
 */
export function sourceTexts(fileName: string, content: string): SourceTexts {
  const file = ts.createSourceFile(fileName, content, ts.ScriptTarget.Latest, true);
  const commentStarts = new Map<number, number>();
  const strings: SourceText[] = [];
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;

  const visit = (node: ts.Node): void => {
    if (isJsDocNode(node)) return;
    const children = node.getChildren(file);
    if (children.length > 0) {
      children.forEach(visit);
      return;
    }
    for (const range of [...(ts.getLeadingCommentRanges(content, node.pos) ?? []), ...(ts.getTrailingCommentRanges(content, node.pos) ?? [])]) {
      commentStarts.set(range.pos, range.end);
    }
    if (STRING_KINDS.has(node.kind)) strings.push({ line: lineOf(node.getStart(file)), text: (node as ts.LiteralLikeNode).text });
  };
  visit(file);

  const comments = [...commentStarts]
    .sort(([a], [b]) => a - b)
    .map(([pos, end]) => ({ line: lineOf(pos), text: content.slice(pos, end) }));
  return { comments, strings };
}
