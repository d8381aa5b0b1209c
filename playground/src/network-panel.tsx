/** Faults per endpoint, switched on and off, and the phone's kicks. */
import { useState } from 'preact/hooks';
import type { PageFault, PageSession } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords } from './i18n';

interface Toggle {
  readonly label: string;
  readonly kind: string;
  readonly value?: number;
}

const TOGGLES: readonly Toggle[] = [
  { label: '1100', kind: 'retcode', value: 1100 },
  { label: '1101', kind: 'retcode', value: 1101 },
  { label: '1102', kind: 'retcode', value: 1102 },
  { label: '1205', kind: 'retcode', value: 1205 },
  { label: '5xx', kind: 'http', value: 500 },
  { label: 'reset', kind: 'reset' },
  { label: 'delay 5s', kind: 'delay', value: 5000 },
  { label: 'garbage', kind: 'garbage' },
];

/** A switched-on fault lasts a day, which on a playground means until it is switched off. */
const ON_FOR_MS = 24 * 3600_000;

interface Props {
  readonly endpoints: readonly string[];
  readonly faults: readonly PageFault[];
  readonly session: PageSession | undefined;
  readonly onError: (error: unknown) => void;
}

export function NetworkPanel({ endpoints, faults, session, onError }: Props) {
  const t = useWords();
  const [endpoint, setEndpoint] = useState('synccheck');
  const active = (toggle: Toggle) => faults.find((f) => f.endpoint === endpoint && f.kind === toggle.kind && f.value === toggle.value);
  const flip = (toggle: Toggle) => {
    const on = active(toggle);
    const call = on === undefined ? control('fault', { endpoint, kind: toggle.kind, ...(toggle.value === undefined ? {} : { value: toggle.value }), forMs: ON_FOR_MS }) : control(`fault?id=${on.id}`, undefined, 'DELETE');
    call.catch(onError);
  };
  const kick = (code: number) => () => {
    control('phone/kick', { code, ...(session === undefined ? {} : { session: session.uuid }) }).catch(onError);
  };
  return (
    <section class="panel network" aria-labelledby="network-title">
      <h2 id="network-title">{t('network')}</h2>
      <label>
        {t('endpoint')}
        <select value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)}>
          <option value="*">{t('allEndpoints')}</option>
          {endpoints.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <div class="buttons toggles" role="group" aria-label={`${t('faultsFor')}: ${endpoint}`}>
        {TOGGLES.map((toggle) => (
          <button type="button" key={toggle.label} class="toggle" aria-pressed={active(toggle) !== undefined} onClick={() => flip(toggle)}>
            {toggle.label}
          </button>
        ))}
      </div>
      <h3>{t('activeFaults')}</h3>
      {faults.length === 0 ? (
        <p class="muted">{t('noFaults')}</p>
      ) : (
        <ul class="faults">
          {faults.map((f) => (
            <li key={f.id}>
              <code>
                {f.endpoint} · {f.kind}
                {f.value === undefined ? '' : ` ${f.value}`}
              </code>{' '}
              <span class="muted">{f.remaining === null ? t('untilCleared') : `${f.remaining} ${t('left')}`}</span>{' '}
              <button type="button" class="link-button" onClick={() => control(`fault?id=${f.id}`, undefined, 'DELETE').catch(onError)}>
                {t('clear')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {faults.length > 1 ? (
        <button type="button" onClick={() => control('fault', undefined, 'DELETE').catch(onError)}>
          {t('clearAll')}
        </button>
      ) : null}
      <h3>{t('kick')}</h3>
      <div class="buttons">
        <button type="button" class="danger" onClick={kick(1101)} disabled={session?.active !== true}>
          {t('kick1101')}
        </button>
        <button type="button" onClick={kick(1100)} disabled={session?.active !== true}>
          {t('kick1100')}
        </button>
        <button type="button" onClick={kick(1102)} disabled={session?.active !== true}>
          {t('kick1102')}
        </button>
      </div>
    </section>
  );
}
