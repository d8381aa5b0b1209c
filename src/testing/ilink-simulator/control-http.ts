/**
 * `/__sim/…` on the iLink simulator's origin: its control API over HTTP, JSON in and out, in the Web simulator's
 * style (body reading and error statuses are shared with it). A refused call answers 4xx with `{ "error": "…" }`.
 */
import { controlFailure, readControlBody } from '../simulator/control-http.js';
import { ControlError } from '../simulator/control-error.js';
import { CONTROL_PREFIX, ILINK_CONTROL_TABLE } from './control-routes.js';
import type { IlinkControl } from './control.js';
import { drain, type Ctx, type Reply } from './http.js';
import { toJson } from './json.js';
import type { IlinkState } from './state.js';

/** Media travel base64 in `inject` bodies: this lets a file of about 48 MiB through. */
export const CONTROL_BODY_LIMIT = 64 * 1024 * 1024;

export const isControlPath = (path: string): boolean => path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/** Ordinary JSON (`message_id` values are strings here, but `toJson` keeps any bigint exact all the same). */
const controlReply = (value: unknown, status = 200, headers: Readonly<Record<string, string>> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: toJson(value),
});

export async function handleIlinkControl(control: IlinkControl, state: IlinkState, ctx: Ctx, path: string): Promise<Reply> {
  const name = path.slice(CONTROL_PREFIX.length).replace(/^\/+|\/+$/g, '');
  const routes = ILINK_CONTROL_TABLE.filter((r) => r.path === name);
  const route = routes.find((r) => r.method === ctx.method);
  try {
    if (route === undefined) {
      await drain(ctx.req);
      if (routes.length === 0) throw new ControlError(404, `unknown control route ${CONTROL_PREFIX}/${name}: GET ${CONTROL_PREFIX} lists them`);
      const allowed = routes.map((r) => r.method).join(', ');
      return controlReply({ error: `use ${allowed} for ${CONTROL_PREFIX}/${name}` }, 405, { Allow: allowed });
    }
    if (Number(ctx.req.headers['content-length'] ?? 0) > CONTROL_BODY_LIMIT) {
      // Answered before the body arrives, then the connection closes: reading it all first would only waste time.
      return controlReply({ error: `body larger than ${CONTROL_BODY_LIMIT} bytes` }, 413, { Connection: 'close' });
    }
    let body: Readonly<Record<string, unknown>> = {};
    if (route.method === 'POST') body = await readControlBody(ctx.req, CONTROL_BODY_LIMIT);
    else await drain(ctx.req);
    return controlReply(await route.run({ control, state, body, query: ctx.query }));
  } catch (error) {
    const failure = controlFailure(error);
    return controlReply({ error: failure.message }, failure.status);
  }
}
