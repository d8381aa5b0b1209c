/**
 * The rows of scenario 4 (many sessions in one process) for one result, gzip on or off. Judged on the undici
 * transport, the default and the one to pick for many sessions: p99 under 50 ms from 1,000 sessions up, and at most
 * 80 KB per session at 2,500, online and under load. Results from before the under-load figure show — there.
 */
import type { ClientKind } from './clients.js';
import type { SessionsFigures, SessionsResult } from './sessions.js';
import { ratio, type Row } from './table.js';

type MemoryField = 'rssPerSessionKb' | 'heapPerSessionKb' | 'rssUnderLoadKb' | 'heapUnderLoadKb';

const percent = (share: number | undefined): number | undefined => (share === undefined ? undefined : share * 100);
const known = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

export function sessionsRows(r: SessionsResult): Row[] {
  const out: Row[] = [];
  for (const n of r.counts) {
    const at = (kind: ClientKind): SessionsFigures | undefined => {
      const f = r.kinds[kind]?.find((x) => x.sessions === n);
      return f === undefined || f.failed !== undefined ? undefined : f;
    };
    const logins = r.loginsAtOnce === undefined || r.loginsAtOnce === 50 ? '' : `, ${r.loginsAtOnce} logins at once`;
    const name = `4. ${n.toLocaleString('en-US')} sessions, ${r.rate.toLocaleString('en-US')} msg/s, ${r.compress ? 'gzip' : 'no gzip'}${logins}`;
    /** A memory row of every client; the 80 KB target applies to RSS at 2,500 sessions. */
    const memoryRow = (metric: string, field: MemoryField, target: boolean): Row => {
      const undici = at('rx-undici')?.[field];
      return {
        scenario: name,
        metric,
        ky: at('rx-ky')?.[field],
        undici,
        wechat4u: at('wechat4u')?.[field],
        ratio: ratio(undici, at('wechat4u')?.[field]),
        ...(target && n >= 2_500 ? { target: '≤ 80 KB (undici)', met: known(undici) ? undici <= 80 : undefined } : {}),
        digits: 0,
      };
    };
    /** The bare client's figure, and with the address book kept (results from before it was measured have none). */
    const bare = (field: MemoryField): string => {
      const book = at('bare-undici-book')?.[field];
      return `bare undici ${at('bare-undici')?.[field]?.toFixed(0) ?? '—'}${book === undefined ? '' : `, with the address book ${book.toFixed(0)}`}`;
    };
    out.push(memoryRow(`RSS per session, KB (${bare('rssPerSessionKb')})`, 'rssPerSessionKb', true));
    out.push(memoryRow(`live heap per session, KB (${bare('heapPerSessionKb')})`, 'heapPerSessionKb', false));
    out.push(memoryRow(`RSS per session under load, KB (${bare('rssUnderLoadKb')})`, 'rssUnderLoadKb', true));
    out.push(memoryRow(`live heap per session under load, KB (${bare('heapUnderLoadKb')})`, 'heapUnderLoadKb', false));
    const p99 = at('rx-undici')?.p99Ms;
    const floor = at('bare-undici')?.p99Ms;
    out.push({
      scenario: name,
      metric: `p99 latency, ms (bare undici ${floor === undefined ? '—' : floor.toFixed(1)})`,
      ky: at('rx-ky')?.p99Ms,
      undici: p99,
      wechat4u: at('wechat4u')?.p99Ms,
      ratio: ratio(p99, at('wechat4u')?.p99Ms),
      ...(n >= 1_000 ? { target: '< 50 ms (undici)', met: known(p99) ? p99 < 50 : undefined } : {}),
      digits: 2,
    });
    out.push({
      scenario: name,
      metric: `simulator CPU, % of a core (bare undici ${known(at('bare-undici')?.simCpuShare) ? ((at('bare-undici')?.simCpuShare ?? 0) * 100).toFixed(0) : '—'})`,
      ky: percent(at('rx-ky')?.simCpuShare),
      undici: percent(at('rx-undici')?.simCpuShare),
      wechat4u: percent(at('wechat4u')?.simCpuShare),
      digits: 0,
    });
    out.push({
      scenario: name,
      metric: 'login of all sessions, s',
      ky: at('rx-ky')?.loginSeconds,
      undici: at('rx-undici')?.loginSeconds,
      wechat4u: at('wechat4u')?.loginSeconds,
      ratio: ratio(at('rx-undici')?.loginSeconds, at('wechat4u')?.loginSeconds),
    });
  }
  return out;
}
