import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Subscription, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyTransport, type KyTransport } from '../../src/http/ky-transport.js';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { leaksOf, serialise } from '../support/credential-scan.js';
import { capturingLogger, CredentialRecorder } from './credential-recorder.js';
import { ilinkClientFor, nextEvent, qrLogin, startFastIlinkSim } from './helpers.js';

let sim: IlinkSimulator | undefined;
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

function record(client: IlinkClient, emitted: unknown[]): void {
  subscriptions.push(
    client.state$.subscribe((state) => emitted.push(state)),
    client.events$.subscribe((event) => emitted.push(event)),
    client.messages$.subscribe((message) => emitted.push(message)),
  );
}

const messageOf = (client: IlinkClient, kind: IlinkMessage['kind']) => firstValueFrom(client.messages$.pipe(filter((m) => m.kind === kind), timeout(10_000)));

describe('public objects of the iLink client carry no credential', () => {
  it('through a whole session with faults: login, messages, sends, media, typing, refusals, a dead token, a new login, close', async () => {
    sim = await startFastIlinkSim({ fullUrl: true, uploadUrlAnswer: 'both', contextTokenLifetimeMs: 3_000 });
    const recorder = new CredentialRecorder();
    transport = createKyTransport();
    const emitted: unknown[] = [];
    const logs: unknown[] = [];
    const store = ilinkMemoryStore();
    const client = ilinkClientFor(sim, { transport: recorder.wrap(transport), store, logger: capturingLogger(logs) });
    record(client, emitted);
    emitted.push(...(await qrLogin(client, sim)));

    const peer = sim.userId(1);
    const image = messageOf(client, 'image');
    const file = messageOf(client, 'file');
    sim.inject({ kind: 'text', from: peer, text: 'hello' });
    sim.inject({ kind: 'image', from: peer, data: 'image bytes', hexKey: true });
    sim.inject({ kind: 'file', from: peer, data: 'file bytes', fileName: 'a.txt' });
    sim.inject({ kind: 'voice', from: peer, data: 'voice', transcript: 'words' });
    sim.inject({ kind: 'quote', from: peer, text: 'quoting', quotedText: 'original' });
    sim.inject({ kind: 'unknown', from: peer, itemType: 77, item: { future_item: { aes_key: 'c2VjcmV0LWtleS1iYXNlNjQ=' } } });
    const [imageMessage, fileMessage] = await Promise.all([image, file]);

    emitted.push(await lastValueFrom(client.send(peer, 'thanks')));
    emitted.push(await lastValueFrom(client.sendImage(peer, Buffer.from('a picture'))));
    emitted.push(await lastValueFrom(client.sendFile(peer, Buffer.from('a file'), { name: 'b.txt' })));
    await lastValueFrom(client.typing(peer, true), { defaultValue: undefined });
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-public-'));
    emitted.push(await lastValueFrom(client.download(imageMessage as Extract<IlinkMessage, { kind: 'image' }>, { to: dir })));
    emitted.push(await lastValueFrom(client.download(fileMessage as Extract<IlinkMessage, { kind: 'file' }>, { to: dir })));

    emitted.push(await lastValueFrom(client.send(sim.userId(3), 'never wrote')).catch((e: unknown) => e));
    sim.fault({ endpoint: 'sendmessage', kind: 'retcode', value: -2, errmsg: 'prepare failed' });
    emitted.push(await lastValueFrom(client.send(peer, 'refused')).catch((e: unknown) => e));
    sim.fault({ endpoint: 'getuploadurl', kind: 'garbage' });
    emitted.push(await lastValueFrom(client.sendImage(peer, Buffer.from('x'))).catch((e: unknown) => e));

    const network = nextEvent(client, 'network-problem');
    sim.fault({ endpoint: 'getupdates', kind: 'http', value: 524 });
    await network;
    const decodeProblem = nextEvent(client, 'decode-problem');
    sim.fault({ endpoint: 'getupdates', kind: 'garbage' });
    await decodeProblem;
    const retcodeProblem = nextEvent(client, 'retcode-problem');
    sim.fault({ endpoint: 'getupdates', kind: 'retcode', value: -1 });
    await retcodeProblem;

    const ended = nextEvent(client, 'session-ended');
    sim.killToken();
    await ended;
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'logged-out'), timeout(10_000)));
    emitted.push(...(await qrLogin(client, sim)));
    const after = messageOf(client, 'text');
    sim.inject({ kind: 'text', from: peer, text: 'after the new login' });
    await after;
    await lastValueFrom(client.close(), { defaultValue: undefined });

    const published = serialise({ emitted, logs });
    const secrets = [...recorder.secrets];
    // The scan saw both bot tokens, context tokens, keys and CDN parameters.
    expect(secrets.length).toBeGreaterThan(20);
    for (const kind of ['image', 'file', 'voice', 'quote', 'unknown', 'network-problem', 'decode-problem', 'retcode-problem', 'session-ended', 'MissingContextTokenError', 'SendRefusedError', 'DecodeError', 'logged-in']) {
      expect(published).toContain(`"${kind}"`);
    }
    expect(secrets.flatMap((secret) => leaksOf(published, secret))).toEqual([]);
  }, 40_000);
});
