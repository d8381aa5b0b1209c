/**
 * One iLink benchmark client in a process of its own, draining the bot given as a JSON argument
 * (`{kind, origin, bot}`) from the simulator at `origin`; CPU (`process.cpuUsage`) is this process's alone.
 *
 * Kinds: `rx-undici` (`connectIlink` from `dist/` as a user gets it: its default undici transport) and `rx-ky` (the
 * same with `createKyTransport()`, over Node's fetch), both resumed from a saved session in a memory store and
 * subscribed to `messages$`; and the bare clients `bare-fetch`, `bare-undici` (undici `request`) and `bare-ky`: a
 * `getupdates` loop that POSTs the cursor with the protocol's headers, `JSON.parse`s the answer, keeps the new
 * cursor and counts the messages, nothing else.
 *
 * Prints `ready` once online. Commands: `{"cmd":"arm","count":n}` resets the counters and answers `armed`; once n
 * messages have arrived it prints `done` with the CPU used since `arm`. `{"cmd":"exit"}` (or stdin closing) closes
 * the client and exits.
 */
import { createInterface } from 'node:readline';
import ky from 'ky';
import { lastValueFrom, timeout } from 'rxjs';
import { Agent, request } from 'undici';
import type { IlinkBotCredentials } from '../src/testing/index.js';
import { built } from './built.js';
import { BARE_BASE_INFO, bareHeaders, savedSessionOf } from './ilink-bot.js';
import { epochMs } from './procs.js';

const { connectIlink, ilinkMemoryStore } = await built<typeof import('../src/ilink/index.js')>('ilink/index.js');
const { createKyTransport } = await built<typeof import('../src/index.js')>('index.js');

export type IlinkClientKind = 'rx-ky' | 'rx-undici' | 'bare-fetch' | 'bare-undici' | 'bare-ky';
type BareKind = Extract<IlinkClientKind, `bare-${string}`>;

export interface IlinkClientConfig {
  readonly kind: IlinkClientKind;
  readonly origin: string;
  readonly bot: IlinkBotCredentials;
}

const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

/** Counts messages since `arm`, and calls `onTarget` once `target` are in. */
class Counter {
  received = 0;
  target = Number.POSITIVE_INFINITY;
  onTarget: () => void = () => undefined;

  add(n: number): void {
    const before = this.received;
    this.received += n;
    if (before < this.target && this.received >= this.target) this.onTarget();
  }

  reset(target: number): void {
    this.received = 0;
    this.target = target;
  }
}

type Close = () => Promise<void>;

async function library(config: IlinkClientConfig, counter: Counter): Promise<Close> {
  const transport = config.kind === 'rx-ky' ? createKyTransport() : undefined;
  const client = connectIlink({
    server: config.origin,
    store: ilinkMemoryStore(savedSessionOf(config.bot)),
    ...(transport === undefined ? {} : { transport }),
  });
  client.messages$.subscribe(() => counter.add(1));
  await lastValueFrom(client.login$.pipe(timeout(30_000)));
  return async () => {
    await lastValueFrom(client.close(), { defaultValue: undefined });
    await transport?.close();
  };
}

type Post = (url: string, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<string>;

function bareHttp(kind: BareKind): Post {
  switch (kind) {
    case 'bare-undici': {
      const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
      return async (url, body, headers, signal) => (await request(url, { method: 'POST', headers, body, dispatcher, signal })).body.text();
    }
    case 'bare-fetch':
      return async (url, body, headers, signal) => (await fetch(url, { method: 'POST', headers, body, signal })).text();
    case 'bare-ky':
      return (url, body, headers, signal) => ky.post(url, { headers, body, signal, retry: 0, timeout: false }).text();
  }
}

interface UpdatesBody {
  readonly ret?: number;
  readonly errcode?: number;
  readonly msgs?: readonly unknown[];
  readonly get_updates_buf?: string;
}

function bare(config: IlinkClientConfig & { readonly kind: BareKind }, counter: Counter): Close {
  const post = bareHttp(config.kind);
  const url = `${config.origin}/ilink/bot/getupdates`;
  const aborter = new AbortController();
  let cursor = '';
  const loop = async (): Promise<void> => {
    while (!aborter.signal.aborted) {
      const text = await post(url, JSON.stringify({ get_updates_buf: cursor, base_info: BARE_BASE_INFO }), bareHeaders(config.bot.token), aborter.signal);
      const body = JSON.parse(text) as UpdatesBody;
      if ((body.ret ?? 0) !== 0 || (body.errcode ?? 0) !== 0) throw new Error(`getupdates answered ret ${body.ret} errcode ${body.errcode}`);
      if (body.get_updates_buf !== undefined && body.get_updates_buf !== '') cursor = body.get_updates_buf;
      counter.add(body.msgs?.length ?? 0);
    }
  };
  loop().catch((error: unknown) => {
    if (aborter.signal.aborted) return;
    emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
  return () => {
    aborter.abort();
    return Promise.resolve();
  };
}

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as IlinkClientConfig;
  const counter = new Counter();
  const kind = config.kind;
  const close = kind === 'rx-ky' || kind === 'rx-undici' ? await library(config, counter) : bare(Object.assign({}, config, { kind }), counter);
  emit({ type: 'ready' });

  let armedCpu = process.cpuUsage();
  counter.onTarget = () => emit({ type: 'done', endEpoch: epochMs(), cpuUs: cpuMicros(armedCpu), received: counter.received });
  let exiting = false;
  const exit = async (): Promise<void> => {
    if (exiting) return;
    exiting = true;
    await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    process.exit(0);
  };
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      const command = JSON.parse(line) as { cmd: string; count?: number };
      if (command.cmd === 'arm') {
        counter.reset(command.count ?? Number.POSITIVE_INFINITY);
        armedCpu = process.cpuUsage();
        emit({ type: 'armed' });
      } else if (command.cmd === 'exit') void exit();
    })
    .on('close', () => void exit());
}

main().catch((error: unknown) => {
  emit({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
