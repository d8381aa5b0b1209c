/**
 * The Web simulator's playground (`startSimulator({ ui: true })`): follows what happens in the simulator and pushes
 * it to the page as `PageEvent`s, keeping the recent messages and requests for pages that connect later. The page
 * acts through the ordinary `/__sim` control API.
 */
import type { Subscription } from 'rxjs';
import { qrContent } from '../../web/protocol/hosts.js';
import { EventStream } from '../playground/event-stream.js';
import type { PageEvent, PageLogin, PageMessage, PageRequest, PageSnapshot } from '../playground/page-events.js';
import { playgroundRoutes, type PlaygroundRoutes } from '../playground/routes.js';
import type { SimActivity } from './activity.js';
import type { Control } from './control.js';
import type { LoginAttempt } from './login.js';
import { loadQrcode } from './packages.js';
import { pageFaults, pageMessage, pageSent, pageSession, pageWorld } from './playground-view.js';
import type { SimState } from './state.js';

const MAX_MESSAGES = 1000;
const MAX_REQUESTS = 200;

export interface WebPlayground extends PlaygroundRoutes {
  close(): void;
}

export function startWebPlayground(sim: SimState, control: Control, endpoints: readonly string[]): WebPlayground {
  const messages: PageMessage[] = [];
  const requests: PageRequest[] = [];
  const qrSvgs = new Map<string, string>();
  let login: LoginAttempt | undefined;
  let seq = 0;
  let worldQueued = false;

  const loginOf = (attempt: LoginAttempt): PageLogin => {
    const svg = attempt.state === 'waiting' || attempt.state === 'scanned' ? qrSvgs.get(attempt.uuid) : undefined;
    const left = attempt.createdAt + sim.options.qrLifetimeMs - sim.now();
    return { uuid: attempt.uuid, state: attempt.state, ...(svg === undefined ? {} : { qrSvg: svg }), ...(attempt.state === 'waiting' ? { expiresInMs: Math.max(0, left) } : {}) };
  };
  const snapshot = (): PageSnapshot => ({
    t: 'hello',
    protocol: 'web',
    endpoints,
    world: pageWorld(control.world()),
    ...(login === undefined ? {} : { login: loginOf(login) }),
    sessions: sim.sessions.all().map(pageSession),
    messages,
    requests,
    faults: pageFaults(sim.faults.list()),
  });
  const events = new EventStream<PageEvent>(snapshot);
  const keep = <T>(list: T[], item: T, max: number): void => {
    list.push(item);
    if (list.length > max) list.splice(0, list.length - max);
  };
  const message = (m: PageMessage): void => {
    keep(messages, m, MAX_MESSAGES);
    events.send({ t: 'message', ...m });
  };
  const recall = (msgId: string): void => {
    const at = messages.findIndex((m) => m.msgId === msgId);
    if (at >= 0) messages[at] = { ...(messages[at] as PageMessage), recalled: true };
    events.send({ t: 'recall', msgId });
  };
  // One world snapshot per burst of changes (a group join queues the group and its notice together).
  const worldChanged = (): void => {
    if (worldQueued) return;
    worldQueued = true;
    queueMicrotask(() => {
      worldQueued = false;
      events.send({ t: 'world', world: pageWorld(control.world()) });
    });
  };
  const loginChanged = (attempt: LoginAttempt): void => {
    login = attempt;
    if (attempt.state !== 'waiting' || qrSvgs.has(attempt.uuid)) {
      events.send({ t: 'login', ...loginOf(attempt) });
      return;
    }
    loadQrcode()
      .toString(qrContent(attempt.uuid), { type: 'svg', margin: 2 })
      .then((svg) => {
        qrSvgs.set(attempt.uuid, svg);
        if (login === attempt) events.send({ t: 'login', ...loginOf(attempt) });
      })
      .catch(() => events.send({ t: 'login', ...loginOf(attempt) }));
  };

  const follow = (a: SimActivity): void => {
    switch (a.type) {
      case 'request': {
        const request: PageRequest = { seq: ++seq, endpoint: a.endpoint, status: a.status, ms: a.ms, ...(a.fault === undefined ? {} : { fault: a.fault }) };
        keep(requests, request, MAX_REQUESTS);
        events.send({ t: 'request', ...request });
        return;
      }
      case 'messages':
        a.specs.forEach((spec, i) => {
          const built = a.built[i];
          const shown = built === undefined ? undefined : pageMessage(a.session, spec, built);
          if (shown === undefined) return;
          if ('recall' in shown) recall(shown.recall);
          else message(shown);
        });
        return;
      case 'outbox':
        if (a.entry.revoked) recall(a.entry.msgId);
        else message(pageSent(a.session, a.entry));
        return;
      case 'login':
        loginChanged(a.attempt);
        return;
      case 'session':
        events.send({ t: 'session', ...pageSession(a.session) });
        worldChanged();
        return;
      case 'world':
        worldChanged();
        return;
      case 'faults':
        events.send({ t: 'faults', faults: pageFaults(sim.faults.list()) });
        return;
      case 'reset':
        messages.length = 0;
        requests.length = 0;
        login = undefined;
        events.resend();
        return;
    }
  };
  const subscription: Subscription = sim.activity.subscribe(follow);
  const routes = playgroundRoutes(events as EventStream<unknown>, async (key) => {
    const media = await sim.media.resolve(key);
    return media === undefined ? undefined : { type: media.type, pieces: media.pieces };
  });
  return {
    handle: routes.handle,
    close() {
      subscription.unsubscribe();
      events.close();
    },
  };
}
