import { type Logger, type LogLevel, redactingLogger } from '../../logging/logger.js';
import { redactIlink } from '../protocol/redact.js';

/** Field names whose values are iLink credentials whatever they look like. */
const SECRET_KEY = /token|ticket|aes_?key|param|authorization|qrcode|cursor|get_updates_buf|full_?url/i;

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactIlink(value);
  if (typeof value !== 'object' || value === null || value instanceof Error) return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => masked(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '***' : masked(item, depth + 1);
  return out;
}

/**
 * The logger the client writes to: iLink's credentials masked by field name and in text (`redactIlink`), then the
 * shared redaction (`redactingLogger`) for everything else.
 */
export function ilinkLogger(logger: Logger): Logger {
  const shared = redactingLogger(logger);
  const wrap =
    (level: LogLevel) =>
    (fields: object | string, message?: string): void => {
      if (typeof fields === 'string') shared[level](redactIlink(fields));
      else if (message === undefined) shared[level](masked(fields) as object);
      else shared[level](masked(fields) as object, redactIlink(message));
    };
  return { trace: wrap('trace'), debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
