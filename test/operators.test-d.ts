import { filter, type Observable, of } from 'rxjs';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type BotClient,
  conversation,
  debounceByChat,
  dedupe,
  errorBoundary,
  forwardTo,
  fromFriend,
  fromGroup,
  fromOfficialAccount,
  type GroupMessage,
  handleConcurrently,
  markRead,
  type Matched,
  mentioningMe,
  type MessageSender,
  notFromSelf,
  ofKind,
  type PrivateMessage,
  rateLimit,
  recalled,
  type Recalled,
  reply,
  retryOnRetcode,
  type RetryOnRetcodeConfig,
  sequentializeByChat,
  textMatching,
} from '../operators/index.js';
import type { WeChatClient } from '../src/web/client/client.js';
import type { SendResult } from '../src/model/events.js';
import type { FileMessage, ImageMessage, RecallMessage, TextMessage, WxMessage } from '../src/model/message.js';
import { createTestClient, type TestClient, type TestClientSurface } from '../src/testing/test-client.js';

declare const messages$: Observable<WxMessage>;
declare const client: WeChatClient;

describe('filters narrow', () => {
  test('ofKind with one kind, several kinds, and extras kept', () => {
    expectTypeOf(messages$.pipe(filter(ofKind('text')))).toEqualTypeOf<Observable<TextMessage>>();
    expectTypeOf(messages$.pipe(filter(ofKind('text', 'image')))).toEqualTypeOf<Observable<TextMessage | ImageMessage>>();
    expectTypeOf(messages$.pipe(textMatching(/x/), filter(ofKind('text')))).toEqualTypeOf<Observable<Matched<TextMessage>>>();
    // @ts-expect-error not a message kind
    ofKind('txt');
    // @ts-expect-error at least one kind
    ofKind();
  });

  test('fromGroup, fromFriend and fromOfficialAccount narrow isGroup', () => {
    expectTypeOf(messages$.pipe(fromGroup())).toEqualTypeOf<Observable<GroupMessage>>();
    expectTypeOf(messages$.pipe(filter(ofKind('file')), fromGroup('Family'))).toEqualTypeOf<Observable<GroupMessage<FileMessage>>>();
    expectTypeOf(messages$.pipe(fromFriend(/^A/))).toEqualTypeOf<Observable<PrivateMessage>>();
    expectTypeOf(messages$.pipe(fromOfficialAccount())).toEqualTypeOf<Observable<PrivateMessage>>();
    expectTypeOf(messages$.pipe(fromGroup()).pipe(filter(ofKind('text')))).toEqualTypeOf<Observable<GroupMessage<TextMessage>>>();
    // @ts-expect-error a name is a string or a RegExp
    fromGroup(42);
    // @ts-expect-error resolveName maps a UserName to a name
    fromFriend('Alice', { resolveName: (userName: number) => String(userName) });
  });

  test('notFromSelf keeps the type; mentioningMe and textMatching narrow to text', () => {
    expectTypeOf(messages$.pipe(notFromSelf())).toEqualTypeOf<Observable<WxMessage>>();
    expectTypeOf(messages$.pipe(mentioningMe())).toEqualTypeOf<Observable<TextMessage>>();
    expectTypeOf(messages$.pipe(textMatching('help'))).toEqualTypeOf<Observable<Matched<TextMessage>>>();
    expectTypeOf(messages$.pipe(textMatching(/(\d+)/))).toExtend<Observable<{ readonly match: RegExpMatchArray; readonly text: string }>>();
    // @ts-expect-error a pattern is a RegExp or a string
    textMatching(1);
  });

  test('recalled pairs a recall notice with its original', () => {
    expectTypeOf(messages$.pipe(recalled())).toEqualTypeOf<Observable<Recalled>>();
    expectTypeOf<Recalled['original']>().toEqualTypeOf<Exclude<WxMessage, RecallMessage> | undefined>();
    expectTypeOf<Recalled>().toExtend<RecallMessage>();
  });
});

describe('actions', () => {
  test('reply takes content or a function of the message and emits SendResult', () => {
    expectTypeOf(messages$.pipe(filter(ofKind('text')), reply(client, (m) => m.text))).toEqualTypeOf<Observable<SendResult>>();
    expectTypeOf(messages$.pipe(reply(client, { image: new Uint8Array() }))).toEqualTypeOf<Observable<SendResult>>();
    expectTypeOf(messages$.pipe(reply(client, async () => ({ file: '/tmp/a.pdf', name: 'a.pdf' })))).toEqualTypeOf<Observable<SendResult>>();
    expectTypeOf(messages$.pipe(reply(client, () => of('a', null)))).toEqualTypeOf<Observable<SendResult>>();
    // @ts-expect-error a number is no content
    reply(client, 42);
    // @ts-expect-error image is a path, bytes or a stream
    reply(client, { image: 42 });
  });

  test('forwardTo and markRead', () => {
    expectTypeOf(messages$.pipe(forwardTo(client, (m) => (m.isGroup ? '@@a' : '@@b')))).toEqualTypeOf<Observable<SendResult>>();
    expectTypeOf(messages$.pipe(markRead(client))).toEqualTypeOf<Observable<WxMessage>>();
    const sendOnly: MessageSender = { send: () => of({ msgId: '', localId: '', chat: '' }) };
    // @ts-expect-error markRead needs a client with markRead
    markRead(sendOnly);
  });

  test('the real and the test client fit the action and bot types', () => {
    expectTypeOf<WeChatClient>().toExtend<TestClientSurface>();
    expectTypeOf<WeChatClient>().toExtend<BotClient>();
    expectTypeOf<TestClient>().toExtend<BotClient & TestClientSurface>();
    expectTypeOf(createTestClient()).toEqualTypeOf<TestClient>();
  });
});

describe('flow', () => {
  test('per-chat operators need a chat, or a key', () => {
    expectTypeOf(messages$.pipe(sequentializeByChat((m) => of(m.id)))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(of(1).pipe(sequentializeByChat((n) => [n * 2], { key: String }))).toEqualTypeOf<Observable<number>>();
    expectTypeOf(of(1).pipe(sequentializeByChat((n) => [n * 2], { key: (n) => String(n % 2) }))).toEqualTypeOf<Observable<number>>();
    expectTypeOf(of('a').pipe(rateLimit({ global: { intervalMs: 5 }, key: (s) => s }))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(of('a').pipe(dedupe({ key: (s) => s.toLowerCase() }))).toEqualTypeOf<Observable<string>>();
    // @ts-expect-error a number has no chat: pass a key
    of(1).pipe(sequentializeByChat((n: number) => [n]));
    expectTypeOf(messages$.pipe(rateLimit({ perChat: { intervalMs: 1000 } }))).toEqualTypeOf<Observable<WxMessage>>();
    // @ts-expect-error a rule needs intervalMs
    rateLimit({ global: { burst: 3 } });
    expectTypeOf(messages$.pipe(debounceByChat(500))).toEqualTypeOf<Observable<WxMessage>>();
    expectTypeOf(of('a').pipe(debounceByChat(500, { key: (s) => s }))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(messages$.pipe(dedupe({ window: 10 }))).toEqualTypeOf<Observable<WxMessage>>();
    // @ts-expect-error a string has no id: pass a key
    of('a').pipe(dedupe());
  });

  test('handlers', () => {
    expectTypeOf(messages$.pipe(handleConcurrently(4, (m) => of(m.chat)))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(messages$.pipe(errorBoundary((m) => Promise.resolve(m.time)))).toEqualTypeOf<Observable<number>>();
  });

  test('conversation asks with typed answers', () => {
    messages$.pipe(
      conversation(client, {
        start: (m) => m.kind === 'text',
        run: (dialog) => {
          expectTypeOf(dialog.first).toEqualTypeOf<WxMessage>();
          expectTypeOf(dialog.ask('Size?', { accept: ofKind('text') })).toEqualTypeOf<Observable<TextMessage | undefined>>();
          expectTypeOf(dialog.ask(null, { timeout: 1000 })).toEqualTypeOf<Observable<WxMessage | undefined>>();
          expectTypeOf(dialog.say({ text: 'ok' })).toEqualTypeOf<Observable<SendResult>>();
          // @ts-expect-error a prompt is reply content
          dialog.ask(1);
          return dialog.say('hi');
        },
      }),
    );
    expectTypeOf(messages$.pipe(conversation(client, { start: () => true, run: () => [] }))).toEqualTypeOf<Observable<WxMessage>>();
  });
});

describe('retryOnRetcode', () => {
  test('takes the retry classes, the relogin hook and how many -1s in a row a poll may retry', () => {
    const config: RetryOnRetcodeConfig = { rateLimited: { initialDelay: 5000 }, transient: { count: 3 }, reloginCount: 1, genericRetries: 3 };
    expectTypeOf(of(1).pipe(retryOnRetcode(config))).toEqualTypeOf<Observable<number>>();
    // @ts-expect-error a count, not a flag
    retryOnRetcode({ genericRetries: true });
  });
});
