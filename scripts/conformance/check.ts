import { Cookie } from 'tough-cookie';
import { RawContact } from '../../src/model/raw/shapes.js';
import { decodeWith } from '../../src/model/raw/decode.js';
import { parseJson, stripJsonComments } from '../../src/web/protocol/json.js';
import {
  parseJsLogin,
  parseLoginPage,
  parseLoginPoll,
  parsePushLogin,
  parseSynccheck,
} from '../../src/web/protocol/login-bodies.js';
import { classifySystemText } from '../../src/model/decode/system.js';
import { decodeMessage, decodeRawMessage } from '../../src/model/decode/decode.js';
import type { SelfInfo, WxMessage } from '../../src/model/message.js';
import { webwxinit, webwxstatusnotify } from '../../src/web/protocol/endpoints/account.js';
import { webwxbatchgetcontact, webwxgetcontact } from '../../src/web/protocol/endpoints/contacts.js';
import { webwxuploadmedia } from '../../src/web/protocol/endpoints/media.js';
import { webwxsendmsg } from '../../src/web/protocol/endpoints/send.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import type { Expectation, Repair } from './expectations.js';

const SELF: SelfInfo = { userName: '@cccccccccccccccccccccccccccccccc', nickName: 'me' };
const SYNTHETIC_GROUP = `@@${'a'.repeat(64)}`;
const SYNTHETIC_PEER = `@${'b'.repeat(32)}`;

/** Runs one expectation; returns a problem description, or undefined when the file decodes as expected. */
export function checkFile(text: string, expectation: Expectation): string | undefined {
  try {
    return check(text, expectation);
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

function repair(text: string, how: Repair | undefined): string {
  switch (how) {
    case 'append-brace':
      return `${text.trimEnd()}\n}`;
    case 'append-gt':
      return `${text.trimEnd()}>`;
    case 'unescape-backslash-quotes':
      return text.replace(/\\"/g, '"');
    default:
      return text;
  }
}

const differs = (what: string, actual: unknown, expected: unknown): string | undefined =>
  JSON.stringify(actual) === JSON.stringify(expected)
    ? undefined
    : `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;

function firstProblem(...problems: Array<string | undefined>): string | undefined {
  return problems.find((p) => p !== undefined);
}

function check(text: string, e: Expectation): string | undefined {
  switch (e.parser) {
    case 'jslogin':
      return differs('uuid', parseJsLogin(text).uuid, e.uuid);
    case 'login': {
      const poll = parseLoginPoll(text);
      return firstProblem(
        differs('code', poll.code, e.code),
        e.redirectHost && 'redirectUri' in poll ? differs('host', new URL(poll.redirectUri).hostname, e.redirectHost) : undefined,
        e.code === 200 && !('redirectUri' in poll) ? 'no redirect_uri' : undefined,
        e.avatar && !('avatar' in poll && poll.avatar) ? 'no avatar' : undefined,
      );
    }
    case 'synccheck': {
      const result = parseSynccheck(text);
      return differs('synccheck', [result.retcode, result.selector], [e.retcode, e.selector]);
    }
    case 'loginpage': {
      const page = parseLoginPage(repair(text, e.repair));
      return firstProblem(
        e.wxuin === '*' ? (/^\d+$/.test(page.wxuin) ? undefined : `wxuin ${page.wxuin}`) : differs('wxuin', page.wxuin, e.wxuin),
        page.skey.startsWith('@crypt_') ? undefined : 'skey is not @crypt_…',
        page.wxsid && page.passTicket ? undefined : 'wxsid or pass_ticket missing',
        e.grayscale === undefined ? undefined : differs('isgrayscale', page.isGrayscale ?? false, e.grayscale),
      );
    }
    case 'pushlogin': {
      const result = parsePushLogin(text);
      return firstProblem(differs('ret', result.ret, e.ret), e.uuid && !result.uuid ? 'no uuid' : undefined);
    }
    case 'set-cookie': {
      const cookies = text
        .split(/\r?\n/)
        .filter((line) => /^set-cookie:/i.test(line))
        .map((line) => Cookie.parse(line.replace(/^set-cookie:\s*/i, '')));
      if (cookies.some((c) => c === undefined)) return 'a Set-Cookie line did not parse';
      const names = cookies.map((c) => c?.key);
      const missing = e.names.filter((n) => !names.includes(n));
      const wrongDomain = (e.domainQqCom ?? []).filter((n) => cookies.find((c) => c?.key === n)?.domain !== 'qq.com');
      return firstProblem(
        missing.length ? `missing cookies ${missing.join(', ')}` : undefined,
        wrongDomain.length ? `not scoped to .qq.com: ${wrongDomain.join(', ')}` : undefined,
      );
    }
    case 'init': {
      const init = webwxinit.decode(text);
      return firstProblem(
        differs('contacts', init.ContactList?.length ?? 0, e.contacts),
        e.user && !init.User.UserName ? 'no User' : undefined,
        e.skey && !init.SKey ? 'no SKey' : undefined,
        init.SyncKey.List.length > 0 ? undefined : 'empty SyncKey',
      );
    }
    case 'getcontact': {
      const page = webwxgetcontact.decode(text);
      return firstProblem(differs('members', page.MemberList.length, e.members), differs('Seq', page.Seq ?? 0, e.seq));
    }
    case 'batchgetcontact': {
      const batch = webwxbatchgetcontact.decode(text);
      const groups = batch.ContactList.filter((c) => c.UserName.startsWith('@@'));
      return firstProblem(
        differs('groups', groups.length, e.groups),
        e.encryChatRoomId && !groups.every((g) => g.EncryChatRoomId?.startsWith('@')) ? 'group without EncryChatRoomId' : undefined,
      );
    }
    case 'sync': {
      const sync = webwxsync.decode(stripJsonComments(text));
      const kinds = sync.AddMsgList.map((raw) => decodeRawMessage(raw, SELF).kind);
      return firstProblem(
        differs('kinds', kinds, e.kinds),
        differs('SyncCheckKey present', sync.SyncCheckKey !== undefined, e.syncCheckKey),
        e.modContacts === undefined ? undefined : differs('ModContactList', sync.ModContactList?.length ?? 0, e.modContacts),
        idsExact(text, sync.AddMsgList),
      );
    }
    case 'statusnotify':
      return differs('Ret', webwxstatusnotify.decode(text).BaseResponse.Ret, e.ret);
    case 'send': {
      const sent = webwxsendmsg.decode(text);
      return firstProblem(differs('Ret', sent.BaseResponse.Ret, e.ret), differs('MsgID', sent.MsgID ?? '', e.msgId));
    }
    case 'upload': {
      const upload = webwxuploadmedia.decode(text);
      return firstProblem(
        e.mediaId && !upload.MediaId?.startsWith('@crypt_') ? 'no MediaId' : undefined,
        differs('StartPos', upload.StartPos, e.startPos),
      );
    }
    case 'contact': {
      const contact = decodeWith(RawContact, 'webwxbatchgetcontact', parseJson(text, 'webwxbatchgetcontact'));
      return differs('members', contact.MemberList?.length ?? 0, e.members);
    }
    case 'message': {
      const message = decodeRawMessage(parseJson(stripJsonComments(repair(text, e.repair)), 'message'), SELF);
      return firstProblem(
        differs('kind', message.kind, e.kind),
        differs('isGroup', message.isGroup, e.isGroup),
        e.id === undefined ? undefined : differs('id', message.id, e.id),
        e.text === undefined ? undefined : differs('text', textOf(message), e.text),
        e.mentions === undefined ? undefined : differs('mentions', message.kind === 'text' ? message.mentions : undefined, e.mentions),
        message.time > 0 ? undefined : 'no time',
      );
    }
    case 'content': {
      const group = e.group;
      const message = decodeMessage(
        {
          MsgId: '1000000000000000001',
          FromUserName: group ? SYNTHETIC_GROUP : SYNTHETIC_PEER,
          ToUserName: SELF.userName,
          MsgType: e.msgType,
          Content: repair(text, e.repair),
          CreateTime: 1_546_215_540,
          ...(e.appMsgType === undefined ? {} : { AppMsgType: e.appMsgType }),
        },
        SELF,
      );
      return firstProblem(
        differs('kind', message.kind, e.kind),
        differs('isGroup', message.isGroup, group),
        e.contains === undefined || JSON.stringify(message).includes(e.contains) ? undefined : `does not contain ${e.contains}`,
      );
    }
    case 'system-texts': {
      const data = JSON.parse(text) as Record<string, unknown>;
      const problems: string[] = [];
      for (const [key, expected] of Object.entries(e.events)) {
        const texts = key in data ? [data[key]].flat() : [key];
        for (const sample of texts) {
          if (typeof sample !== 'string') continue;
          const got = classifySystemText(sample).type;
          if (got !== expected) problems.push(`${JSON.stringify(sample)} → ${got}, expected ${expected}`);
        }
      }
      const all = Object.values(data).flat().filter((v): v is string => typeof v === 'string' && !v.includes('exact-match'));
      const unclassified = 'parseRoomJoin' in data ? all.filter((s) => classifySystemText(s).type === 'other') : [];
      problems.push(...unclassified.map((s) => `${JSON.stringify(s)} not recognised`));
      return problems.length ? problems.join('; ') : undefined;
    }
  }
}

function textOf(message: WxMessage): string | undefined {
  return 'text' in message ? message.text : undefined;
}

/** Every MsgId in the decoded list must appear verbatim in the body: ids are never rounded. */
function idsExact(body: string, messages: readonly unknown[]): string | undefined {
  for (const raw of messages) {
    const id = (raw as { MsgId?: unknown }).MsgId;
    if (typeof id !== 'string' || !body.includes(id)) return `MsgId ${String(id)} not exact`;
  }
  return undefined;
}
