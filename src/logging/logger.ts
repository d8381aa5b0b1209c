import { redact } from '../errors/redact.js';

/**
 * The logging port: the method subset pino, bunyan and console-like loggers share. A call is either
 * `(message)` or `(fields, message?)`. wechat-rx logs nothing unless given a logger, and every call it makes
 * passes through `redactingLogger`, so no credential reaches your logs.
 */
export interface Logger {
  trace(fields: object | string, message?: string): void;
  debug(fields: object | string, message?: string): void;
  info(fields: object | string, message?: string): void;
  warn(fields: object | string, message?: string): void;
  error(fields: object | string, message?: string): void;
}

export type LogLevel = keyof Logger;
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

const noop = (): void => undefined;

/** The default: logs nothing. */
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/** Keys whose values are credentials whatever they look like. */
const SECRET_KEY = /^(skey|sid|wxsid|uin|wxuin|pass_?ticket|passTicket|ticket|deviceid|deviceId|DeviceID|cookie|cookies|set-cookie|webwx_data_ticket|webwx_auth_ticket|credentials|Uin|Sid|Skey|BaseRequest)$/i;

/** A deep copy of `value` with credential fields masked and every string redacted (bounded depth, cycle-safe). */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 6 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message), ...(value.stack ? { stack: redact(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '***' : redactValue(item, depth + 1, seen);
  }
  return out;
}

/** Wraps a logger so every message and field is redacted before it sees them. */
export function redactingLogger(logger: Logger): Logger {
  const wrap =
    (level: LogLevel) =>
    (fields: object | string, message?: string): void => {
      if (typeof fields === 'string') logger[level](redact(fields));
      else if (message === undefined) logger[level](redactValue(fields) as object);
      else logger[level](redactValue(fields) as object, redact(message));
    };
  return { trace: wrap('trace'), debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
