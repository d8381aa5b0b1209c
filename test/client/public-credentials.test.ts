import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Subscription, tap, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { WxEvent } from '../../src/model/events.js';
import type { ContactsSnapshot } from '../../src/web/contacts/snapshot.js';
import { createKyTransport, type KyTransport } from '../../src/http/ky-transport.js';
import type { WxRequest, WxResponse } from '../../src/http/request.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { Simulator } from '../../src/testing/index.js';
import { leaksOf, serialise } from '../support/credential-scan.js';
import { clientFor, login, startFastSim } from './helpers.js';

let sim: Simulator | undefined;
let transport: KyTransport | undefined;
let subscriptions: Subscription[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const s of subscriptions) s.unsubscribe();
  subscriptions = [];
  await transport?.close();
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  transport = sim = dir = undefined;
});

/** Cookies that hold a credential (`wxloadtime`, `mm_lang` and the like do not). */
const SECRET_COOKIES = new Set(['wxuin', 'wxsid', 'webwx_data_ticket', 'webwx_auth_ticket', 'webwxuvid']);
const SECRET_QUERY = ['skey', 'sid', 'uin', 'pass_ticket', 'ticket', 'deviceid'];
const SECRET_XML = /<(skey|wxsid|wxuin|pass_ticket)>([^<]+)<\/\1>/g;

/**
 * Every credential the client and the server exchanged, read off the wire: the login page's values, the query
 * credentials and `BaseRequest` of each call, every later `SKey`, and the credential cookies.
 */
class CredentialRecorder {
  readonly secrets = new Set<string>();

  wrap(inner: KyTransport) {
    return {
      request: (req: WxRequest) => {
        this.fromRequest(req);
        return inner.request(req).pipe(tap((res) => this.fromResponse(res)));
      },
    };
  }

  private add(value: unknown): void {
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).length < 6) return;
    this.secrets.add(String(value));
    if (typeof value === 'string' && value.includes('%')) this.secrets.add(decodeURIComponent(value));
  }

  private fromRequest(req: WxRequest): void {
    const url = new URL(req.url);
    for (const name of SECRET_QUERY) this.add(url.searchParams.get(name));
    const base = (req.json as { BaseRequest?: Record<string, unknown> } | undefined)?.BaseRequest;
    for (const key of ['Uin', 'Sid', 'Skey', 'DeviceID']) this.add(base?.[key]);
    for (const [name, value] of req.form ?? []) if (['pass_ticket', 'webwx_data_ticket'].includes(name)) this.add(value);
  }

  private fromResponse(res: WxResponse): void {
    for (const [, , value] of res.text.matchAll(SECRET_XML)) this.add(value);
    const skey = /"SKey":\s*"([^"]+)"/.exec(res.text)?.[1];
    this.add(skey);
    const cookies = res.headers['set-cookie'];
    for (const line of Array.isArray(cookies) ? cookies : []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (SECRET_COOKIES.has(pair.slice(0, eq).trim())) this.add(pair.slice(eq + 1).trim());
    }
  }
}

const contactsOf = (snapshot: ContactsSnapshot) => ({ self: snapshot.self, all: snapshot.all(), version: snapshot.version });

/** Everything the public streams emit, kept as emitted. */
function record(client: WeChatClient): unknown[] {
  const emitted: unknown[] = [];
  subscriptions.push(
    client.state$.subscribe((state) => emitted.push(state)),
    client.events$.subscribe((event) => emitted.push(event)),
    client.messages$.subscribe((message) => emitted.push(message)),
    client.contacts$.subscribe((snapshot) => emitted.push(contactsOf(snapshot))),
  );
  return emitted;
}

function nextEvent<T extends WxEvent['type']>(client: WeChatClient, type: T, where: (event: Extract<WxEvent, { type: T }>) => boolean = () => true) {
  return firstValueFrom(
    client.events$.pipe(
      filter((event): event is Extract<WxEvent, { type: T }> => event.type === type && where(event as Extract<WxEvent, { type: T }>)),
      timeout(10_000),
    ),
  );
}

const text = (client: WeChatClient, body: string) =>
  firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text' && m.text === body), timeout(10_000)));

describe('public objects carry no credential', () => {
  it('through a whole session with faults: login, messages, contact changes, a send, downloads, a relogin, close', async () => {
    sim = await startFastSim();
    const recorder = new CredentialRecorder();
    transport = createKyTransport();
    const client = clientFor(sim, { transport: recorder.wrap(transport), store: new MemorySessionStore(), contactBatchRate: false });
    const emitted = record(client);
    emitted.push(...(await login(client)), client.user);

    const world = sim.world();
    const alice = world.friends()[0]!;
    const group = world.groups()[0]!;
    const member = group.members.find((m) => world.person(m.id)?.isFriend === false)!;
    const image = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'image'), timeout(10_000)));
    const inGroup = text(client, 'hello group');
    sim.inject({ from: alice.id, text: 'hello' });
    sim.inject({ from: alice.id, kind: 'image', size: 4096 });
    sim.inject({ from: member.id, group: group.id, text: 'hello group' });
    sim.inject({ kind: 'friend-request', from: world.strangers()[0]!.id });
    sim.inject({ from: alice.id, kind: 'card', card: world.friends()[1]!.id });
    await inGroup;
    emitted.push(await lastValueFrom(client.contacts.members(client.contacts.find(group.topic)!)));

    const added = nextEvent(client, 'contact-added');
    const modified = nextEvent(client, 'contact-modified', (e) => e.contact.nickName === 'Alicia');
    const membersChanged = nextEvent(client, 'group-members-changed');
    const removed = nextEvent(client, 'contact-removed');
    sim.contacts.add({ nickName: 'Newcomer' });
    sim.contacts.modify({ contact: alice.id, nickName: 'Alicia', avatarChanged: true });
    sim.groups.addMember({ group: group.id, displayName: 'Late joiner' });
    sim.contacts.remove({ contact: 'Bob' });
    await Promise.all([added, modified, membersChanged, removed]);

    const aliceContact = client.contacts.find('Alicia')!;
    emitted.push(await lastValueFrom(client.send(aliceContact.userName, 'thanks')));
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-public-'));
    const avatar = await lastValueFrom(client.download(aliceContact, { to: dir }));
    expect(avatar).toMatchObject({ type: 'saved' });
    expect(avatar.type === 'saved' && avatar.size).toBeGreaterThan(0);
    emitted.push(avatar, await lastValueFrom(client.download(await image, { to: dir })));

    sim.fault({ endpoint: 'synccheck', kind: 'http', value: 503, times: 1 });
    const network = nextEvent(client, 'network-problem');
    await network;
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: 1205, times: 1 });
    sim.fault({ endpoint: 'webwxsync', kind: 'garbage', times: 1 });
    const decodeProblem = nextEvent(client, 'decode-problem');
    const afterFaults = text(client, 'after faults');
    sim.inject({ from: alice.id, text: 'after faults' });
    await Promise.all([decodeProblem, afterFaults]);

    const ended = nextEvent(client, 'session-ended');
    sim.phone.kick({ code: 1101 });
    await ended;
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'reconnecting'), timeout(10_000)));
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(10_000)));
    emitted.push(client.user);
    const afterRelogin = text(client, 'after relogin');
    sim.inject({ from: world.friends()[2]!.id, text: 'after relogin' });
    await afterRelogin;
    emitted.push(client.user);
    await lastValueFrom(client.close(), { defaultValue: undefined });

    const published = serialise(emitted);
    const secrets = [...recorder.secrets];
    // The scan saw the credentials of both logins and the objects that used to leak them.
    expect(new Set(secrets.filter((s) => s.startsWith('@crypt_'))).size).toBeGreaterThanOrEqual(4);
    expect(secrets).toContain(String(world.self.uin));
    expect(published).toContain('"HeadImgUrl":"/cgi-bin/mmwebwx-bin/webwxgeticon?');
    expect(published).toContain('"OwnerUin"');
    for (const kind of ['image', 'friend-request', 'card', 'network-problem', 'decode-problem', 'session-ended', 'reconnecting', 'logged-in']) {
      expect(published).toContain(`"${kind}"`);
    }
    expect(secrets.flatMap((secret) => leaksOf(published, secret))).toEqual([]);
  }, 40_000);
});
