import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultKeywords, keywordReply } from '../../examples/keyword-reply.js';
import { text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('keyword reply', () => {
  it('answers keywords in private and when mentioned, spacing answers per chat', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const group = (body: string, mentions: string[] = []) => text(body, { from: '@bob', group: '@@team', mentions });
      client.receive('-a-b-c-d-e', {
        a: text('What are your HOURS?', { from: '@alice' }),
        b: text('price please', { from: '@alice' }),
        c: group('price?'),
        d: group('@Bot help', ['Bot']),
        e: text('thanks', { from: '@alice' }),
      });
      keywordReply(client).subscribe();
      expectObservable(client.sent$).toBe('-a-----d 1993ms b', {
        a: { type: 'text', chat: '@alice', text: defaultKeywords['hours'] },
        b: { type: 'text', chat: '@alice', text: defaultKeywords['price'] },
        d: { type: 'text', chat: '@@team', text: defaultKeywords['help'] },
      });
    }));
});
