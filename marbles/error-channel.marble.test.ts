import { Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createErrorChannel, toReporter } from '../operators/error-channel.js';
import { ActionError } from '../src/errors/action-error.js';
import { isActionError } from '../src/errors/action-guards.js';
import { isWeChatError } from '../src/errors/guards.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const failure = new ActionError('reply', 'input', new TypeError('boom'), '@alice');

describe('createErrorChannel', () => {
  it('emits what is reported, to the subscribers of the moment', () =>
    rx.run(({ cold, expectObservable }) => {
      const channel = createErrorChannel();
      const { report } = channel;
      cold('-a--b-').subscribe(() => report(failure));
      expectObservable(channel.errors$, '^--!').toBe('-e--', { e: failure });
    }));

  it('accepts a function, a Subject or a channel as a sink', () => {
    const seen: unknown[] = [];
    const subject = new Subject<ActionError>();
    subject.subscribe((e) => seen.push(['subject', e.action]));
    const channel = createErrorChannel();
    channel.errors$.subscribe((e) => seen.push(['channel', e.action]));
    toReporter((e) => seen.push(['function', e.action]))(failure);
    toReporter(subject)(failure);
    toReporter(channel)(failure);
    expect(seen).toEqual([
      ['function', 'reply'],
      ['subject', 'reply'],
      ['channel', 'reply'],
    ]);
  });
});

describe('ActionError', () => {
  it('names the action, the chat and the cause, and is recognised across copies', () => {
    expect(failure.message).toBe('reply failed for @alice: TypeError: boom');
    expect(failure.cause).toBeInstanceOf(TypeError);
    expect(isActionError(failure)).toBe(true);
    expect(isWeChatError(failure)).toBe(true);
    expect(isActionError({ isWeChatError: true, name: 'ActionError' })).toBe(true);
    expect(isActionError(new TypeError('x'))).toBe(false);
    expect(new ActionError('errorBoundary', 1, 'plain').message).toBe('errorBoundary failed: plain');
  });
});
