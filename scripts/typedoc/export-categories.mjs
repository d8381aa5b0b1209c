// @ts-check
/**
 * A TypeDoc plugin: files its entries' exports under the headings the entry files give them. Each entry groups its
 * exports into `export { … } from` statements with a doc comment carrying `@category <heading>`; TypeDoc reads
 * comments of declarations only, so without this every re-exported item would need its own tag in its own file.
 * A `@category` on the declaration itself still wins.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/**
 * The heading of each name an entry file exports: the `@category` in the doc comment just above its statement.
 * @param {string} fileName
 * @returns {Map<string, string>}
 */
function categoriesOf(fileName) {
  const text = readFileSync(fileName, 'utf8');
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest);
  const categories = new Map();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.exportClause === undefined || !ts.isNamedExports(statement.exportClause)) continue;
    const comment = ts.getLeadingCommentRanges(text, statement.pos)?.at(-1);
    const category = comment === undefined ? undefined : /@category\s+([^\n*]+?)\s*(?:\*\/|\n)/.exec(text.slice(comment.pos, comment.end))?.[1];
    if (category === undefined) continue;
    for (const element of statement.exportClause.elements) categories.set(element.name.text, category);
  }
  return categories;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const entry = module.sources?.[0]?.fullFileName;
      if (entry === undefined || !('children' in module)) continue;
      const categories = categoriesOf(entry);
      for (const child of module.children ?? []) {
        const category = categories.get(child.name);
        if (category === undefined || child.comment?.getTag('@category') !== undefined) continue;
        child.comment ??= new Comment();
        child.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
      }
    }
  });
}
