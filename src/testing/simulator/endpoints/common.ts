/** What every session endpoint does first: read the JSON body, find and check the session. */
import { authenticate, type AuthInput } from '../auth.js';
import { retcodeReply } from '../bodies.js';
import { readJsonBody, type Ctx, type Reply } from '../http.js';
import type { Session } from '../session.js';
import type { SimState } from '../state.js';

export interface JsonCall {
  readonly session: Session;
  readonly body: Record<string, unknown>;
}

/** A POST JSON call: a body without `BaseRequest` is bad parameters (1); bad credentials answer their code. */
export async function jsonCall(sim: SimState, ctx: Ctx, endpoint: string, input: Omit<AuthInput, 'base'> = {}): Promise<JsonCall | Reply> {
  const body = await readJsonBody(ctx);
  const base = body?.['BaseRequest'];
  if (body === undefined || base === undefined) return retcodeReply(endpoint, 1);
  const auth = authenticate(sim, ctx, { ...input, base, needsSkey: true });
  if ('ret' in auth) return retcodeReply(endpoint, auth.ret);
  return { session: auth.session, body };
}

/** A GET call identified by its query and cookies. */
export function queryCall(sim: SimState, ctx: Ctx, endpoint: string, input: AuthInput = {}): Session | Reply {
  const auth = authenticate(sim, ctx, input);
  if ('ret' in auth) return retcodeReply(endpoint, auth.ret);
  return auth.session;
}

export const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value && 'type' in value;

export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
