/**
 * The rows of scenario 4 (many sessions in one process) for one result, gzip on or off. Judged on the undici
 * transport, the default and the one to pick for many sessions: p99 under 50 ms from 1,000 sessions up, and at most
 * 80 KB per session at 2,500, online and under load. Results from before the under-load figure show — there.
 */
import type { ClientKind } from './clients.js';
import type { SessionsFigures, SessionsResult } from './sessions.js';
import { ratio, type Row } from './table.js';

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
    const rss = at('rx-undici')?.rssPerSessionKb;
    out.push({
      scenario: name,
      metric: `RSS per session, KB (bare undici ${at('bare-undici')?.rssPerSessionKb.toFixed(0) ?? '—'})`,
      ky: at('rx-ky')?.rssPerSessionKb,
      undici: rss,
      wechat4u: at('wechat4u')?.rssPerSessionKb,
      ratio: ratio(rss, at('wechat4u')?.rssPerSessionKb),
      ...(n >= 2_500 ? { target: '≤ 80 KB (undici)', met: known(rss) ? rss <= 80 : undefined } : {}),
      digits: 0,
    });
    out.push({
      scenario: name,
      metric: `live heap per session, KB (bare undici ${at('bare-undici')?.heapPerSessionKb.toFixed(0) ?? '—'})`,
      ky: at('rx-ky')?.heapPerSessionKb,
      undici: at('rx-undici')?.heapPerSessionKb,
      wechat4u: at('wechat4u')?.heapPerSessionKb,
      ratio: ratio(at('rx-undici')?.heapPerSessionKb, at('wechat4u')?.heapPerSessionKb),
      digits: 0,
    });
    const loaded = at('rx-undici')?.rssUnderLoadKb;
    out.push({
      scenario: name,
      metric: `RSS per session under load, KB (live heap ${at('rx-undici')?.heapUnderLoadKb.toFixed(0) ?? '—'}; bare undici ${at('bare-undici')?.rssUnderLoadKb.toFixed(0) ?? '—'})`,
      ky: at('rx-ky')?.rssUnderLoadKb,
      undici: loaded,
      wechat4u: at('wechat4u')?.rssUnderLoadKb,
      ratio: ratio(loaded, at('wechat4u')?.rssUnderLoadKb),
      ...(n >= 2_500 ? { target: '≤ 80 KB (undici)', met: known(loaded) ? loaded <= 80 : undefined } : {}),
      digits: 0,
    });
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
