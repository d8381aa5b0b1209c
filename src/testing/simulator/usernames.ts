import { createHash } from 'node:crypto';

/** Accounts whose UserName is their real id at every login (docs/protocol.md §3.8). */
export const FIXED_USERNAMES: ReadonlySet<string> = new Set(['filehelper', 'weixin', 'fmessage']);

/** A group's stable id: `<digits>@chatroom`. */
export const isGroupId = (id: string): boolean => id.endsWith('@chatroom');

export interface UserNamesOptions {
  /** Hex digits after `@` for persons and official accounts: 32 (wechat4u captures) or 64 (2018 captures). */
  readonly personHexLength?: 32 | 64;
  /**
   * Every stable id the world knows, consulted when `idOf` meets a name it has not produced yet (e.g. a client
   * addressing a contact it learned in a previous request of the same login). Without it, unknown names miss.
   */
  readonly universe?: () => Iterable<string>;
}

/**
 * The per-login UserName table: `@` + hex for persons and official accounts, `@@` + 64 hex for groups, derived from
 * a per-session salt and the stable id, so a re-login (new salt) renames everything while the same salt always
 * gives the same names. Two-way: `userNameOf(id)` and `idOf(userName)`.
 */
export class UserNames {
  readonly salt: string;
  private readonly personHexLength: 32 | 64;
  private readonly universe: (() => Iterable<string>) | undefined;
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  constructor(salt: string, options: UserNamesOptions = {}) {
    this.salt = salt;
    this.personHexLength = options.personHexLength ?? 32;
    this.universe = options.universe;
  }

  /** The per-login UserName of a stable id (`wxid_…`, `gh_…`, `…@chatroom`, or a fixed name). */
  userNameOf(id: string): string {
    const known = this.forward.get(id);
    if (known !== undefined) return known;
    const name = FIXED_USERNAMES.has(id) ? id : this.derive(id);
    this.forward.set(id, name);
    this.backward.set(name, id);
    return name;
  }

  /** The stable id behind a per-login UserName, or `undefined` for a name this login never issued. */
  idOf(userName: string): string | undefined {
    if (FIXED_USERNAMES.has(userName)) return userName;
    const known = this.backward.get(userName);
    if (known !== undefined || this.universe === undefined || !userName.startsWith('@')) return known;
    for (const id of this.universe()) {
      if (!this.forward.has(id)) this.userNameOf(id);
    }
    return this.backward.get(userName);
  }

  /** A group's `EncryChatRoomId` (`@` + 32 hex), stable within the login like the UserName. */
  encryChatRoomIdOf(groupId: string): string {
    return '@' + createHash('md5').update(`encry\u0000${this.salt}\u0000${groupId}`).digest('hex');
  }

  private derive(id: string): string {
    const input = `${this.salt}\u0000${id}`;
    if (isGroupId(id)) return '@@' + createHash('sha256').update(input).digest('hex');
    if (this.personHexLength === 64) return '@' + createHash('sha256').update(input).digest('hex');
    return '@' + createHash('md5').update(input).digest('hex');
  }
}

/** Shorthand for `new UserNames(salt, options)`. */
export function createUserNames(salt: string, options: UserNamesOptions = {}): UserNames {
  return new UserNames(salt, options);
}
