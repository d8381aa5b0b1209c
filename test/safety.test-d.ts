import { describe, expectTypeOf, test } from 'vitest';
import {
  type ClientOptions,
  type ClientState,
  type Endpoint,
  isClientClosedError,
  isInvalidArgumentError,
  isMediaSourceError,
  isOriginNotAllowedError,
  isSessionLockedError,
  isUnknownChatError,
  type LogoutReason,
  type RetryNotice,
  type SessionHolder,
  type SessionLock,
  SessionLockedError,
  type SessionStore,
  SessionStoreError,
  type WxEvent,
  parseWireJson,
} from '../src/index.js';

describe('safe by default: options', () => {
  test('server accepts undefined (an unset environment variable means the WeChat hosts)', () => {
    expectTypeOf<{ server: string | undefined }>().toMatchTypeOf<ClientOptions>();
    // @ts-expect-error a server is a URL string
    const wrong: ClientOptions = { server: 8080 };
    void wrong;
  });

  test('onBadSession and backlogMs', () => {
    expectTypeOf<ClientOptions['onBadSession']>().toEqualTypeOf<'fail' | 'login' | undefined>();
    expectTypeOf<ClientOptions['backlogMs']>().toEqualTypeOf<number | undefined>();
  });
});

describe('safe by default: stores', () => {
  test('lock is optional, so stores written before it still fit', () => {
    expectTypeOf<{ load(): Promise<undefined>; save(): Promise<void>; clear(): Promise<void> }>().toMatchTypeOf<SessionStore>();
    expectTypeOf<NonNullable<SessionStore['lock']>>().returns.toEqualTypeOf<Promise<SessionLock>>();
  });

  test('errors name the path and the holder', () => {
    expectTypeOf<SessionStoreError['path']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SessionLockedError['holder']>().toEqualTypeOf<SessionHolder>();
    expectTypeOf<SessionHolder>().toEqualTypeOf<{ readonly pid: number; readonly hostname: string; readonly since: number }>();
  });
});

describe('safe by default: events and states', () => {
  test('rate-limited and store-problem events', () => {
    expectTypeOf<Extract<WxEvent, { type: 'rate-limited' }>>().toEqualTypeOf<{
      readonly type: 'rate-limited';
      readonly endpoint: Endpoint;
      readonly delayMs: number;
      readonly until: number;
    }>();
    expectTypeOf<Extract<WxEvent, { type: 'store-problem' }>['error']>().toEqualTypeOf<SessionStoreError>();
  });

  test('a cancelled login is a logged-out reason', () => {
    expectTypeOf<{ readonly type: 'cancelled' }>().toMatchTypeOf<LogoutReason>();
    expectTypeOf<{ readonly status: 'logged-out'; readonly reason: { readonly type: 'cancelled' } }>().toMatchTypeOf<ClientState>();
  });

  test('retry notices', () => {
    expectTypeOf<RetryNotice['outcome']>().toEqualTypeOf<'rate-limited' | 'transient'>();
  });
});

describe('safe by default: guards narrow', () => {
  test('each new error has a guard', () => {
    const value: unknown = undefined;
    if (isSessionLockedError(value)) expectTypeOf(value.holder.pid).toEqualTypeOf<number>();
    if (isClientClosedError(value)) expectTypeOf(value.endedBy).toEqualTypeOf<'logout' | 'close'>();
    if (isInvalidArgumentError(value)) expectTypeOf(value.argument).toEqualTypeOf<string>();
    if (isUnknownChatError(value)) expectTypeOf(value.chat).toEqualTypeOf<string>();
    if (isMediaSourceError(value)) expectTypeOf(value.path).toEqualTypeOf<string>();
    if (isOriginNotAllowedError(value)) expectTypeOf(value.origin).toEqualTypeOf<string>();
  });

  test('parseWireJson takes the text and an optional endpoint', () => {
    expectTypeOf(parseWireJson).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(parseWireJson('{}')).toEqualTypeOf<unknown>();
  });
});
