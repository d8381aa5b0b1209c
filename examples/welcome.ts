import { filter, type Observable } from 'rxjs';
import { type BotClient, type ChatMatcher, fromGroup, ofKind, reply, type SendResult, type SystemEvent } from '../src/index.js';

/** The names a system notice says just joined a group. */
export function joinedNames(event: SystemEvent): readonly string[] {
  switch (event.type) {
    case 'group-invite':
      return event.invitees;
    case 'group-join-qr':
      return [event.joiner];
    default:
      return [];
  }
}

/** Welcome message: greets the people who join a group (by invitation or by QR code), optionally one group only. */
export function welcome(client: BotClient, group?: ChatMatcher): Observable<SendResult> {
  return client.messages$.pipe(
    filter(ofKind('system')),
    fromGroup(group),
    reply(client, (m) => {
      const names = joinedNames(m.event);
      return names.length === 0 ? null : `Welcome, ${names.join(', ')}! Say "help" to see what I can do.`;
    }),
  );
}
