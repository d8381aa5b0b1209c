import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileForwarder } from '../../examples/file-forwarder.js';
import type { ActionError } from '../../src/errors/action-error.js';
import { file, image, text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('file forwarder', () => {
  it('forwards received files to the archive and survives a failed forward', () => {
    const errors: ActionError[] = [];
    const values = {
      f: file('report.pdf', { from: '@alice' }),
      g: file('slides.pptx', { from: '@bob', group: '@@team' }),
      t: text('see attached', { from: '@alice' }),
      i: image({ from: '@alice' }),
      s: file('mine.zip', { self: true, to: '@alice' }),
      a: file('old.doc', { self: true, to: 'filehelper' }),
      x: file('late.pdf', { from: '@carol' }),
    };
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx, sendDelay: 2 });
      client.receive('-f-g-t-i-s-a-x---', values);
      rx.schedule(() => client.failSendsTo('filehelper'), 10);
      expectObservable(fileForwarder(client, 'filehelper', (e) => errors.push(e))).toBe('---f-g-----------', {
        f: { msgId: '1', localId: 'local-1', chat: 'filehelper' },
        g: { msgId: '2', localId: 'local-2', chat: 'filehelper' },
      });
      expectObservable(client.sent$).toBe('---f-g-----------', {
        f: { type: 'forward', chat: 'filehelper', message: values.f },
        g: { type: 'forward', chat: 'filehelper', message: values.g },
      });
    });
    expect(errors.map((e) => [e.action, e.input])).toEqual([['forwardTo', values.x]]);
  });
});
