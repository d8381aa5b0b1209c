/** The owner's phone: the login QR as the client shows it and what the phone does with it, or a work phone's accounts. */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageFeatures, PageLoginState, PageSession, PageWorld } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords, type WordKey } from './i18n';
import type { PageState } from './state';

interface Props {
  readonly features: PageFeatures;
  readonly world: PageWorld | undefined;
  readonly login: PageState['login'];
  readonly session: PageSession | undefined;
  readonly onError: (error: unknown) => void;
}

export function PhonePanel({ features, world, login, session, onError }: Props) {
  const t = useWords();
  return (
    <section class="panel phone" aria-labelledby="phone-title">
      <h2 id="phone-title">{t('phone')}</h2>
      <p class="session-state" role="status" data-state={sessionState(session)}>
        {session === undefined ? t('notLoggedIn') : session.active ? `${t('online')}: ${session.selfName}` : `${t('ended')} (${session.endCode ?? ''})`}
      </p>
      {features.login === undefined ? <Accounts world={world} /> : <QrLogin login={login} phone={features.login} onError={onError} />}
    </section>
  );
}

function Accounts({ world }: { readonly world: PageWorld | undefined }) {
  const t = useWords();
  return (
    <>
      <h3>{t('accounts')}</h3>
      <ul class="accounts">
        {(world?.accounts ?? []).map((a) => (
          <li key={a.id}>
            {a.name} <code>{a.id}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

function QrLogin({ login, phone, onError }: { readonly login: PageState['login']; readonly phone: NonNullable<PageFeatures['login']>; readonly onError: (error: unknown) => void }) {
  const t = useWords();
  const now = useNow(login?.state === 'waiting');
  const [code, setCode] = useState('1234');
  if (login === undefined) return <p>{t('noQr')}</p>;
  const showQr = login.qrSvg !== undefined && (login.state === 'waiting' || login.state === 'scanned');
  const secondsLeft = login.expiresInMs === undefined ? undefined : Math.max(0, Math.ceil((login.expiresInMs - (now - login.at)) / 1000));
  return (
    <>
      <p class="login-state" data-state={login.state}>
        {t(loginWord(login.state))}
        {secondsLeft === undefined ? null : ` · ${secondsLeft} ${t('expiresIn')}`}
      </p>
      {login.pairCode === undefined ? null : (
        <p class="pair-code">
          {t('pairCodeShown')}: <strong>{login.pairCode}</strong>
        </p>
      )}
      {showQr ? <img class="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(login.qrSvg ?? '')}`} alt={t('qr')} width={164} height={164} /> : null}
      <div class="buttons">
        {phone.buttons.map((button) => (
          <Fragment key={button.action}>
            {button.takesCode === true ? (
              <label>
                {t('code')}
                <input value={code} size={6} disabled={!button.when.includes(login.state)} onInput={(e) => setCode(e.currentTarget.value)} />
              </label>
            ) : null}
            <button
              type="button"
              class={button.action === 'confirm' ? 'primary' : undefined}
              disabled={!button.when.includes(login.state)}
              onClick={() => control(button.path, { ...button.body, [phone.target]: login.uuid, ...(button.takesCode === true ? { code } : {}) }).catch(onError)}
            >
              {t(button.action)}
            </button>
          </Fragment>
        ))}
      </div>
    </>
  );
}

function loginWord(state: PageLoginState): WordKey {
  return state === 'blocked' ? 'blockedLogin' : state;
}

function sessionState(session: PageSession | undefined): string {
  if (session === undefined) return 'none';
  return session.active ? 'online' : `ended-${session.endCode ?? ''}`;
}

/** The time, ticking each second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
