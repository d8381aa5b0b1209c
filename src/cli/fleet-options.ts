/**
 * The options the `wechat-rx fleet` commands share (where the fleet lives: Redis, namespace, shards) and their
 * checks: a wrong value is a usage error (exit code 2). The Redis URL is checked without quoting it, since it may
 * hold a password.
 */
import { type Command, InvalidArgumentError as InvalidOptionValue, Option } from 'commander';
import { ACCOUNT_ID } from '../redis/fleet/fleet-keys.js';
import { USAGE_EXIT_CODE } from './command.js';
import { integerBetween } from './option-values.js';

/** Where a fleet lives, as every `fleet` command takes it. */
export interface FleetWhereArgs {
  readonly redis: string;
  readonly namespace: string;
  readonly shards: number;
}

/**
 * Adds `--redis`, `--namespace` and `--shards`. `--redis` is required, but checked by `checkRedisUrl` in the action
 * rather than by commander: commander would also require a parent's mandatory options of its subcommands.
 */
export function withFleetOptions(command: Command): Command {
  return command
    .option('--redis <url>', "the fleet's Redis (>= 7), required: redis://[:PASSWORD@]HOST:PORT, rediss://… (TLS) or unix:///path/to/redis.sock")
    .option('--namespace <ns>', "the prefix of the fleet's Redis keys; two fleets on one Redis need two", keyName, 'wx')
    .option('--shards <n>', 'the shards the accounts are spread over, 1-16384: the same in every process of a fleet', integerBetween(1, 16_384), 64);
}

/** `--group NAME`: the workers' consumer group. */
export function groupOption(description: string): Option {
  return new Option('--group <name>', description).argParser(keyName).default('bots');
}

/** A namespace or group name: it goes into Redis key names and hash tags. */
export function keyName(text: string): string {
  if (!/^[\w.:-]{1,64}$/.test(text)) throw new InvalidOptionValue('expected 1 to 64 letters, digits or ._:-');
  return text;
}

/** An account's name in the fleet. */
export function accountName(text: string): string {
  if (!ACCOUNT_ID.test(text)) throw new InvalidOptionValue('expected 1 to 128 letters, digits or ._@:-');
  return text;
}

/** Ends the command with a usage error when `--redis` is missing or no Redis URL. */
export function checkRedisUrl(command: Command, url: string | undefined): asserts url is string {
  if (url === undefined) command.error("error: required option '--redis <url>' not specified", { exitCode: USAGE_EXIT_CODE });
  const problem = redisUrlProblem(url);
  if (problem !== undefined) {
    command.error(`error: option '--redis <url>' ${problem} (the value is not repeated: it may hold a password)`, { exitCode: USAGE_EXIT_CODE });
  }
}

function redisUrlProblem(text: string): string | undefined {
  const expected = 'expected redis://HOST:PORT, rediss://HOST:PORT or unix:///path/to/redis.sock';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `is not a URL: ${expected}`;
  }
  if (url.protocol === 'unix:') return url.pathname.length > 1 ? undefined : `names no socket: ${expected}`;
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `is not a Redis URL: ${expected}`;
  return url.hostname === '' ? `names no host: ${expected}` : undefined;
}
