import { filter, ignoreElements, map, merge, type Observable, tap } from 'rxjs';
import { fromFriend } from '../../operators/from-friend.js';
import { fromGroup } from '../../operators/from-group.js';
import { mentioningMe } from '../../operators/mentioning-me.js';
import { notFromSelf } from '../../operators/not-from-self.js';
import { ofKind } from '../../operators/of-kind.js';
import { recalled, type Recalled } from '../../operators/recalled.js';
import { reply } from '../../operators/reply.js';
import { sequentializeByChat } from '../../operators/sequentialize-by-chat.js';
import type { BotClient, MessageSender } from '../model/bot-client.js';
import type { ErrorSink } from '../../operators/error-channel.js';
import type { SendResult } from '../model/events.js';
import type { FileMessage, SystemEvent } from '../model/message.js';

/** What the demo bot does besides replying, so the CLI can show it. */
export interface DemoBotHooks {
  /** Saves a received file; emits once it is on disk. */
  readonly saveFile: (message: FileMessage) => Observable<{ readonly path: string; readonly size: number }>;
  readonly onRecall: (notice: Recalled) => void;
  readonly onError: ErrorSink;
}

const KEYWORDS: Readonly<Record<string, string>> = {
  help: 'I answer "ping", echo what you write, welcome people to groups, save files you send and remember recalled messages.',
  ping: 'pong',
};

const joined = (event: SystemEvent): readonly string[] =>
  event.type === 'group-invite' ? event.invitees : event.type === 'group-join-qr' ? [event.joiner] : [];

/**
 * The sample bot of `wechat-rx demo`, built only from the public operators: keyword replies and echo for friends,
 * an answer to @-mentions in groups, a welcome for people who join, a receipt for files (after saving them) and a
 * log of recalled messages with their originals. Replies keep their order per chat.
 */
export function demoBot(client: BotClient & MessageSender, hooks: DemoBotHooks): Observable<SendResult> {
  const incoming$ = client.messages$.pipe(notFromSelf());
  const options = { onError: hooks.onError };

  const friendTexts$ = incoming$.pipe(
    fromFriend(),
    filter(ofKind('text')),
    reply(client, (m) => KEYWORDS[m.text.trim().toLowerCase()] ?? `echo: ${m.text}`, options),
  );
  const mentions$ = incoming$.pipe(
    fromGroup(),
    mentioningMe(),
    reply(client, (m) => `@${m.senderName ?? 'there'} you called? Send me "help" in private.`, options),
  );
  const welcomes$ = client.messages$.pipe(
    filter(ofKind('system')),
    fromGroup(),
    reply(client, (m) => {
      const names = joined(m.event);
      return names.length === 0 ? null : `Welcome, ${names.join(', ')}!`;
    }, options),
  );
  const files$ = incoming$.pipe(
    filter(ofKind('file')),
    sequentializeByChat((m) =>
      hooks.saveFile(m).pipe(
        map((saved) => ({ chat: m.chat, name: m.fileName, size: saved.size })),
        reply(client, (saved) => `Saved ${saved.name} (${saved.size} bytes).`, options),
      ),
    ),
  );
  const recalls$ = client.messages$.pipe(recalled({ keep: 200 }), tap(hooks.onRecall), ignoreElements());

  return merge(friendTexts$, mentions$, welcomes$, files$, recalls$);
}
