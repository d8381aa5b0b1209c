/** The key that seals the sessions a fleet keeps in Redis, as the `fleet` commands get it. */
import { randomBytes } from 'node:crypto';
import { isInvalidArgumentError } from '../errors/guards.js';
import { SESSION_KEY_ENV, SessionKeyring } from '../redis/session-keyring.js';
import { SessionKeyError } from './errors.js';

/**
 * The keyring of `WECHAT_RX_SESSION_KEY` (and `WECHAT_RX_SESSION_PREVIOUS_KEYS`). A missing or malformed key is a
 * `SessionKeyError` saying, in one line, what to set: the variable's name, never its value.
 */
export function sessionKeyring(env: NodeJS.ProcessEnv = process.env): SessionKeyring {
  try {
    return SessionKeyring.fromEnv(env);
  } catch (error) {
    if (!isInvalidArgumentError(error)) throw error;
    if (!hasSessionKey(env)) {
      throw new SessionKeyError(
        `${SESSION_KEY_ENV} is not set: the fleet seals the sessions it keeps in Redis with it. ` +
          `Make one with export ${SESSION_KEY_ENV}="$(openssl rand -base64 32)" and give every process of the fleet the same key.`,
      );
    }
    throw new SessionKeyError(`${error.argument} ${error.reason}; every process of the fleet needs the same key.`);
  }
}

export function hasSessionKey(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[SESSION_KEY_ENV] ?? '').trim() !== '';
}

/** A key for this run alone, for sessions not worth keeping (simulated accounts) or never opened (a worker). */
export function throwawayKeyring(): SessionKeyring {
  return new SessionKeyring({ current: randomBytes(32) });
}
