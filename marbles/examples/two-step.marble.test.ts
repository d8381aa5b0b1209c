import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { orderDialog } from '../../examples/two-step.js';
import { text } from '../../src/testing/builders.js';
import { createTestClient } from '../../src/testing/test-client.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const alice = (body: string) => text(body, { from: '@alice' });
const bob = (body: string) => text(body, { from: '@bob' });
const said = (body: string, chat = '@alice') => ({ type: 'text', chat, text: body });

describe('two-step conversation', () => {
  it('asks a size, then a confirmation, while other chats carry on', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      const values = { o: alice('/order'), b: bob('hi'), m: alice('m'), y: alice('yes'), t: alice('thanks') };
      client.receive('-o-b-m-y-t-', values);
      expectObservable(orderDialog(client, 100)).toBe('---b-----t-', values);
      expectObservable(client.sent$).toBe('-s---c-d---', {
        s: said('Which size? S, M or L'),
        c: said('Size M. Confirm with yes or no.'),
        d: said('Ordered one size M. Thank you!'),
      });
    }));

  it('cancels on a timeout, and on a wrong size', () =>
    rx.run(({ expectObservable }) => {
      const client = createTestClient({ scheduler: rx });
      client.receive('-o 10ms o-x-', { o: bob('/order'), x: bob('XL') });
      orderDialog(client, 5).subscribe();
      expectObservable(client.sent$).toBe('-s----c-----s-w', {
        s: said('Which size? S, M or L', '@bob'),
        c: said('No answer, order cancelled.', '@bob'),
        w: said('Sorry, "XL" is not a size. Say /order to start again.', '@bob'),
      });
    }));
});
