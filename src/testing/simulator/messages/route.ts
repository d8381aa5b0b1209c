/** Who a message goes from and to on the wire, and the sender prefix a group message carries. */
import type { FromSpec, MessageContext } from './specs.js';

export interface Route {
  readonly from: string;
  readonly to: string;
  /** `@<sender>:<br/>` for a group message from someone else, else `''`. */
  readonly prefix: string;
  readonly selfSent: boolean;
}

export function route(spec: FromSpec, ctx: MessageContext): Route {
  const { world, userNames } = ctx;
  const selfId = world.self.id;
  const selfName = userNames.userNameOf(selfId);
  const selfSent = spec.from === selfId;
  if (spec.group !== undefined) {
    const groupName = userNames.userNameOf(spec.group);
    return selfSent
      ? { from: selfName, to: groupName, prefix: '', selfSent }
      : { from: groupName, to: selfName, prefix: `${userNames.userNameOf(spec.from)}:<br/>`, selfSent };
  }
  if (selfSent) return { from: selfName, to: userNames.userNameOf(spec.to ?? 'filehelper'), prefix: '', selfSent };
  return { from: userNames.userNameOf(spec.from), to: selfName, prefix: '', selfSent };
}
