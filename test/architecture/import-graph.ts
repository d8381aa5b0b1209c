import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Files (relative to the root, `/`-separated) and the files each imports relatively (types and re-exports too). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function tsFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return tsFilesUnder(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: `./x.js` is `./x.ts` (NodeNext); a specifier that names no file throws. */
function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

/** Every `.ts` file under `folders` with its relative imports, read with the TypeScript pre-processor. */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const name = (path: string) => relative(root, path).split('\\').join('/');
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => tsFilesUnder(join(root, folder)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map((ref) => ref.fileName).filter((spec) => spec.startsWith('./') || spec.startsWith('../'));
    graph.set(name(file), [...new Set(targets.map((spec) => name(resolveRelative(file, spec))))]);
  }
  return graph;
}

/**
 * One cycle per group of files that import each other (Tarjan's strongly connected components), each as a path
 * `a → b → … → a`; none when the graph has no cycle.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = new Set<string>();
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.add(member);
      if (member === node) break;
    }
    const selfImport = graph.get(node)?.includes(node) === true;
    if (component.size > 1 || selfImport) cycles.push(pathBack(graph, node, component));
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The shortest path from `start` back to itself inside `component` (breadth first). */
function pathBack(graph: ImportGraph, start: string, component: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const node = queue[at] as string;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let step: string | undefined = node; step !== start && step !== undefined; step = previous.get(step)) path.splice(1, 0, step);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
