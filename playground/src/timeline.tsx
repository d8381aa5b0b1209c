/** What went over the wire, newest first: HTTP requests as the simulator answered them, or a TCP protocol's frames. */
import type { ComponentChildren } from 'preact';
import type { PageFrame, PageRequest } from '../../src/testing/playground/page-events.js';
import { useWords, type WordKey } from './i18n';

const SHOWN = 60;

export function Timeline({ kind, requests, frames }: { readonly kind: 'requests' | 'frames'; readonly requests: readonly PageRequest[]; readonly frames: readonly PageFrame[] }) {
  const t = useWords();
  if (kind === 'frames') {
    return (
      <Table title="frames" columns={['direction', 'type', 'time']}>
        {frames
          .slice(-SHOWN)
          .reverse()
          .map((f) => (
            <tr key={f.seq}>
              <td>{f.seq}</td>
              <td>{t(f.dir === 'in' ? 'fromClient' : 'toClient')}</td>
              <td>{f.type}</td>
              <td>
                <time dateTime={new Date(f.at).toISOString()}>{new Date(f.at).toLocaleTimeString()}</time>
              </td>
            </tr>
          ))}
      </Table>
    );
  }
  return (
    <Table title="requests" columns={['endpoint', 'status', 'duration', 'fault']}>
      {requests
        .slice(-SHOWN)
        .reverse()
        .map((r) => (
          <tr key={r.seq} class={r.fault !== undefined || r.status !== 200 || r.code !== undefined ? 'bad' : undefined}>
            <td>{r.seq}</td>
            <td>{r.endpoint}</td>
            <td>{r.code === undefined ? r.status : `${r.status} · ${r.code}`}</td>
            <td>{r.ms}</td>
            <td>{r.fault ?? ''}</td>
          </tr>
        ))}
    </Table>
  );
}

function Table({ title, columns, children }: { readonly title: WordKey; readonly columns: readonly WordKey[]; readonly children: ComponentChildren }) {
  const t = useWords();
  return (
    <section class="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t(title)}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="timeline-title">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {t(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
    </section>
  );
}
