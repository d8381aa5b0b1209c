import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/build.js';
import { findCycles, importGraph } from './import-graph.js';

describe('import cycles', () => {
  it('there is none in src/ or operators/, type-only imports included', () => {
    const graph = importGraph(ROOT, ['src', 'operators']);
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['src/index.ts', 'operators/index.ts', 'src/model/message.ts', 'src/testing/simulator/session.ts']));
    expect(graph.get('src/index.ts')).toContain('src/web/client/index.ts');
    expect(findCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('the search reports each cycle as a path back to where it started', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['a.ts']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
    ]);
  });
});
