import { filter, type Observable, of } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { WebEndpoint } from '../src/web/client/index.js';
import {
  type ClientOptions,
  classifyRetcode,
  parseWireJson,
  type Endpoint,
  isFile,
  isKind,
  isText,
  type FileMessage,
  type MessageOfKind,
  type RecallMessage,
  type RetcodeClass,
  type TextMessage,
  type WxMessage,
} from '../src/index.js';

describe('message types', () => {
  it('guards narrow inside RxJS filter', () => {
    expectTypeOf(of<WxMessage>().pipe(filter(isText))).toEqualTypeOf<Observable<TextMessage>>();
    expectTypeOf(of<WxMessage>().pipe(filter(isFile))).toEqualTypeOf<Observable<FileMessage>>();
    expectTypeOf(of<WxMessage>().pipe(filter(isKind('recall')))).toEqualTypeOf<Observable<RecallMessage>>();
  });

  it('a kind selects its message type', () => {
    expectTypeOf<MessageOfKind<'text'>>().toEqualTypeOf<TextMessage>();
    expectTypeOf<TextMessage['id']>().toEqualTypeOf<string>();
    // @ts-expect-error 'txt' is no message kind
    isKind('txt');
  });

  it('ids are strings, never numbers', () => {
    expectTypeOf<WxMessage['id']>().toEqualTypeOf<string>();
    expectTypeOf<WxMessage['raw']['MsgId']>().toEqualTypeOf<string>();
  });

  it('classifyRetcode takes both wire forms', () => {
    expectTypeOf(classifyRetcode).parameter(0).toEqualTypeOf<number | string>();
    expectTypeOf(classifyRetcode(1101)).toEqualTypeOf<RetcodeClass>();
  });

  it('parseWireJson needs only the text', () => {
    expectTypeOf(parseWireJson).toEqualTypeOf<(text: string, endpoint?: Endpoint) => unknown>();
  });

  it("the Web client's endpoint names are a closed union, and timeouts are keyed by them", () => {
    expectTypeOf<'webwxsendmsg' | 'synccheck' | 'webwxuploadmedia'>().toMatchTypeOf<WebEndpoint>();
    expectTypeOf<'webwxsendmsgs'>().not.toMatchTypeOf<WebEndpoint>();
    expectTypeOf<WebEndpoint>().toMatchTypeOf<Endpoint>();
    expectTypeOf<{ timeouts: { synccheck: 60_000; webwxuploadmedia: undefined } }>().toMatchTypeOf<ClientOptions>();
    // @ts-expect-error a misspelt endpoint
    const wrong: ClientOptions = { timeouts: { webwxsnyc: 1000 } };
    void wrong;
  });
});
