import type { Readable } from 'node:stream';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, test } from 'vitest';
import type { BotClient, MessageSender, SendResult, SessionStore, SavedSession, WxEvent, WxMessage } from '../../src/index.js';
import {
  connectIlink,
  type IlinkClient,
  type IlinkClientState,
  type IlinkDownload,
  type IlinkDownloadSaved,
  type IlinkEvent,
  type IlinkLoginStep,
  type IlinkMediaSendResult,
  type IlinkMessage,
  type IlinkSavedSession,
  type IlinkSendResult,
  ilinkMemoryStore,
  isSendRefusedError,
  SendRefusedError,
} from '../../src/ilink/index.js';

const client = connectIlink({ server: 'http://127.0.0.1:1', store: 'session.json', botAgent: 'MyBot/1.0' });

describe('wechat-rx/ilink', () => {
  test('connectIlink takes the contract options and returns an IlinkClient', () => {
    expectTypeOf(client).toEqualTypeOf<IlinkClient>();
    expectTypeOf<{ server: string; store: string; botAgent: string }>().toMatchTypeOf<NonNullable<Parameters<typeof connectIlink>[0]>>();
    expectTypeOf(connectIlink({ store: ilinkMemoryStore() })).toEqualTypeOf<IlinkClient>();
    // @ts-expect-error a Web session store holds another kind of session
    connectIlink({ store: {} as SessionStore<SavedSession> });
    expectTypeOf(ilinkMemoryStore()).toEqualTypeOf<SessionStore<IlinkSavedSession>>();
  });

  test('login$ steps are a union on type: the QR carries its URL, the pair code its submit', () => {
    expectTypeOf(client.login$).toEqualTypeOf<Observable<IlinkLoginStep>>();
    expectTypeOf<Extract<IlinkLoginStep, { type: 'qr' }>['qrUrl']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<IlinkLoginStep, { type: 'verify-code' }>['submit']>().toEqualTypeOf<(code: string) => void>();
    expectTypeOf<Extract<IlinkLoginStep, { type: 'logged-in' }>['resumed']>().toEqualTypeOf<boolean>();
    expectTypeOf(client.state$).toEqualTypeOf<Observable<IlinkClientState>>();
  });

  test('messages are the shared model with an iLink origin, events the shared events that iLink has', () => {
    expectTypeOf(client.messages$).toEqualTypeOf<Observable<IlinkMessage>>();
    expectTypeOf<IlinkMessage>().toMatchTypeOf<WxMessage>();
    expectTypeOf<IlinkMessage['ilink']['messageId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(client.events$).toEqualTypeOf<Observable<IlinkEvent>>();
    expectTypeOf<Exclude<IlinkEvent, { type: 'retcode-problem' }>>().toMatchTypeOf<WxEvent>();
  });

  test('the client is a BotClient, so operators and examples run on it', () => {
    expectTypeOf(client).toMatchTypeOf<BotClient>();
    expectTypeOf(client).toMatchTypeOf<MessageSender>();
    expectTypeOf(client.send('u@im.wechat', 'hi')).toEqualTypeOf<Observable<IlinkSendResult>>();
    expectTypeOf<IlinkSendResult>().toMatchTypeOf<SendResult>();
    expectTypeOf<IlinkSendResult['confirmed']>().toEqualTypeOf<boolean>();
    expectTypeOf<SendResult['confirmed']>().toEqualTypeOf<boolean | undefined>();
  });

  test('media sends take a path, bytes or a stream; download gives a file or a Readable', () => {
    expectTypeOf(client.sendImage('u', 'a.png')).toEqualTypeOf<Observable<IlinkMediaSendResult>>();
    expectTypeOf(client.sendFile('u', new Uint8Array(), { name: 'a.pdf' })).toEqualTypeOf<Observable<IlinkMediaSendResult>>();
    expectTypeOf(client.sendVideo('u', process.stdin)).toEqualTypeOf<Observable<IlinkMediaSendResult>>();
    // @ts-expect-error a number is no media source
    void client.sendImage('u', 42);
    const image = {} as Extract<IlinkMessage, { kind: 'image' }>;
    expectTypeOf(client.download(image, { to: '/tmp' })).toEqualTypeOf<Observable<IlinkDownloadSaved>>();
    expectTypeOf(client.download(image)).toEqualTypeOf<Observable<IlinkDownload>>();
    expectTypeOf<Extract<IlinkDownload, { type: 'stream' }>['stream']>().toEqualTypeOf<Readable>();
    const text = {} as Extract<IlinkMessage, { kind: 'text' }>;
    // @ts-expect-error a text has nothing to download
    void client.download(text);
    expectTypeOf(client.typing('u', true)).toEqualTypeOf<Observable<void>>();
  });

  test('errors come with guards', () => {
    const error: unknown = undefined;
    if (isSendRefusedError(error)) expectTypeOf(error).toEqualTypeOf<SendRefusedError>();
    expectTypeOf<SendRefusedError['peer']>().toEqualTypeOf<string>();
  });
});
