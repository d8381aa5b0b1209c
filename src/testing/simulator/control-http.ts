/**
 * `/__sim/…`: the control API over HTTP, JSON in and out, on the simulator's own origin. Every route calls the same
 * `Control` method as `sim.*`. Errors answer 4xx with `{ "error": "…" }`.
 */
import type { IncomingMessage } from 'node:http';
import { ControlError } from './control-error.js';
import type { Control } from './control.js';
import type { FaultSpec } from './faults.js';
import { controlJson, HttpError, readBody, type Ctx, type Reply } from './http.js';
import type { InjectSpec } from './inject.js';

/** Route list, also served at `GET /__sim` as help. */
export const CONTROL_ROUTES = [
  'GET    /__sim/sessions',
  'POST   /__sim/phone/{scan|confirm|cancel|expire|refuse|kick|logout}   {session?, code?, message?, account?}',
  'POST   /__sim/inject            {from, group?, kind?, text?, count?, data?, session?, …}',
  'POST   /__sim/contacts/{add|remove|modify}   {contact, session?, …fields}',
  'POST   /__sim/groups/{add-member|remove-member|rename-member}   {group, member?, displayName?, by?, session?}',
  'GET    /__sim/outbox[?session=…]',
  'POST   /__sim/fault              {endpoint, kind, value?, times?, forMs?, after?}',
  'DELETE /__sim/fault[?id=…]',
  'GET    /__sim/stats',
  'POST   /__sim/reset',
] as const;

type Body = Record<string, unknown>;

/** An inject may carry an uploaded picture or file (`data`, base64). */
const INJECT_BODY_LIMIT = 32 * 1024 * 1024;

/** A control call's JSON object body (`{}` when empty); anything else is a 400 (413 past `limit` bytes). */
export async function readControlBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Body> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ControlError(400, 'malformed JSON body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ControlError(400, 'the body must be a JSON object');
  return parsed as Body;
}

export async function handleControl(control: Control, ctx: Ctx): Promise<Reply> {
  try {
    return controlJson(await route(control, ctx));
  } catch (error) {
    const failure = controlFailure(error);
    return controlJson({ error: failure.message }, failure.status);
  }
}

/** The status and message a failed control call answers with (never a stack). */
export function controlFailure(error: unknown): { readonly status: number; readonly message: string } {
  if (error instanceof ControlError || error instanceof HttpError) return { status: error.status, message: error.message };
  // Lookups the world refuses (unknown ids inside a patch) are bad input too.
  return { status: 400, message: error instanceof Error ? error.message : 'control call failed' };
}

async function route(control: Control, ctx: Ctx): Promise<unknown> {
  const parts = ctx.path.split('/').filter((p) => p !== '').slice(1);
  const [section = '', action = ''] = parts;
  const method = ctx.method;
  const post = async (limit?: number): Promise<Body> => {
    if (method !== 'POST') throw new ControlError(405, `use POST for /__sim/${parts.join('/')}`);
    return readControlBody(ctx.req, limit);
  };
  const querySession = ctx.query.get('session') ?? undefined;
  switch (section) {
    case '':
      return { routes: CONTROL_ROUTES };
    case 'sessions':
      return { sessions: control.sessions() };
    case 'phone': {
      const b = await post();
      const phone = control.phone;
      switch (action) {
        case 'scan':
        case 'confirm':
        case 'cancel':
        case 'expire':
        case 'refuse':
        case 'kick':
        case 'logout':
          phone[action](b as never);
          return { ok: true };
        default:
          throw new ControlError(404, `unknown phone action ${JSON.stringify(action)}`);
      }
    }
    case 'inject':
      return control.inject((await post(INJECT_BODY_LIMIT)) as InjectSpec);
    case 'contacts': {
      const b = await post();
      if (action === 'add') return control.addContact(b as never);
      if (typeof b['contact'] !== 'string') throw new ControlError(400, 'contact (a stable id or name) is required');
      if (action === 'remove') return control.removeContact(b as never);
      if (action === 'modify') return control.modifyContact(b as never);
      throw new ControlError(404, `unknown contacts action ${JSON.stringify(action)}`);
    }
    case 'groups': {
      const b = await post();
      if (typeof b['group'] !== 'string') throw new ControlError(400, 'group (a stable id or topic) is required');
      if (action === 'add-member') return control.addGroupMember(b as never);
      if (action === 'remove-member') return control.removeGroupMember(b as never);
      if (action === 'rename-member') return control.renameGroupMember(b as never);
      throw new ControlError(404, `unknown groups action ${JSON.stringify(action)}`);
    }
    case 'outbox':
      return { outbox: control.outbox(querySession === undefined ? {} : { session: querySession }) };
    case 'fault':
      if (method === 'DELETE') {
        const id = ctx.query.get('id');
        return control.clearFaults(id === null ? undefined : Number(id));
      }
      return control.fault((await post()) as unknown as FaultSpec);
    case 'stats':
      return control.stats();
    case 'reset':
      await post();
      control.reset();
      return { ok: true };
    default:
      throw new ControlError(404, `unknown control route /__sim/${parts.join('/')}`);
  }
}
