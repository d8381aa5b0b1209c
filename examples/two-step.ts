import { type Observable, switchMap } from 'rxjs';
import { type BotClient, conversation, notFromSelf, ofKind, type WxMessage } from '../src/index.js';

const SIZES = ['S', 'M', 'L'];

/**
 * A two-step conversation: "/order" asks for a size, then for a confirmation; no answer within a minute cancels
 * the order. Messages outside a dialog are emitted, so other handlers can use them.
 */
export function orderDialog(client: BotClient, timeout = 60_000): Observable<WxMessage> {
  return client.messages$.pipe(
    notFromSelf(),
    conversation(client, {
      start: (m) => m.kind === 'text' && m.text.trim() === '/order',
      run: (dialog) =>
        dialog.ask('Which size? S, M or L', { accept: ofKind('text'), timeout }).pipe(
          switchMap((size) => {
            if (size === undefined) return dialog.say('No answer, order cancelled.');
            const chosen = size.text.trim().toUpperCase();
            if (!SIZES.includes(chosen)) return dialog.say(`Sorry, "${size.text}" is not a size. Say /order to start again.`);
            return dialog.ask(`Size ${chosen}. Confirm with yes or no.`, { accept: ofKind('text'), timeout }).pipe(
              switchMap((answer) =>
                answer?.text.trim().toLowerCase() === 'yes'
                  ? dialog.say(`Ordered one size ${chosen}. Thank you!`)
                  : dialog.say('Order cancelled.'),
              ),
            );
          }),
        ),
    }),
  );
}
