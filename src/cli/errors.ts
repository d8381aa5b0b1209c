/**
 * Errors of the command line itself (the library's errors live in src/errors). Their messages are already the words
 * a user reads: what is wrong and what to do.
 */

/** The command line is wrong (an unknown option, a bad or missing value): exit code 2 with a usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A path given on the command line cannot be used (a folder where a file is wanted, a missing folder…). */
export class PathError extends Error {
  override name = 'PathError';

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** `wechat-rx sim --port N` asked for a port another program listens on. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is in use by another program: stop that program, or pick another --port (--port 0 picks a free one)`);
  }
}

/** `wechat-rx sim --host H` named an address this machine cannot listen on (unknown name, or not one of its own). */
export class HostUnusableError extends Error {
  override name = 'HostUnusableError';

  constructor(
    readonly host: string,
    readonly code: string,
  ) {
    super(`cannot listen on ${host} (${code}): give --host an address of this machine, such as 127.0.0.1 (the default) or 0.0.0.0`);
  }
}

/** A command needs an answer typed at the terminal (an iLink pair code), and stdin ended without one. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

/** A command needs a logged-in session first: none is saved yet, or the saved one is no longer accepted. */
export class LoginNeededError extends Error {
  override name = 'LoginNeededError';
}

/** The fleet's Redis did not answer when the command started (not running, a wrong host or port, a firewall). */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';

  constructor(
    /** `host:port` or the socket path: never the URL, which may hold a password. */
    readonly place: string,
    readonly code: string,
  ) {
    super(`cannot reach Redis at ${place} (${code}): start it (redis-server --port 6380 --save '') or check --redis`);
  }
}

/** The fleet's Redis answered but refused this client (a wrong or missing password, a user without rights). */
export class RedisRefusedError extends Error {
  override name = 'RedisRefusedError';

  constructor(
    readonly place: string,
    /** Redis's error code, such as WRONGPASS or NOAUTH. */
    readonly code: string,
  ) {
    super(`Redis at ${place} refused this client (${code}): check the user and password in --redis (redis://USER:PASSWORD@HOST:PORT)`);
  }
}

/** The key that seals the fleet's saved sessions is missing or malformed in the environment. */
export class SessionKeyError extends Error {
  override name = 'SessionKeyError';
}
