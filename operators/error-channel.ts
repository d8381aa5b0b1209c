import { type Observable, Subject } from 'rxjs';
import type { ActionError } from '../src/errors/action-error.js';

/** An error channel: errors reported with `report` are emitted by `errors$` (hot: subscribe before they happen). */
export interface ErrorChannel {
  readonly errors$: Observable<ActionError>;
  report(error: ActionError): void;
}

/** Where an action sends its failures: a callback, a `Subject` (anything with `next`), or an `ErrorChannel`. */
export type ErrorSink = ((error: ActionError) => void) | { next(error: ActionError): void } | ErrorChannel;

/**
 * Creates an error channel to pass as `onError` to actions, flow and boundary operators, so one bot's failures can
 * be watched apart from another's.
 *
 * @example
 * ```ts
 * import { createErrorChannel, reply } from 'wechat-rx';
 * import { createTestClient, text } from 'wechat-rx/testing';
 *
 * const failures = createErrorChannel();
 * failures.errors$.subscribe((e) => console.log(e.message));
 * const client = createTestClient();
 * client.failSendsTo('@alice');
 * client.messages$.pipe(reply(client, 'pong', { onError: failures })).subscribe();
 * client.receive(text('ping', { from: '@alice' }));
 * // Output:
 * // reply failed for @alice: NotFriendError: webwxsendmsg failed: 1204 (target is not a friend)
 * ```
 *
 * @returns a channel whose `report` is bound, so it can also be passed around as a plain function.
 */
export function createErrorChannel(): ErrorChannel {
  const subject = new Subject<ActionError>();
  return { errors$: subject.asObservable(), report: (error) => subject.next(error) };
}

const defaultChannel = createErrorChannel();

/**
 * The default error channel: every action, `conversation` and `errorBoundary` given no `onError` reports here.
 * It is hot and keeps nothing, so subscribe before the bot runs; unobserved failures are dropped.
 */
export const actionErrors$: Observable<ActionError> = defaultChannel.errors$;

/** Turns an `onError` option into a reporting function (internal). */
export function toReporter(sink: ErrorSink | undefined): (error: ActionError) => void {
  if (sink === undefined) return defaultChannel.report;
  if (typeof sink === 'function') return sink;
  if ('report' in sink) return (error) => sink.report(error);
  return (error) => sink.next(error);
}
