/**
 * The sender prefix of a group message (docs/protocol.md §4.3): `@<hex>:<br/>`, or `@<hex>:\n` in payloads
 * re-serialised by itchat4j. Case-insensitive hex so a client that upper-cased ids still splits.
 */
const GROUP_PREFIX = /^(@[0-9a-fA-F]+):(?:<br\/>|\n)/;

export const isGroupName = (userName: string): boolean => userName.startsWith('@@');

/** Who a message is from and where it belongs, plus the content without the group prefix. */
export interface Route {
  readonly chat: string;
  readonly from: string;
  readonly isGroup: boolean;
  readonly isSelf: boolean;
  /** `Content` with the sender prefix removed, still escaped (`<br/>`, entities). */
  readonly content: string;
}

/**
 * Splits a message into conversation, sender and content. The prefix is split only when the group is the sender
 * (`FromUserName` starts with `@@`) and the content starts with it: messages the user sent into a group (from the
 * phone, `FromUserName` = self, `ToUserName` = `@@…`) carry none, and a group's own system texts have none either,
 * in which case the group itself is the sender.
 */
export function routeMessage(fromUserName: string, toUserName: string, content: string, selfUserName: string): Route {
  if (isGroupName(fromUserName)) {
    const match = content.startsWith('@') ? GROUP_PREFIX.exec(content) : null;
    const member = match?.[1];
    const from = member ?? fromUserName;
    return {
      chat: fromUserName,
      from,
      isGroup: true,
      isSelf: from === selfUserName,
      content: match === null ? content : content.slice(match[0].length),
    };
  }
  const isSelf = fromUserName === selfUserName;
  return {
    chat: isSelf || isGroupName(toUserName) ? toUserName : fromUserName,
    from: fromUserName,
    isGroup: isGroupName(toUserName),
    isSelf,
    content,
  };
}
