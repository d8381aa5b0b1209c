import { filter, type Observable } from 'rxjs';
import { type BotClient, type ErrorSink, forwardTo, notFromSelf, ofKind, type SendResult } from '../src/index.js';

/**
 * File forwarder: forwards every file someone sends you (privately or in a group) to an archive chat, such as
 * `filehelper` or a group of your own. Needs a client with `forward` (the test client has it).
 */
export function fileForwarder(client: BotClient, archive: string, onError?: ErrorSink): Observable<SendResult> {
  return client.messages$.pipe(
    notFromSelf(),
    filter(ofKind('file')),
    filter((m) => m.chat !== archive),
    forwardTo(client, archive, onError === undefined ? {} : { onError }),
  );
}
