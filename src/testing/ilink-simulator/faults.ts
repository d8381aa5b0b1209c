/**
 * Scripted faults on iLink endpoints, on top of the Web simulator's registry (per endpoint or `*`, for N requests
 * and/or a time window, after M requests): HTTP status (524 included), connection reset, delay, a non-JSON body, or
 * an injected `ret`/`errcode` (docs/ilink-protocol.md §3, §12 item 10).
 */
import { ControlError } from '../simulator/control-error.js';
import type { Clock } from '../simulator/clock.js';
import { FAULT_KINDS, FaultRegistry, type ActiveFault, type FaultSpec } from '../simulator/faults.js';
import { cdnError, json, type Reply } from './http.js';

export const ILINK_ENDPOINTS = [
  'get_bot_qrcode',
  'get_qrcode_status',
  'getupdates',
  'sendmessage',
  'getuploadurl',
  'getconfig',
  'sendtyping',
  'notifystart',
  'notifystop',
  'upload',
  'download',
] as const;
export type IlinkEndpoint = (typeof ILINK_ENDPOINTS)[number];

const CDN_ENDPOINTS: ReadonlySet<string> = new Set(['upload', 'download']);

export interface IlinkFaultSpec extends Omit<FaultSpec, 'endpoint'> {
  /** An endpoint as named in its path (`getupdates`, `notifystart`, the CDN's `upload`/`download`) or `*`. */
  readonly endpoint: IlinkEndpoint | '*';
  /**
   * `retcode` only: the field carrying `value` (default -1): `ret`, `errcode` (the -14 capture's shape) or both.
   * The CDN answers no JSON: `retcode` is refused for `upload`/`download`, and a `*` one reaching them answers
   * HTTP 500 with `x-error-message`. @default 'ret'
   */
  readonly field?: 'ret' | 'errcode' | 'both';
  /** `retcode` only. @default 'injected fault' */
  readonly errmsg?: string;
}

export class IlinkFaults {
  private readonly registry: FaultRegistry;
  private readonly specs = new Map<number, IlinkFaultSpec>();

  constructor(
    clock: Clock,
    /** Told of each change of the faults in force (for the playground). */
    private readonly changed: () => void,
  ) {
    this.registry = new FaultRegistry(clock);
  }

  add(spec: IlinkFaultSpec): { readonly id: number } {
    if (!FAULT_KINDS.includes(spec.kind)) throw new ControlError(400, `unknown fault kind ${String(spec.kind)}`);
    if (spec.endpoint !== '*' && !(ILINK_ENDPOINTS as readonly string[]).includes(spec.endpoint)) throw new ControlError(400, `unknown endpoint ${spec.endpoint}`);
    if (spec.kind === 'retcode' && CDN_ENDPOINTS.has(spec.endpoint)) throw new ControlError(400, 'the CDN answers no JSON: script an http fault instead');
    const live = new Set(this.registry.list().map((f) => f.id));
    for (const id of this.specs.keys()) if (!live.has(id)) this.specs.delete(id);
    const { id } = this.registry.add(spec);
    this.specs.set(id, spec);
    this.changed();
    return { id };
  }

  /** The fault for this request, if any (consumes one of its `times`). */
  take(endpoint: IlinkEndpoint): IlinkFaultSpec | undefined {
    const fault = this.registry.take(endpoint);
    if (fault === undefined) return undefined;
    const spec = this.specs.get(fault.id);
    if (fault.remaining <= 0) this.specs.delete(fault.id);
    this.changed();
    return spec;
  }

  clear(id?: number): { readonly cleared: number } {
    if (id === undefined) this.specs.clear();
    else this.specs.delete(id);
    const cleared = this.registry.clear(id);
    this.changed();
    return { cleared };
  }

  /** The faults in force, with what each has left. */
  list(): readonly ActiveFault[] {
    return this.registry.list();
  }
}

/** The answer a fault gives instead of the endpoint's own (for `http`, `garbage` and `retcode`). */
export function faultReply(spec: IlinkFaultSpec, endpoint: IlinkEndpoint): Reply {
  switch (spec.kind) {
    case 'http': {
      const status = spec.value ?? 500;
      if (CDN_ENDPOINTS.has(endpoint)) return cdnError(status, `injected HTTP ${status}`);
      return { status, headers: { 'Content-Type': 'text/plain' }, body: `error code: ${status}` };
    }
    case 'garbage':
      return { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>\u0000{"ret":' };
    default: {
      const value = spec.value ?? -1;
      if (CDN_ENDPOINTS.has(endpoint)) return cdnError(500, `injected ret ${value}`);
      const field = spec.field ?? 'ret';
      return json({
        ...(field === 'errcode' ? {} : { ret: value }),
        ...(field === 'ret' ? {} : { errcode: value }),
        errmsg: spec.errmsg ?? 'injected fault',
      });
    }
  }
}
