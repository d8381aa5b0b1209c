/** The Web protocol's own code tables (docs/protocol.md §3.2, §3.9). Values are the wire numbers. */

/**
 * synccheck `selector` (docs/protocol.md §3.2). Any non-zero selector means "call webwxsync and store the new keys".
 */
export const Selector = {
  NONE: 0,
  UNDOCUMENTED_1: 1,
  NEW_MESSAGE: 2,
  AFTER_MEDIA: 3,
  CONTACT_CHANGED: 4,
  CONTACTS_ADDED_OR_DELETED: 6,
  PHONE_ACTIVITY: 7,
} as const;
export type Selector = (typeof Selector)[keyof typeof Selector];

/** `webwxoplog` `CmdId` and `webwxverifyuser` `Opcode` (docs/protocol.md §3.9). */
export const OplogCmd = { MODIFY_REMARK: 2, TOP: 3 } as const;
export const VerifyOpcode = {
  ADD_DIRECTLY: 1,
  SEND_REQUEST: 2,
  ACCEPT: 3,
  REJECT: 4,
  SENDER_REPLY: 5,
  RECEIVER_REPLY: 6,
} as const;
