import type { Observable } from 'rxjs';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type Contact,
  type ContactsSnapshot,
  createClient,
  createUndiciTransport,
  type CookieJarJSON,
  type DownloadEvent,
  type GroupMember,
  isFileExistsError,
  isMediaUnavailableError,
  isUploadError,
  type MediaSendResult,
  type MessageSender,
  type SendResult,
  type UploadEvent,
  type WxEvent,
  type WxMessage,
  FileExistsError,
  MediaUnavailableError,
  UploadError,
  WxCookieJar,
} from '../src/index.js';

const client = createClient();

describe('media', () => {
  test('upload emits progress, then the MediaId', () => {
    expectTypeOf(client.upload('a.png')).toEqualTypeOf<Observable<UploadEvent>>();
    expectTypeOf<Extract<UploadEvent, { type: 'progress' }>>().toEqualTypeOf<{ readonly type: 'progress'; readonly loaded: number; readonly total: number }>();
    expectTypeOf<Extract<UploadEvent, { type: 'uploaded' }>['mediaId']>().toEqualTypeOf<string>();
  });

  test('sends take a path, bytes or a stream and answer a SendResult with the MediaId', () => {
    expectTypeOf(client.sendFile('filehelper', 'a.pdf', { name: 'b.pdf' })).toEqualTypeOf<Observable<MediaSendResult>>();
    expectTypeOf(client.sendImage('filehelper', new Uint8Array())).toEqualTypeOf<Observable<MediaSendResult>>();
    expectTypeOf(client.sendVideo('filehelper', process.stdin)).toEqualTypeOf<Observable<MediaSendResult>>();
    expectTypeOf(client.sendEmoticon('filehelper', { md5: 'x' })).toEqualTypeOf<Observable<MediaSendResult>>();
    expectTypeOf<MediaSendResult>().toMatchTypeOf<SendResult>();
    // @ts-expect-error a number is no media source
    void client.sendFile('filehelper', 42);
  });

  test('the client is a MessageSender for the bot operators', () => {
    expectTypeOf(client).toMatchTypeOf<MessageSender>();
    expectTypeOf(client).toMatchTypeOf<Required<MessageSender>>();
  });

  test('download takes media messages, contacts and members, and emits a discriminated union', () => {
    expectTypeOf(client.download).parameter(0).toMatchTypeOf<unknown>();
    expectTypeOf<Extract<DownloadEvent, { type: 'saved' }>['path']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<DownloadEvent, { type: 'stream' }>['stream']>().toEqualTypeOf<import('node:stream').Readable>();
    const member = {} as GroupMember;
    const contact = {} as Contact;
    expectTypeOf(client.download(member, { to: '/tmp' })).toEqualTypeOf<Observable<DownloadEvent>>();
    expectTypeOf(client.download(contact)).toEqualTypeOf<Observable<DownloadEvent>>();
    const text = {} as Extract<WxMessage, { kind: 'text' }>;
    // @ts-expect-error a text message has nothing to download
    void client.download(text);
  });

  test('revoke takes what a send answered', () => {
    expectTypeOf(client.revoke).parameter(0).toEqualTypeOf<SendResult>();
    expectTypeOf(client.revoke({ msgId: '1', localId: '2', chat: 'filehelper' })).toEqualTypeOf<Observable<void>>();
  });
});

describe('contacts', () => {
  test('contacts$ is a state stream of snapshots with lookups', () => {
    expectTypeOf(client.contacts$).toEqualTypeOf<Observable<ContactsSnapshot>>();
    expectTypeOf(client.contacts.find('Alice')).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(client.contacts.find({ nickName: /^Al/, kind: ['friend', 'stranger'] })).toEqualTypeOf<Contact | undefined>();
    expectTypeOf(client.contacts.search('al')).toEqualTypeOf<readonly Contact[]>();
    expectTypeOf(client.contacts.members('@@g')).toEqualTypeOf<Observable<readonly GroupMember[]>>();
    expectTypeOf<Contact['kind']>().toEqualTypeOf<'friend' | 'group' | 'official' | 'special' | 'stranger'>();
    expectTypeOf<Contact['raw']['UserName']>().toEqualTypeOf<string>();
    // @ts-expect-error an unknown kind
    void client.contacts.find({ kind: 'bot' });
  });

  test('contact events carry Contact objects; messages carry optional names', () => {
    expectTypeOf<Extract<WxEvent, { type: 'contact-modified' }>['previous']>().toEqualTypeOf<Contact>();
    expectTypeOf<Extract<WxEvent, { type: 'group-members-changed' }>['members']>().toEqualTypeOf<readonly GroupMember[]>();
    expectTypeOf<WxMessage['senderName']>().toEqualTypeOf<string | undefined>();
  });
});

describe('account operations and errors', () => {
  test('each answers one typed value', () => {
    expectTypeOf(client.setRemark('@a', 'x')).toEqualTypeOf<Observable<void>>();
    expectTypeOf(client.createGroup(['@a', '@b'], 'team')).toEqualTypeOf<Observable<string>>();
    expectTypeOf(client.addMembers('@@g', ['@a'])).toEqualTypeOf<Observable<'added' | 'invited'>>();
  });

  test('media guards narrow', () => {
    const error: unknown = undefined;
    if (isUploadError(error)) expectTypeOf(error).toEqualTypeOf<UploadError>();
    if (isFileExistsError(error)) expectTypeOf(error.path).toEqualTypeOf<string>();
    if (isMediaUnavailableError(error)) expectTypeOf(error).toEqualTypeOf<MediaUnavailableError>();
    expectTypeOf<FileExistsError>().toMatchTypeOf<Error>();
  });
});

describe('a transport of your own', () => {
  test('its jar is the one the session uses: saved as JSON, restored from it', () => {
    const transport = createUndiciTransport();
    expectTypeOf(createClient({ transport })).toEqualTypeOf(client);
    expectTypeOf(transport.jar).toEqualTypeOf<WxCookieJar>();
    expectTypeOf(transport.jar.serialize()).toEqualTypeOf<CookieJarJSON>();
    expectTypeOf(transport.jar.restore).parameter(0).toEqualTypeOf<CookieJarJSON | string>();
    expectTypeOf(transport.jar.restore('{}')).toEqualTypeOf<boolean>();
  });
});
