import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageSender } from '../src/model/bot-client.js';
import { forwardTo } from '../operators/forward-to.js';
import type { SendResult } from '../src/model/events.js';
import type { ActionError } from '../src/errors/action-error.js';
import { file, text } from '../src/testing/builders.js';
import { createTestClient } from '../src/testing/test-client.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const t = text('hi', { from: '@alice' });
const f = file('report.pdf', { from: '@bob' });
const result = (n: number, chat: string): SendResult => ({ msgId: String(n), localId: `local-${n}`, chat });

describe('forwardTo', () => {
  it("forwards every kind with the client's forward", () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 1 });
      const source = cold(' -t--f--|', { t, f });
      const subs = '        ^------!';
      expectObservable(source.pipe(forwardTo(client, '@@archive'))).toBe('--T--F-|', {
        T: result(1, '@@archive'),
        F: result(2, '@@archive'),
      });
      expectObservable(client.sent$).toBe('--x--y--', {
        x: { type: 'forward', chat: '@@archive', message: t },
        y: { type: 'forward', chat: '@@archive', message: f },
      });
      expectSubscriptions(source.subscriptions).toBe(subs);
    }));

  it('chooses the target per message', () =>
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const source = cold(' -t--f--|', { t, f });
      const target = (m: typeof t | typeof f) => (m.kind === 'file' ? '@@files' : '@@texts');
      expectObservable(source.pipe(forwardTo(client, target))).toBe('-T--F--|', { T: result(1, '@@texts'), F: result(2, '@@files') });
    }));

  it('re-sends texts without forward, and reports other kinds and failures', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client: MessageSender = { send: (chat, body) => cold('-r|', { r: { msgId: body, localId: '', chat } }) };
      const source = cold(' -t--f--|', { t, f });
      expectObservable(source.pipe(forwardTo(client, '@x', { onError: (e) => errors.push(e) }))).toBe('--T----|', {
        T: { msgId: 'hi', localId: '', chat: '@x' },
      });
    });
    expect(errors.map((e) => [e.action, e.chat, e.message])).toEqual([
      ['forwardTo', '@x', 'forwardTo failed for @x: WeChatError: this client has no forward(): it can only forward text, not file'],
    ]);
  });

  it('reports a target function that throws', () => {
    const errors: ActionError[] = [];
    rx.run(({ cold, expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const target = (): string => {
        throw new RangeError('no route');
      };
      expectObservable(cold('-t-|', { t }).pipe(forwardTo(client, target, { onError: (e) => errors.push(e) }))).toBe('---|');
    });
    expect(errors.map((e) => e.message)).toEqual(['forwardTo failed: RangeError: no route']);
  });
});
