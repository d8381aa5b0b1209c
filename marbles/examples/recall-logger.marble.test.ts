import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { recallLogger } from '../../examples/recall-logger.js';
import { file, recall, text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('recall logger', () => {
  it('keeps the originals of recalled messages and reports them', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const secret = text('my password is hunter2', { from: '@alice' });
      const doc = file('plan.pdf', { from: '@bob', group: '@@team' });
      const values = { s: secret, d: doc, r: recall(secret), q: recall(doc), u: recall('12345') };
      client.receive('-s-d-r-q-u-', values);
      expectObservable(recallLogger(client, { reportTo: 'filehelper' })).toBe('-----r-q-u-', {
        r: Object.assign({ original: secret }, values.r),
        q: Object.assign({ original: doc }, values.q),
        u: Object.assign({ original: undefined }, values.u),
      });
      expectObservable(client.sent$).toBe('-----r-q---', {
        r: { type: 'text', chat: 'filehelper', text: '@alice recalled "my password is hunter2"' },
        q: { type: 'text', chat: 'filehelper', text: '@bob recalled a file (plan.pdf) in @@team' },
      });
    }));

  it('still emits when the report fails', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.failSendsTo('filehelper');
      const secret = text('oops');
      const notice = recall(secret);
      client.receive('-s-r-', { s: secret, r: notice });
      expectObservable(recallLogger(client, { reportTo: 'filehelper' })).toBe('---r-', { r: Object.assign({ original: secret }, notice) });
    }));
});
