/** The owner's phone: the login QR as the client shows it, and what the phone does with it. */
import { useEffect, useState } from 'preact/hooks';
import type { PageSession } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords } from './i18n';
import type { PageState } from './state';

interface Props {
  readonly login: PageState['login'];
  readonly session: PageSession | undefined;
  readonly onError: (error: unknown) => void;
}

export function PhonePanel({ login, session, onError }: Props) {
  const t = useWords();
  const now = useNow(login?.state === 'waiting');
  const act = (action: string) => () => {
    control(`phone/${action}`, login === undefined ? {} : { session: login.uuid }).catch(onError);
  };
  const showQr = login?.qrSvg !== undefined && (login.state === 'waiting' || login.state === 'scanned');
  const secondsLeft = login?.expiresInMs === undefined ? undefined : Math.max(0, Math.ceil((login.expiresInMs - (now - login.at)) / 1000));
  return (
    <section class="panel phone" aria-labelledby="phone-title">
      <h2 id="phone-title">{t('phone')}</h2>
      <p class="session-state" role="status" data-state={sessionState(session)}>
        {session === undefined ? t('notLoggedIn') : session.active ? `${t('online')}: ${session.selfName}` : `${t('ended')} (${session.endCode ?? ''})`}
      </p>
      {login === undefined ? (
        <p>{t('noQr')}</p>
      ) : (
        <>
          <p class="login-state" data-state={login.state}>
            {t(login.state)}
            {secondsLeft === undefined ? null : ` · ${secondsLeft} ${t('expiresIn')}`}
          </p>
          {showQr ? <img class="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(login.qrSvg ?? '')}`} alt={t('qr')} width={164} height={164} /> : null}
          <div class="buttons">
            <button type="button" onClick={act('scan')} disabled={login.state !== 'waiting'}>
              {t('scan')}
            </button>
            <button type="button" class="primary" onClick={act('confirm')} disabled={login.state !== 'scanned' && login.state !== 'waiting'}>
              {t('confirm')}
            </button>
            <button type="button" onClick={act('cancel')} disabled={login.state !== 'scanned'}>
              {t('cancel')}
            </button>
            <button type="button" onClick={act('expire')} disabled={login.state !== 'waiting' && login.state !== 'scanned'}>
              {t('expire')}
            </button>
          </div>
        </>
      )}
    </section>
  );
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
