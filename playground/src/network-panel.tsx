/** Faults switched on and off (per endpoint where the protocol has endpoints), and the kicks and drops it supports. */
import { useState } from 'preact/hooks';
import type { PageFault, PageFaultToggle, PageFeatures, PageSession } from '../../src/testing/playground/page-events.js';
import { control } from './api';
import { useWords } from './i18n';

/** A switched-on fault lasts a day, which on a playground means until it is switched off. */
const ON_FOR_MS = 24 * 3600_000;

interface Props {
  readonly features: PageFeatures;
  readonly faults: readonly PageFault[];
  readonly session: PageSession | undefined;
  readonly onError: (error: unknown) => void;
}

export function NetworkPanel({ features, faults, session, onError }: Props) {
  const t = useWords();
  const perEndpoint = features.endpoints.length > 0;
  const [picked, setEndpoint] = useState(features.defaultEndpoint);
  const endpoint = perEndpoint ? picked : '*';
  const active = (toggle: PageFaultToggle) => faults.find((f) => f.endpoint === endpoint && f.kind === toggle.kind && f.value === toggle.value);
  const flip = (toggle: PageFaultToggle) => {
    const on = active(toggle);
    const body = { ...toggle.extra, endpoint, kind: toggle.kind, ...(toggle.value === undefined ? {} : { value: toggle.value }), forMs: ON_FOR_MS };
    (on === undefined ? control('fault', body) : control(`fault?id=${on.id}`, undefined, 'DELETE')).catch(onError);
  };
  const live = session?.active === true ? session : undefined;
  return (
    <section class="panel network" aria-labelledby="network-title">
      <h2 id="network-title">{t('network')}</h2>
      {perEndpoint ? (
        <label>
          {t('endpoint')}
          <select value={endpoint} onChange={(e) => setEndpoint(e.currentTarget.value)}>
            <option value="*">{t('allEndpoints')}</option>
            {features.endpoints.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div class="buttons toggles" role="group" aria-label={`${t('faultsFor')}: ${perEndpoint ? endpoint : t('connection')}`}>
        {features.toggles.map((toggle) => (
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
      <h3>{t('kicks')}</h3>
      <div class="buttons">
        {features.actions.map((action) => (
          <button
            type="button"
            key={action.label}
            class={action.danger === true ? 'danger' : undefined}
            disabled={live === undefined}
            onClick={() => control(action.path, { ...action.body, ...(action.withSession === true && live !== undefined ? { session: live.uuid } : {}) }).catch(onError)}
          >
            {t(action.label)}
          </button>
        ))}
      </div>
    </section>
  );
}
