import { filter, type Observable, of } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import {
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
});
