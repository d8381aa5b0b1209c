import {
  asyncScheduler,
  defer,
  ignoreElements,
  merge,
  type MonoTypeOperatorFunction,
  Observable,
  type ObservableInput,
  type SchedulerLike,
  Subscription,
  takeUntil,
  timer,
} from 'rxjs';
import type { SendResult } from '../src/model/events.js';
import { ActionError } from '../src/errors/action-error.js';
import { WeChatError } from '../src/errors/wechat-error.js';
import type { WxMessage } from '../src/model/message.js';
import type { MessageSender } from '../src/model/bot-client.js';
import { type ErrorSink, toReporter } from './error-channel.js';
import { type ReplyContent, sendContent } from './send-content.js';

export interface AskOptions<M> {
  /** How long to wait for the answer, in ms; then the ask emits `undefined`. @default 300000 */
  readonly timeout?: number;
  /** Which messages count as the answer; the others pass downstream. @default every message of the partner */
  readonly accept?: (message: M) => boolean;
}

/** One running dialog, handed to `run`: it talks to the chat that started it and hears only its partner. */
export interface Dialog<M extends WxMessage> {
  /** The message that started the dialog. */
  readonly first: M;
  /** Where the dialog talks: the chat of `first`. */
  readonly chat: string;
  /** Sends content to the chat; emits the send result. */
  say(content: ReplyContent): Observable<SendResult>;
  /**
   * Sends `prompt` (unless `null`) and waits for the partner's next accepted message: emits it, or `undefined`
   * when `timeout` passes first, then completes. The wait starts before the prompt is sent, so a quick answer is
   * never missed. One ask at a time per dialog.
   */
  ask<A extends M>(prompt: ReplyContent, options: AskOptions<M> & { readonly accept: (message: M) => message is A }): Observable<A | undefined>;
  ask(prompt: ReplyContent, options?: AskOptions<M>): Observable<M | undefined>;
}

export interface ConversationConfig<M extends WxMessage> {
  /** Whether a message (outside a running dialog) starts one. */
  readonly start: (message: M) => boolean;
  /** The dialog: ask, wait, branch. The dialog ends when this completes or errors. */
  readonly run: (dialog: Dialog<M>) => ObservableInput<unknown>;
  /** Whose messages belong to a dialog: the starter's only (`sender`), or anyone in the chat. @default 'sender' */
  readonly scope?: 'sender' | 'chat';
  /** A dialog still running after this long is cancelled, so state stays bounded. @default 600000 */
  readonly maxDuration?: number;
  /** Where a failing dialog (a send, an ask, `run` itself) is reported. @default actionErrors$ */
  readonly onError?: ErrorSink;
  /** The timers for timeouts; a `TestScheduler` runs it in virtual time. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

interface Waiting<M> {
  readonly accept: (message: M) => boolean;
  readonly deliver: (message: M) => void;
  readonly fail: (error: unknown) => void;
}

interface DialogState<M> {
  waiting: Waiting<M> | undefined;
}

/**
 * Multi-step dialogs, one per chat partner at a time: a message for which `start` is true begins a dialog, and
 * `run(dialog)` scripts it with `dialog.ask(prompt, { timeout })` (the answer, or `undefined` on timeout) and
 * `dialog.say(content)`, branching with ordinary operators. While a dialog waits for an answer, the partner's
 * accepted messages go to it; every other message passes downstream, so the rest of the bot keeps working.
 * Failures are reported to `onError` and end only that dialog. State is one entry per running dialog, removed
 * when it ends (or after `maxDuration`). Output completes when the source has and the running dialogs are done.
 *
 * Like a waiter who takes one table's order in steps (starter? main? drinks?) while the other tables carry on.
 *
 * ```text
 * source:   -o--x--s-----|      (o = "/order" from Alice, x = Bob's text, s = "S" from Alice)
 *             conversation(client, { start: isOrder, run: (d) => d.ask('Size?').pipe(…d.say('Size S')) })
 * result:   ----x--------|      (sends: "Size?" at frame 1, "Size S" at frame 7)
 * ```
 *
 * @example
 * ```ts
 * import { conversation, ofKind } from 'wechat-rx';
 * import { createTestClient, text } from 'wechat-rx/testing';
 * import { switchMap } from 'rxjs';
 *
 * const client = createTestClient();
 * client.messages$
 *   .pipe(
 *     conversation(client, {
 *       start: (m) => m.kind === 'text' && m.text === '/order',
 *       run: (dialog) =>
 *         dialog.ask('Which size? S, M or L', { accept: ofKind('text'), timeout: 60_000 }).pipe(
 *           switchMap((answer) => dialog.say(answer ? `Ordered size ${answer.text}` : 'Order cancelled')),
 *         ),
 *     }),
 *   )
 *   .subscribe();
 * client.receive([text('/order'), text('M')]);
 * console.log(client.sent.map((s) => s.type === 'text' && s.text));
 * // Output:
 * // [ 'Which size? S, M or L', 'Ordered size M' ]
 * ```
 *
 * @see sequentializeByChat for per-chat order without dialog state.
 * @param client anything with `send` (and the media methods for media content).
 * @param config when a dialog starts, its script, its scope and limits.
 * @returns an operator passing on the messages no dialog consumed.
 */
export function conversation<M extends WxMessage>(client: MessageSender, config: ConversationConfig<M>): MonoTypeOperatorFunction<M> {
  const { start, run, scope = 'sender', maxDuration = 600_000, scheduler = asyncScheduler } = config;
  const report = toReporter(config.onError);
  const keyOf = scope === 'chat' ? (m: M) => m.chat : (m: M) => `${m.chat}\n${m.from}`;

  return (source) =>
    new Observable<M>((subscriber) => {
      const dialogs = new Map<string, DialogState<M>>();
      const running = new Subscription();
      let sourceDone = false;

      const begin = (key: string, first: M): void => {
        const state: DialogState<M> = { waiting: undefined };
        dialogs.set(key, state);
        const holder = new Subscription();
        running.add(holder);
        const end = (): void => {
          if (dialogs.get(key) === state) dialogs.delete(key);
          running.remove(holder);
          if (sourceDone && dialogs.size === 0) subscriber.complete();
        };
        const script$ = defer(() => run(createDialog(client, first, state, scheduler)));
        const bounded$ = maxDuration === Infinity ? script$ : script$.pipe(takeUntil(timer(maxDuration, scheduler)));
        holder.add(
          bounded$.subscribe({
            error: (error: unknown) => {
              report(new ActionError('conversation', first, error, first.chat));
              end();
            },
            complete: end,
          }),
        );
      };

      running.add(
        source.subscribe({
          next: (message) => {
            const key = keyOf(message);
            const state = dialogs.get(key);
            if (state !== undefined) {
              if (!offer(state, message)) subscriber.next(message);
              return;
            }
            let starts: boolean;
            try {
              starts = start(message);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            if (starts) begin(key, message);
            else subscriber.next(message);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            sourceDone = true;
            if (dialogs.size === 0) subscriber.complete();
          },
        }),
      );
      return running;
    });
}

/** Hands a message to the dialog's pending ask, if it waits and accepts it. */
function offer<M>(state: DialogState<M>, message: M): boolean {
  const waiting = state.waiting;
  if (waiting === undefined) return false;
  let accepted: boolean;
  try {
    accepted = waiting.accept(message);
  } catch (error) {
    waiting.fail(error);
    return false;
  }
  if (accepted) waiting.deliver(message);
  return accepted;
}

function createDialog<M extends WxMessage>(client: MessageSender, first: M, state: DialogState<M>, scheduler: SchedulerLike): Dialog<M> {
  const chat = first.chat;
  const say = (content: ReplyContent): Observable<SendResult> => defer(() => sendContent(client, chat, content));
  const answer$ = (options: AskOptions<M>) =>
    new Observable<M | undefined>((subscriber) => {
      if (state.waiting !== undefined) {
        subscriber.error(new WeChatError('conversation: ask() called while another ask() of the dialog is waiting'));
        return undefined;
      }
      const settle = (value: M | undefined): void => {
        state.waiting = undefined;
        subscriber.next(value);
        subscriber.complete();
      };
      const waiting: Waiting<M> = {
        accept: options.accept ?? (() => true),
        deliver: settle,
        fail: (error) => subscriber.error(error),
      };
      state.waiting = waiting;
      const teardown = new Subscription(() => {
        if (state.waiting === waiting) state.waiting = undefined;
      });
      const timeout = options.timeout ?? 300_000;
      if (timeout !== Infinity) teardown.add(scheduler.schedule(() => settle(undefined), timeout));
      return teardown;
    });
  const ask = (prompt: ReplyContent, options: AskOptions<M> = {}): Observable<M | undefined> =>
    merge(answer$(options), say(prompt).pipe(ignoreElements()));
  return { first, chat, say, ask };
}
