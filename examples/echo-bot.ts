import { filter, type Observable } from 'rxjs';
import { type BotClient, fromFriend, notFromSelf, ofKind, reply, type SendResult } from '../src/index.js';

/**
 * Echo bot: answers every text a friend sends you privately with the same text. Run it with
 * `echoBot(client).subscribe()` once `client.login$` has completed.
 */
export function echoBot(client: BotClient): Observable<SendResult> {
  return client.messages$.pipe(notFromSelf(), fromFriend(), filter(ofKind('text')), reply(client, (m) => m.text));
}
