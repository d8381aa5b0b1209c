/**
 * The device simulator's playground (`startDeviceSimulator({ ui: true })`). The simulator speaks TCP, so the page gets
 * a small HTTP server of its own on 127.0.0.1: the shared page at `/__ui/`, and at `/__sim/…` the few calls its
 * buttons make (a contact writes, fault switches, a force-offline, a reset, a garbage frame).
 */
import * as t from 'io-ts';
import type { Observable } from 'rxjs';
import { DeviceContentType, ForceOfflineReason } from '../../device/enums.js';
import { decode } from '../ilink-simulator/control-bodies.js';
import { ControlError } from '../simulator/control-error.js';
import { PageFeed } from '../playground/feed.js';
import { imageType, MediaShelf } from '../playground/media-shelf.js';
import type { PageFault, PageSession } from '../playground/page-events.js';
import { startPlaygroundServer, type PageControlRoute } from '../playground/server.js';
import type { DeviceActivity } from './activity.js';
import type { DeviceChatSpec, DeviceFaults } from './shapes.js';
import type { DeviceContacts } from './options.js';
import { DEFAULT_CONTACTS, DEVICE_FEATURES, nameBook, pageChat, pageTask, pageWorld, taskMessageId, type Account } from './playground-view.js';

/** What the playground needs of the simulator. */
export interface DevicePlaygroundHost {
  readonly activity: Observable<DeviceActivity>;
  readonly accounts: readonly Account[];
  readonly faults: DeviceFaults;
  sendMessage(spec: DeviceChatSpec): string;
  faultState(): { readonly silent: boolean; readonly splitBytes: boolean };
}

export interface DevicePlayground {
  readonly url: string;
  close(): Promise<void>;
}

/** Sessions the page lists; older ones are forgotten. */
const MAX_SESSIONS = 50;
/** The fault switches, by the ids the page clears them with. */
const SWITCHES = { silence: 1, 'split-bytes': 2 } as const;

const InjectBody = t.intersection([
  t.type({ from: t.string }),
  t.partial({ group: t.string, kind: t.keyof({ text: null, image: null }), text: t.string, data: t.string }),
]);
const FaultBody = t.type({ kind: t.keyof(SWITCHES) });
const KickBody = t.partial({ reason: t.Int, message: t.string });

export async function startDevicePlayground(sim: DevicePlaygroundHost, contacts: DeviceContacts = DEFAULT_CONTACTS): Promise<DevicePlayground> {
  const name = nameBook(sim.accounts, contacts);
  const pictures = new MediaShelf();
  const sessions = new Map<number, PageSession>();
  const selfName = name(sim.accounts[0]?.WeChatId ?? '');

  const faults = (): PageFault[] => {
    const on = sim.faultState();
    return [
      ...(on.silent ? [{ id: SWITCHES.silence, endpoint: '*', kind: 'silence', remaining: null }] : []),
      ...(on.splitBytes ? [{ id: SWITCHES['split-bytes'], endpoint: '*', kind: 'split-bytes', remaining: null }] : []),
    ];
  };
  const feed = new PageFeed(() => ({
    protocol: 'device',
    features: DEVICE_FEATURES,
    world: pageWorld(sim.accounts, contacts),
    sessions: [...sessions.values()],
    faults: faults(),
  }));
  const follow = (a: DeviceActivity): void => {
    switch (a.type) {
      case 'frame':
        feed.frame({ dir: a.dir, type: a.frame, at: Date.now() });
        return;
      case 'session': {
        const session: PageSession = { uuid: `connection-${a.session}`, active: a.active, ...(a.reason === undefined ? {} : { endCode: a.reason }), selfName };
        sessions.delete(a.session);
        sessions.set(a.session, session);
        for (const old of sessions.keys()) if (sessions.size > MAX_SESSIONS) sessions.delete(old);
        feed.send({ t: 'session', ...session });
        return;
      }
      case 'chat': {
        const { content } = a.spec;
        const media = typeof content === 'string' && content.startsWith(mediaPrefix) ? content.slice(mediaPrefix.length) : undefined;
        feed.message(pageChat(a, name, media));
        return;
      }
      case 'task':
        feed.message(pageTask(a.task, name, Date.now()));
        return;
      case 'task-result': {
        const { outcome } = a;
        if (outcome.type === 'success') feed.state(taskMessageId(a.task), 'sent');
        else if (outcome.type !== 'no-answer') feed.state(taskMessageId(a.task), 'failed', `${outcome.code}${outcome.errMsg === undefined ? '' : ` ${outcome.errMsg}`}`);
        return;
      }
      case 'faults':
        feed.send({ t: 'faults', faults: faults() });
        return;
    }
  };
  const switchFault = (kind: keyof typeof SWITCHES, on: boolean): void => {
    if (kind === 'silence') sim.faults.silence(on);
    else sim.faults.splitBytes(on);
  };
  const routes: PageControlRoute[] = [
    {
      method: 'POST',
      path: 'inject',
      run: (body) => {
        const spec = decode(InjectBody, body);
        const where = { friendId: spec.group ?? spec.from, ...(spec.group === undefined ? {} : { sender: spec.from }) };
        if (spec.kind === 'image') {
          if (spec.data === undefined) throw new ControlError(400, 'a picture needs data (base64)');
          const bytes = Buffer.from(spec.data, 'base64');
          const key = pictures.add(async () => ({ type: imageType(bytes), pieces: [bytes] }));
          // A work phone reports media as a reference: here, the picture's address on this server.
          return { frameId: sim.sendMessage({ ...where, contentType: DeviceContentType.Picture, content: `${mediaPrefix}${key}` }) };
        }
        if (spec.text === undefined || spec.text === '') throw new ControlError(400, 'a text message needs text');
        return { frameId: sim.sendMessage({ ...where, content: spec.text }) };
      },
    },
    {
      method: 'POST',
      path: 'fault',
      run: (body) => {
        const { kind } = decode(FaultBody, body);
        switchFault(kind, true);
        return { id: SWITCHES[kind] };
      },
    },
    {
      method: 'DELETE',
      path: 'fault',
      run: (_body, query) => {
        const id = query.get('id');
        const off = (Object.keys(SWITCHES) as (keyof typeof SWITCHES)[]).filter((kind) => id === null || String(SWITCHES[kind]) === id);
        for (const kind of off) switchFault(kind, false);
        return { cleared: off.length };
      },
    },
    {
      method: 'POST',
      path: 'kick',
      run: (body) => {
        const { reason, message } = decode(KickBody, body);
        sim.faults.forceOffline(reason ?? ForceOfflineReason.FuckedByOtherAuthorizer, message);
      },
    },
    { method: 'POST', path: 'reset', run: () => sim.faults.abruptClose() },
    { method: 'POST', path: 'garbage', run: () => sim.faults.garbage('frame') },
  ];
  const server = await startPlaygroundServer(feed.routes(pictures.lookup), routes);
  const mediaPrefix = `${server.origin}/__ui/media/`;
  const subscription = sim.activity.subscribe(follow);
  return {
    url: server.url,
    close: async () => {
      subscription.unsubscribe();
      feed.close();
      await server.close();
    },
  };
}
