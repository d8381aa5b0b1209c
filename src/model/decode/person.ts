import type { RecommendInfo } from '../raw/shapes.js';
import { nonEmpty, opt, toInt } from './fields.js';
import { decodeEmojiSpans } from './text.js';
import type { PersonInfo } from '../message.js';
import { xmlAttr, type XmlNode } from './xml.js';

/**
 * A person from `RecommendInfo` (already unescaped; per-login `UserName`; localised province and city) with the
 * XML attributes of the `<msg …>` element as the fallback for each field. `userNameAttrs` lists the attributes to
 * try for the user name, in order, when `RecommendInfo.UserName` is empty. Undefined when neither source names
 * anyone.
 */
export function personFrom(
  info: RecommendInfo | undefined,
  attrs: XmlNode | undefined,
  userNameAttrs: readonly string[],
  nickNameAttr: string,
): PersonInfo | undefined {
  const attr = (name: string): string | undefined => nonEmpty(xmlAttr(attrs, name));
  const userName = nonEmpty(info?.UserName) ?? firstAttr(attr, userNameAttrs);
  const nickName = nonEmpty(info?.NickName) ?? attr(nickNameAttr);
  if (userName === undefined && nickName === undefined) return undefined;
  const sex = positive(info?.Sex) ?? toInt(attr('sex'));
  return {
    userName: userName ?? '',
    nickName: decodeEmojiSpans(nickName ?? ''),
    ...opt('alias', nonEmpty(info?.Alias) ?? attr('alias')),
    ...opt('province', nonEmpty(info?.Province) ?? attr('province')),
    ...opt('city', nonEmpty(info?.City) ?? attr('city')),
    ...opt('sex', sex),
    ...opt('signature', nonEmpty(info?.Signature) ?? attr('sign')),
    ...opt('verifyFlag', info?.VerifyFlag),
  };
}

function firstAttr(attr: (name: string) => string | undefined, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attr(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** RecommendInfo fills unknown numbers with 0; treat 0 as "not said" so the XML can speak. */
const positive = (n: number | undefined): number | undefined => (n === undefined || n === 0 ? undefined : n);
