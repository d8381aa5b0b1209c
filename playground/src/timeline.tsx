/** The client's requests as the simulator answered them, newest first. */
import type { PageRequest } from '../../src/testing/playground/page-events.js';
import { useWords } from './i18n';

const SHOWN = 60;

export function Timeline({ requests }: { readonly requests: readonly PageRequest[] }) {
  const t = useWords();
  const shown = requests.slice(-SHOWN).reverse();
  return (
    <section class="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('requests')}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="timeline-title">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('endpoint')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('duration')}</th>
              <th scope="col">{t('fault')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.seq} class={r.fault !== undefined || r.status !== 200 ? 'bad' : undefined}>
                <td>{r.seq}</td>
                <td>{r.endpoint}</td>
                <td>{r.status}</td>
                <td>{r.ms}</td>
                <td>{r.fault ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
