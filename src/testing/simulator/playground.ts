/**
 * The Web simulator's playground (`startSimulator({ ui: true })`): follows what happens in the simulator and pushes
 * it to the page as `PageEvent`s through the shared feed. The page acts through the ordinary `/__sim` control API.
 */
import type { Subscription } from 'rxjs';
import { qrContent } from '../../web/protocol/hosts.js';
import { pageFaults } from '../playground/fault-view.js';
import { PageFeed } from '../playground/feed.js';
import type { PageFeatures, PageLogin } from '../playground/page-events.js';
import { QrPictures } from '../playground/qr-pictures.js';
import type { PlaygroundRoutes } from '../playground/routes.js';
import type { SimActivity } from './activity.js';
import type { Control } from './control.js';
import type { LoginAttempt } from './login.js';
import { pageMessage, pageSent, pageSession, pageWorld } from './playground-view.js';
import type { SimState } from './state.js';

export interface WebPlayground extends PlaygroundRoutes {
  close(): void;
}

const kick = (label: 'kick1101' | 'kick1100' | 'kick1102', code: number) => ({ label, path: 'phone/kick', body: { code }, withSession: true, danger: code === 1101 });

function webFeatures(endpoints: readonly string[]): PageFeatures {
  return {
    login: {
      target: 'session',
      buttons: [
        { action: 'scan', path: 'phone/scan', when: ['waiting'] },
        { action: 'confirm', path: 'phone/confirm', when: ['waiting', 'scanned'] },
        { action: 'cancel', path: 'phone/cancel', when: ['scanned'] },
        { action: 'expire', path: 'phone/expire', when: ['waiting', 'scanned'] },
      ],
    },
    endpoints,
    defaultEndpoint: 'synccheck',
    toggles: [
      { label: '1100', kind: 'retcode', value: 1100 },
      { label: '1101', kind: 'retcode', value: 1101 },
      { label: '1102', kind: 'retcode', value: 1102 },
      { label: '1205', kind: 'retcode', value: 1205 },
      { label: '5xx', kind: 'http', value: 500 },
      { label: 'reset', kind: 'reset' },
      { label: 'delay 5s', kind: 'delay', value: 5000 },
      { label: 'garbage', kind: 'garbage' },
    ],
    actions: [kick('kick1101', 1101), kick('kick1100', 1100), kick('kick1102', 1102)],
    uploads: ['image', 'file'],
    mentions: true,
    fromPhone: true,
    recall: true,
    worldChanges: true,
    timeline: 'requests',
  };
}

export function startWebPlayground(sim: SimState, control: Control, endpoints: readonly string[]): WebPlayground {
  const features = webFeatures(endpoints);
  const qr = new QrPictures();
  let login: LoginAttempt | undefined;
  let worldQueued = false;

  const loginOf = (attempt: LoginAttempt): PageLogin => {
    const svg = attempt.state === 'waiting' || attempt.state === 'scanned' ? qr.svg(attempt.uuid) : undefined;
    const left = attempt.createdAt + sim.options.qrLifetimeMs - sim.now();
    return { uuid: attempt.uuid, state: attempt.state, ...(svg === undefined ? {} : { qrSvg: svg }), ...(attempt.state === 'waiting' ? { expiresInMs: Math.max(0, left) } : {}) };
  };
  const feed = new PageFeed(() => ({
    protocol: 'web',
    features,
    world: pageWorld(control.world()),
    ...(login === undefined ? {} : { login: loginOf(login) }),
    sessions: sim.sessions.all().map(pageSession),
    faults: pageFaults(sim.faults.list()),
  }));
  // One world snapshot per burst of changes (a group join queues the group and its notice together).
  const worldChanged = (): void => {
    if (worldQueued) return;
    worldQueued = true;
    queueMicrotask(() => {
      worldQueued = false;
      feed.send({ t: 'world', world: pageWorld(control.world()) });
    });
  };
  const loginChanged = (attempt: LoginAttempt): void => {
    login = attempt;
    qr.showWhenDrawn(attempt.uuid, qrContent(attempt.uuid), attempt.state === 'waiting', () => {
      if (login === attempt) feed.send({ t: 'login', ...loginOf(attempt) });
    });
  };

  const follow = (a: SimActivity): void => {
    switch (a.type) {
      case 'request': {
        const { type: _type, ...request } = a;
        feed.request(request);
        return;
      }
      case 'messages':
        a.specs.forEach((spec, i) => {
          const built = a.built[i];
          const shown = built === undefined ? undefined : pageMessage(a.session, spec, built);
          if (shown === undefined) return;
          if ('recall' in shown) feed.recall(shown.recall);
          else feed.message(shown);
        });
        return;
      case 'outbox':
        if (a.entry.revoked) feed.recall(a.entry.msgId);
        else feed.message(pageSent(a.session, a.entry));
        return;
      case 'login':
        loginChanged(a.attempt);
        return;
      case 'session':
        feed.send({ t: 'session', ...pageSession(a.session) });
        worldChanged();
        return;
      case 'world':
        worldChanged();
        return;
      case 'faults':
        feed.send({ t: 'faults', faults: pageFaults(sim.faults.list()) });
        return;
      case 'reset':
        login = undefined;
        feed.reset();
        return;
    }
  };
  const subscription: Subscription = sim.activity.subscribe(follow);
  const routes = feed.routes(async (key) => {
    const media = await sim.media.resolve(key);
    return media === undefined ? undefined : { type: media.type, pieces: media.pieces };
  });
  return {
    handle: routes.handle,
    close() {
      subscription.unsubscribe();
      feed.close();
    },
  };
}
