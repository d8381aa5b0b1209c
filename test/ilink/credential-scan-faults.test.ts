/**
 * The credential scan over an iLink run with a fault on every endpoint: what the client shows — login
 * steps, states, events, messages, results, every error with its causes, every log line — carries none of the
 * credentials that crossed the wire (bot tokens, context tokens, typing tickets, AES keys, upload and download
 * parameters, CDN URLs). public-credentials.test.ts scans the happy path; this one the failures, whose errors are
 * where URLs and bodies leak first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Observable, type Subscription, tap, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyTransport, type KyTransport } from '../../src/http/ky-transport.js';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkEndpoint, IlinkFaultSpec, IlinkSimulator } from '../../src/testing/index.js';
import { leaksOf, serialise } from '../support/credential-scan.js';
import { capturingLogger, CredentialRecorder } from './credential-recorder.js';
import { ilinkClientFor, nextEvent, qrLogin, startFastIlinkSim } from './helpers.js';

let sim: IlinkSimulator | undefined;
let transport: KyTransport | undefined;
let dir: string | undefined;
const subscriptions: Subscription[] = [];
afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await transport?.close();
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  transport = sim = dir = undefined;
});

type Fault = Omit<IlinkFaultSpec, 'endpoint'>;
const RESET: Fault = { kind: 'reset' };
const HTTP_500: Fault = { kind: 'http', value: 500 };
const GARBAGE: Fault = { kind: 'garbage' };
const PAST_TIMEOUT: Fault = { kind: 'delay', value: 800 };
const TIMEOUT_MS = 300;

const messageOf = <K extends IlinkMessage['kind']>(client: IlinkClient, kind: K) =>
  firstValueFrom(client.messages$.pipe(filter((m): m is Extract<IlinkMessage, { kind: K }> => m.kind === kind), timeout(10_000)));

describe('the credential scan of an iLink run with faults', () => {
  it('finds no credential in anything the client showed: faults on every endpoint, media both ways, -14, a new login, a resume', async () => {
    sim = await startFastIlinkSim({ uploadUrlAnswer: 'both', updatesHoldMs: 100, qrHoldMs: 50 });
    const server = sim;
    const recorder = new CredentialRecorder();
    transport = createKyTransport();
    const emitted: unknown[] = [];
    const logs: unknown[] = [];
    const store = ilinkMemoryStore();
    const short = { sendmessage: TIMEOUT_MS, getuploadurl: TIMEOUT_MS, getconfig: TIMEOUT_MS, sendtyping: TIMEOUT_MS, notifystart: TIMEOUT_MS };
    const options = { transport: recorder.wrap(transport), store, logger: capturingLogger(logs), timeouts: short };
    /** Runs `work` with `faults` scripted on `endpoint`, one request each; keeps what it gave or threw. */
    const faulted = async (endpoint: IlinkEndpoint, faults: readonly Fault[], work: () => Observable<unknown>): Promise<void> => {
      for (const fault of faults) {
        server.fault({ endpoint, ...fault });
        emitted.push(await lastValueFrom(work(), { defaultValue: 'done' }).catch((error: unknown) => error));
      }
    };
    const watch = (client: IlinkClient) =>
      subscriptions.push(
        client.state$.subscribe((state) => emitted.push(state)),
        client.events$.subscribe((event) => emitted.push(event)),
      );

    const client = ilinkClientFor(server, options);
    watch(client);
    server.fault({ endpoint: 'get_bot_qrcode', ...RESET });
    server.fault({ endpoint: 'get_qrcode_status', ...GARBAGE, times: 2 });
    emitted.push(...(await qrLogin(client, server)));

    const peer = server.userId(1);
    const [image, file] = [messageOf(client, 'image'), messageOf(client, 'file')];
    server.inject({ kind: 'text', from: peer, text: 'hello' });
    server.inject({ kind: 'image', from: peer, data: 'image bytes', hexKey: true, fullUrl: true });
    server.inject({ kind: 'file', from: peer, data: 'file bytes', fileName: 'a.txt' });
    const [imageMessage, fileMessage] = await Promise.all([image, file]);
    emitted.push(imageMessage, fileMessage);

    await faulted('sendmessage', [RESET, HTTP_500, GARBAGE, PAST_TIMEOUT, { kind: 'retcode', value: -2 }], () => client.send(peer, 'a reply'));
    const sendFile = () => client.sendFile(peer, Buffer.from('a file body'), { name: 'b.txt' });
    await faulted('getuploadurl', [RESET, GARBAGE, PAST_TIMEOUT, { kind: 'retcode', value: -1 }], sendFile);
    await faulted('upload', [{ kind: 'reset', times: 3 }, { kind: 'http', value: 500, times: 3 }, { kind: 'http', value: 400 }, GARBAGE], sendFile);
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-scan-'));
    let copies = 0;
    const download = (message: IlinkMessage & { kind: 'image' | 'file' }) => () => client.download(message, { to: join(dir!, `copy-${++copies}`) });
    await faulted('download', [RESET, HTTP_500, GARBAGE], download(imageMessage));
    await faulted('download', [RESET, HTTP_500, GARBAGE], download(fileMessage));
    const typing = () => client.typing(peer, true);
    await faulted('getconfig', [RESET, GARBAGE, PAST_TIMEOUT, { kind: 'retcode', value: -1 }], typing);
    await faulted('sendtyping', [HTTP_500, GARBAGE, { kind: 'retcode', value: -1 }], typing);

    for (const [fault, event] of [
      [RESET, 'network-problem'],
      [GARBAGE, 'decode-problem'],
      [{ kind: 'retcode', value: -1 }, 'retcode-problem'],
    ] as const) {
      const seen = nextEvent(client, event);
      server.fault({ endpoint: 'getupdates', ...fault });
      server.inject({ kind: 'text', from: peer, text: 'wake the poll' });
      await seen;
    }

    // -14 to a send ends the session as -14 to a poll does; each is followed by a new login.
    const loggedOut = () => firstValueFrom(client.state$.pipe(filter((s) => s.status === 'logged-out'), timeout(10_000)));
    await faulted('sendmessage', [{ kind: 'retcode', value: -14, field: 'errcode' }], () => client.send(peer, 'a reply'));
    await loggedOut();
    emitted.push(...(await qrLogin(client, server)));
    const ended = nextEvent(client, 'session-ended');
    server.killToken();
    await ended;
    await loggedOut();
    emitted.push(...(await qrLogin(client, server)));
    const after = messageOf(client, 'text');
    server.inject({ kind: 'text', from: peer, text: 'after the new login' });
    emitted.push(await after);
    server.fault({ endpoint: 'notifystop', ...RESET });
    await lastValueFrom(client.close(), { defaultValue: undefined });

    // A resume whose notifystart fails, then a logout.
    const resumed = ilinkClientFor(server, options);
    watch(resumed);
    server.fault({ endpoint: 'notifystart', ...RESET });
    emitted.push(await lastValueFrom(resumed.login$.pipe(tap((step) => emitted.push(step)))));
    await lastValueFrom(resumed.logout(), { defaultValue: undefined });

    const published = serialise({ emitted, logs });
    const secrets = [...recorder.secrets];
    // The scan saw both bot tokens, context tokens, keys, tickets and CDN parameters, and the run reached every failure.
    expect(secrets.length).toBeGreaterThan(20);
    for (const name of ['NetworkError', 'TimeoutError', 'DecodeError', 'SendRefusedError', 'SessionEndedError', 'IlinkRetcodeError', 'CdnError', 'network-problem', 'decode-problem', 'retcode-problem', 'session-ended', 'cdn/upload', 'cdn/download']) {
      expect(published).toContain(`"${name}"`);
    }
    expect(logs.length).toBeGreaterThan(20);
    expect(secrets.flatMap((secret) => leaksOf(published, secret))).toEqual([]);
  }, 20_000);
});
