import { from, isObservable, type Observable, of, EMPTY, throwError } from 'rxjs';
import type { SendResult } from '../src/model/events.js';
import { WeChatError } from '../src/errors/wechat-error.js';
import type { MediaSource } from '../src/model/media-source.js';
import type { MessageSender } from '../src/model/bot-client.js';

/** What a bot can send in answer: text, an image, a file, or nothing (`null`/`undefined`). */
export type ReplyContent =
  | string
  | { readonly text: string }
  | { readonly image: MediaSource }
  | { readonly file: MediaSource; readonly name?: string }
  | null
  | undefined;

/** Content, or an Observable / Promise of it (an Observable may emit several contents, sent in order). */
export type ReplyInput = ReplyContent | Observable<ReplyContent> | PromiseLike<ReplyContent>;

/** Normalizes a reply input to an Observable of contents (internal). */
export function contents$(input: ReplyInput): Observable<ReplyContent> {
  if (isObservable(input)) return input;
  if (typeof input === 'object' && input !== null && 'then' in input) return from(input);
  return of(input);
}

/** Sends one content to a chat with the client method it needs; nothing for `null`/`undefined` (internal). */
export function sendContent(client: MessageSender, chat: string, content: ReplyContent): Observable<SendResult> {
  if (content === null || content === undefined) return EMPTY;
  if (typeof content === 'string') return client.send(chat, content);
  if ('text' in content) return client.send(chat, content.text);
  if ('image' in content) {
    return client.sendImage ? client.sendImage(chat, content.image) : missing('sendImage');
  }
  if (!client.sendFile) return missing('sendFile');
  return content.name === undefined ? client.sendFile(chat, content.file) : client.sendFile(chat, content.file, { name: content.name });
}

function missing(method: string): Observable<never> {
  return throwError(() => new WeChatError(`this client has no ${method}(): it cannot send that content`));
}
