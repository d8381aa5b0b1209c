import type { Contact, ContactKind } from '../../model/contact.js';

/** A pattern for one name: a string (exact for `find`, case-insensitive substring for `search`) or a RegExp. */
export type NamePattern = string | RegExp;

/** Fields a contact must match; every given field must match. */
export interface ContactCriteria {
  /** Any of remark, nickname, alias (WeChat ID) or display name. */
  readonly name?: NamePattern;
  readonly nickName?: NamePattern;
  readonly remarkName?: NamePattern;
  readonly alias?: NamePattern;
  readonly displayName?: NamePattern;
  readonly kind?: ContactKind | readonly ContactKind[];
  readonly stableId?: string;
}

/** A name pattern (matched against remark, nickname, alias and display name) or criteria. */
export type ContactQuery = NamePattern | ContactCriteria;

type Mode = 'exact' | 'contains';

function matchesName(value: string | undefined, pattern: NamePattern, mode: Mode): boolean {
  if (value === undefined || value === '') return false;
  if (typeof pattern !== 'string') {
    pattern.lastIndex = 0;
    return pattern.test(value);
  }
  return mode === 'exact' ? value === pattern : value.toLowerCase().includes(pattern.toLowerCase());
}

/** The name fields in the order a match counts: remark first, as the phone shows it. */
const nameFields = (c: Contact): readonly (string | undefined)[] => [c.remarkName, c.nickName, c.alias, c.displayName];

/** The rank of the best name field `pattern` matches (0 remark … 3 display name), or -1. */
function nameRank(contact: Contact, pattern: NamePattern, mode: Mode): number {
  return nameFields(contact).findIndex((value) => matchesName(value, pattern, mode));
}

const KIND_ORDER: Readonly<Record<ContactKind, number>> = { friend: 0, group: 1, official: 2, special: 3, stranger: 4 };

/**
 * How well `contact` matches (lower is better), or -1 when it does not. Friends rank before groups, official and
 * special accounts, and strangers; within a kind, a remark match before a nickname, alias or display name match.
 */
export function rankContact(contact: Contact, query: ContactQuery, mode: Mode): number {
  const kindRank = KIND_ORDER[contact.kind] * 10;
  if (typeof query === 'string' || query instanceof RegExp) {
    const rank = nameRank(contact, query, mode);
    return rank < 0 ? -1 : kindRank + rank;
  }
  if (query.stableId !== undefined && contact.stableId !== query.stableId) return -1;
  if (query.kind !== undefined && !(typeof query.kind === 'string' ? query.kind === contact.kind : query.kind.includes(contact.kind))) return -1;
  const fields: ReadonlyArray<readonly [NamePattern | undefined, string | undefined]> = [
    [query.nickName, contact.nickName],
    [query.remarkName, contact.remarkName],
    [query.alias, contact.alias],
    [query.displayName, contact.displayName],
  ];
  for (const [pattern, value] of fields) if (pattern !== undefined && !matchesName(value, pattern, mode)) return -1;
  if (query.name === undefined) return kindRank;
  const rank = nameRank(contact, query.name, mode);
  return rank < 0 ? -1 : kindRank + rank;
}
