/** One ```ts block of a Markdown file. */
export interface CodeBlock {
  /** The file name its first line gives (`// bot.ts`), else `example-N.ts` (N counts from 1). */
  readonly name: string;
  readonly code: string;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const found = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return found.map((code, i) => ({ name: /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1] ?? `example-${i + 1}.ts`, code }));
}
