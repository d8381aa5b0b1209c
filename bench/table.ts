/** The one table `npm run bench` prints: a row per figure, wechat-rx on both transports next to wechat4u. */
import { fmt } from './stats.js';

export interface Row {
  readonly scenario: string;
  readonly metric: string;
  readonly ky?: number | undefined;
  readonly undici?: number | undefined;
  readonly wechat4u?: number | undefined;
  /** wechat-rx (undici) ÷ wechat4u unless the row says otherwise. */
  readonly ratio?: number | undefined;
  /** e.g. `≤ 0.33`, `≥ 2.5`, `< 50 ms`. */
  readonly target?: string;
  readonly met?: boolean | undefined;
  readonly digits?: number;
}

const HEADER = ['scenario', 'metric', 'wechat-rx (ky)', 'wechat-rx (undici)', 'wechat4u', 'ratio', 'target'] as const;

const cell = (value: number | undefined, digits: number): string => (value === undefined || !Number.isFinite(value) ? '—' : fmt(value, digits));
const ratioCell = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2));

export function formatTable(rows: readonly Row[]): string {
  const lines = rows.map((r) => {
    const digits = r.digits ?? 1;
    const target = r.target === undefined ? '' : `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`.trim();
    return [r.scenario, r.metric, cell(r.ky, digits), cell(r.undici, digits), cell(r.wechat4u, digits), ratioCell(r.ratio), target];
  });
  const widths = HEADER.map((h, i) => Math.max(h.length, ...lines.map((l) => [...(l[i] ?? '')].length)));
  const pad = (text: string, i: number): string => {
    const gap = ' '.repeat((widths[i] ?? 0) - [...text].length);
    return i >= 2 && i <= 5 ? gap + text : text + gap;
  };
  const render = (l: readonly string[]): string => `| ${l.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 5 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [render(HEADER), rule, ...lines.map(render)].join('\n');
}

/** The ratio a ÷ b when both are known. */
export const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

export const atMost = (value: number | undefined, limit: number): boolean | undefined => (value === undefined ? undefined : value <= limit);
export const atLeast = (value: number | undefined, limit: number): boolean | undefined => (value === undefined ? undefined : value >= limit);
