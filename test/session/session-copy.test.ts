import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/session/memory-session-store.js';
import { copySession, handOver } from '../../src/session/session-copy.js';

interface Saved {
  cursor: string;
  nested: { tokens: Record<string, { token: string; at: number }> };
  ids: string[];
  when?: Date;
}

describe('copySession', () => {
  it('copies plain objects and arrays, so later changes to the original do not reach the copy', () => {
    const original: Saved = { cursor: 'c1', nested: { tokens: { peer: { token: 't1', at: 1 } } }, ids: ['a', 'b'] };
    const copy = copySession(original);
    original.cursor = 'c2';
    original.nested.tokens['peer']!.token = 't2';
    original.nested.tokens['other'] = { token: 'x', at: 2 };
    original.ids.push('c');
    expect(copy).toEqual({ cursor: 'c1', nested: { tokens: { peer: { token: 't1', at: 1 } } }, ids: ['a', 'b'] });
  });

  it('keeps a `__proto__` key (a peer id, say) as a field', () => {
    const tokens = JSON.parse('{"__proto__":{"token":"t","at":1}}') as Record<string, unknown>;
    const copy = copySession({ tokens });
    expect(Object.keys(copy.tokens)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy.tokens)).toBe(Object.prototype);
  });

  it('keeps what was handed over as it is, and clones what is not plain data', () => {
    const ids = handOver(['a', 'b']);
    const when = new Date(5);
    const copy = copySession<Saved>({ cursor: '', nested: { tokens: {} }, ids, when });
    expect(copy.ids).toBe(ids);
    expect(copy.when).not.toBe(when);
    expect(copy.when).toEqual(when);
  });
});

describe('MemorySessionStore with a handed-over list', () => {
  it('keeps the list without copying it, and still hands out copies on load', async () => {
    const store = new MemorySessionStore<Saved>();
    const ids = handOver(['a', 'b']);
    const session: Saved = { cursor: 'c1', nested: { tokens: {} }, ids };
    await store.save(session);
    session.cursor = 'c2';
    const loaded = await store.load();
    expect(loaded).toEqual({ cursor: 'c1', nested: { tokens: {} }, ids: ['a', 'b'] });
    expect(loaded?.ids).not.toBe(ids);
  });
});
