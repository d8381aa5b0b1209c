/**
 * The iLink simulator's playground (`startIlinkSimulator({ ui: true })`): follows what happens in the simulator and
 * pushes it to the page through the shared feed. The page acts through the simulator's own `/__sim` control API.
 */
import { pageFaults } from '../playground/fault-view.js';
import { PageFeed } from '../playground/feed.js';
import { imageType, MediaShelf } from '../playground/media-shelf.js';
import { QrPictures } from '../playground/qr-pictures.js';
import type { PlaygroundRoutes } from '../playground/routes.js';
import type { IlinkActivity } from './activity.js';
import { qrPageUrl } from './endpoints/qr.js';
import type { QrLogin } from './login.js';
import type { IlinkSentMessage } from './outbox.js';
import { ILINK_FEATURES, pageInjected, pageLogin, pageSent, pageSession, pageWorld } from './playground-view.js';
import type { IlinkState } from './state.js';

export interface IlinkPlayground extends PlaygroundRoutes {
  close(): void;
}

export function startIlinkPlayground(state: IlinkState): IlinkPlayground {
  const qr = new QrPictures();
  const pictures = new MediaShelf();
  let login: QrLogin | undefined;
  let sends = 0;

  const feed = new PageFeed(() => ({
    protocol: 'ilink',
    features: ILINK_FEATURES,
    world: pageWorld(state),
    ...(login === undefined ? {} : { login: pageLogin(state, login, qr.svg(login.qrcode)) }),
    sessions: state.bots.all().map(pageSession),
    faults: pageFaults(state.faults.list()),
  }));
  /** A page key for a CDN object's plaintext (the parameter itself stays here). */
  const picture = (param: string): string =>
    pictures.add(async () => {
      const plain = await state.cdn.readPlain(param);
      return plain === undefined ? undefined : { type: imageType(plain), pieces: [plain] };
    });
  const loginChanged = (changed: QrLogin): void => {
    login = changed;
    qr.showWhenDrawn(changed.qrcode, qrPageUrl(state, changed.qrcode), changed.status === 'wait', () => {
      if (login === changed) feed.send({ t: 'login', ...pageLogin(state, changed, qr.svg(changed.qrcode)) });
    });
  };
  const sent = (entry: IlinkSentMessage): void => {
    const image = entry.items[0]?.['type'] === 2 ? entry.media.find((m) => m.verdict === 'ok') : undefined;
    feed.message(pageSent(state, entry, `sent-${++sends}`, image === undefined ? undefined : picture(image.encryptQueryParam)));
  };

  const follow = (a: IlinkActivity): void => {
    switch (a.type) {
      case 'request': {
        const { type: _type, ...request } = a;
        feed.request(request);
        return;
      }
      case 'login':
        loginChanged(a.login);
        return;
      case 'bot':
        feed.send({ t: 'session', ...pageSession(a.bot) });
        feed.send({ t: 'world', world: pageWorld(state) });
        return;
      case 'inject': {
        const media = a.spec.kind === 'image' ? a.result.media?.encryptQueryParam : undefined;
        feed.message(pageInjected(state, a.spec, a.result.messageId, a.result.from, media === undefined ? undefined : picture(media)));
        return;
      }
      case 'faults':
        feed.send({ t: 'faults', faults: pageFaults(state.faults.list()) });
        return;
    }
  };
  const subscriptions = [state.activity.subscribe(follow), state.outbox.sent$.subscribe(sent)];
  const routes = feed.routes(pictures.lookup);
  return {
    handle: routes.handle,
    close() {
      for (const s of subscriptions) s.unsubscribe();
      feed.close();
    },
  };
}
