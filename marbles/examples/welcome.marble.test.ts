import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { welcome } from '../../examples/welcome.js';
import { system, text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const inGroup = (body: string, group = '@@team') => system(body, { group, from: group });

describe('welcome', () => {
  it('greets who joins by invitation or QR code, and nothing else', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.receive('-i-q-t-k-o-', {
        i: inGroup('"Alice" invited "Bob、Carol" to the group chat'),
        q: inGroup('"Dave" joined the group chat via the QR Code shared by "Alice"'),
        t: text('hi', { group: '@@team' }),
        k: inGroup('You removed "Eve" from the group chat'),
        o: inGroup('"Frank" invited "Gina" to the group chat', '@@other'),
      });
      expectObservable(welcome(client, '@@team')).toBe('-i-q-------', {
        i: { msgId: '1', localId: 'local-1', chat: '@@team' },
        q: { msgId: '2', localId: 'local-2', chat: '@@team' },
      });
      expectObservable(client.sent$).toBe('-i-q-------', {
        i: { type: 'text', chat: '@@team', text: 'Welcome, Bob, Carol! Say "help" to see what I can do.' },
        q: { type: 'text', chat: '@@team', text: 'Welcome, Dave! Say "help" to see what I can do.' },
      });
    }));
});
