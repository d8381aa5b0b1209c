/**
 * The rows of scenarios 1 (burst) and 6 (the floor) for one burst result, gzip on or off. The targets: the default
 * transport (undici) at most 0.25 of wechat4u's CPU per message and at least 3 times its throughput, within 1.15 of a
 * bare client on its own stack; ky, the other transport, is shown against wechat4u and its own bare client beside it.
 */
import type { BurstResult } from './burst.js';
import { atLeast, atMost, ratio, type Row } from './table.js';

const gzipLabel = (r: BurstResult): string => (r.compress ? 'gzip' : 'no gzip');

export function burstRows(r: BurstResult): Row[] {
  const b = r.kinds;
  const name = `1. burst ${r.messages / 1000}k, ${gzipLabel(r)}`;
  const perSecond = ratio(b['rx-undici']?.warm.perSecond, b.wechat4u?.warm.perSecond);
  const cpu = ratio(b['rx-undici']?.warm.cpuPerMessageUs, b.wechat4u?.warm.cpuPerMessageUs);
  const warm = (field: 'perSecond' | 'cpuPerMessageUs' | 'wallMs') => ({
    ky: b['rx-ky']?.warm[field],
    undici: b['rx-undici']?.warm[field],
    wechat4u: b.wechat4u?.warm[field],
  });
  const cold = (field: 'perSecond' | 'cpuPerMessageUs') => ({
    ky: b['rx-ky']?.cold[field],
    undici: b['rx-undici']?.cold[field],
    wechat4u: b.wechat4u?.cold[field],
  });
  return [
    Object.assign({ scenario: name, metric: 'throughput, msg/s', ratio: perSecond, target: '≥ 3', met: atLeast(perSecond, 3), digits: 0 }, warm('perSecond')),
    Object.assign({ scenario: name, metric: 'client CPU/msg, µs', ratio: cpu, target: '≤ 0.25', met: atMost(cpu, 0.25) }, warm('cpuPerMessageUs')),
    { scenario: name, metric: 'ky ÷ wechat4u, throughput', ky: ratio(b['rx-ky']?.warm.perSecond, b.wechat4u?.warm.perSecond), digits: 2 },
    { scenario: name, metric: 'ky ÷ wechat4u, CPU/msg', ky: ratio(b['rx-ky']?.warm.cpuPerMessageUs, b.wechat4u?.warm.cpuPerMessageUs), digits: 2 },
    Object.assign({ scenario: name, metric: 'wall until the last handler, ms', ratio: ratio(b['rx-undici']?.warm.wallMs, b.wechat4u?.warm.wallMs), digits: 0 }, warm('wallMs')),
    Object.assign({ scenario: name, metric: 'cold (1st burst) CPU/msg, µs', ratio: ratio(b['rx-undici']?.cold.cpuPerMessageUs, b.wechat4u?.cold.cpuPerMessageUs) }, cold('cpuPerMessageUs')),
    Object.assign({ scenario: name, metric: 'cold (1st burst) msg/s', ratio: ratio(b['rx-undici']?.cold.perSecond, b.wechat4u?.cold.perSecond), digits: 0 }, cold('perSecond')),
  ];
}

export function floorRows(r: BurstResult): Row[] {
  const b = r.kinds;
  const name = `6. floor (burst, same HTTP stack), ${gzipLabel(r)}`;
  const kyOver = ratio(b['rx-ky']?.warm.cpuPerMessageUs, b['bare-ky']?.warm.cpuPerMessageUs);
  const undiciOver = ratio(b['rx-undici']?.warm.cpuPerMessageUs, b['bare-undici']?.warm.cpuPerMessageUs);
  return [
    {
      scenario: name,
      metric: `bare client CPU/msg, µs (bare fetch ${b['bare-fetch']?.warm.cpuPerMessageUs.toFixed(1) ?? '—'})`,
      ky: b['bare-ky']?.warm.cpuPerMessageUs,
      undici: b['bare-undici']?.warm.cpuPerMessageUs,
    },
    { scenario: name, metric: 'wechat-rx ÷ bare client (CPU/msg)', ky: kyOver, undici: undiciOver, target: '≤ 1.15 (undici)', met: atMost(undiciOver, 1.15), digits: 2 },
    {
      scenario: name,
      metric: 'cold: wechat-rx ÷ bare client',
      ky: ratio(b['rx-ky']?.cold.cpuPerMessageUs, b['bare-ky']?.cold.cpuPerMessageUs),
      undici: ratio(b['rx-undici']?.cold.cpuPerMessageUs, b['bare-undici']?.cold.cpuPerMessageUs),
      digits: 2,
    },
  ];
}
