import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { image, text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('echo bot', () => {
  it('echoes private texts only, never its own', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 1 });
      client.receive('-a-i-g-s-b-', {
        a: text('hello', { from: '@alice' }),
        i: image({ from: '@alice' }),
        g: text('hi all', { from: '@bob', group: '@@team' }),
        s: text('hello', { self: true, to: '@alice' }),
        b: text('ping', { from: '@bob' }),
      });
      expectObservable(echoBot(client)).toBe('--a-------b', {
        a: { msgId: '1', localId: 'local-1', chat: '@alice' },
        b: { msgId: '2', localId: 'local-2', chat: '@bob' },
      });
      expectObservable(client.sent$).toBe('--a-------b', {
        a: { type: 'text', chat: '@alice', text: 'hello' },
        b: { type: 'text', chat: '@bob', text: 'ping' },
      });
    }));
});
