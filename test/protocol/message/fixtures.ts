/**
 * Invented AddMsgList elements in the server's wire format (escaped XML, `<br/>` separators, group prefixes, the
 * full field set with empty defaults), modelled on the corpus shapes. Names and ids are made up.
 */
import type { SelfInfo } from '../../../src/model/message.js';

export const SELF_NAME = '@5e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b';
export const GROUP = '@@7c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b';
export const ALICE = '@a11ce0000000000000000000000000000000000000000000000000000000a1ce';
export const BOB = '@b0b00000000000000000000000000b0b';

export const SELF: SelfInfo = {
  userName: SELF_NAME,
  nickName: 'Mira<span class="emoji emoji1f338"></span>',
  displayNameIn: (group) => (group === GROUP ? '小米' : undefined),
};

const EMPTY_RECOMMEND = {
  UserName: '',
  NickName: '',
  QQNum: 0,
  Province: '',
  City: '',
  Content: '',
  Signature: '',
  Alias: '',
  Scene: 0,
  VerifyFlag: 0,
  AttrStatus: 0,
  Sex: 0,
  Ticket: '',
  OpCode: 0,
};

/** A complete AddMsgList element as webwxsync sends it; `fields` override the defaults. */
export function addMsg(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    MsgId: '7301234567890123456',
    FromUserName: ALICE,
    ToUserName: SELF_NAME,
    MsgType: 1,
    Content: '',
    Status: 3,
    ImgStatus: 1,
    CreateTime: 1_700_000_000,
    VoiceLength: 0,
    PlayLength: 0,
    FileName: '',
    FileSize: '',
    MediaId: '',
    Url: '',
    AppMsgType: 0,
    StatusNotifyCode: 0,
    StatusNotifyUserName: '',
    RecommendInfo: EMPTY_RECOMMEND,
    ForwardFlag: 0,
    AppInfo: { AppID: '', Type: 0 },
    HasProductId: 0,
    Ticket: '',
    ImgHeight: 0,
    ImgWidth: 0,
    SubMsgType: 0,
    NewMsgId: '7301234567890123456',
    OriContent: '',
    EncryFileName: '',
    ...fields,
  };
}

/** The `@member:<br/>` prefix the server puts before the content of a group message. */
export const fromMember = (member: string, content: string): string => `${member}:<br/>${content}`;

export const IMAGE_CONTENT =
  '&lt;?xml version="1.0"?&gt;<br/>&lt;msg&gt;<br/>\t&lt;img aeskey="0f1e2d3c4b5a69788796a5b4c3d2e1f0" encryver="1" cdnthumbaeskey="0f1e2d3c4b5a69788796a5b4c3d2e1f0" cdnthumburl="3057020100044b30490201000204aa" cdnthumblength="5120" cdnthumbheight="120" cdnthumbwidth="90" cdnmidheight="0" cdnmidwidth="0" cdnhdheight="0" cdnhdwidth="0" cdnmidimgurl="3057020100044b30490201000204aa" length="81234" md5="9a8b7c6d5e4f30211203f4e5d6c7b8a9" /&gt;<br/>&lt;/msg&gt;<br/>';

export const VOICE_CONTENT =
  '&lt;msg&gt;&lt;voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="4210" length="6021" bufid="12345678901234567" clientmsgid="41aa00ffaa00ffaa00ffaa00ffaa00ff" fromusername="wxid_alice00000001" /&gt;&lt;/msg&gt;';

export const VIDEO_CONTENT =
  '&lt;?xml version="1.0"?&gt;<br/>&lt;msg&gt;<br/>\t&lt;videomsg aeskey="aa" cdnthumbaeskey="aa" cdnvideourl="3068" cdnthumburl="3068" length="523001" playlength="7" cdnthumblength="9001" cdnthumbwidth="540" cdnthumbheight="960" fromusername="wxid_alice00000001" md5="00112233445566778899aabbccddeeff" newmd5="ffeeddccbbaa99887766554433221100" isad="0" /&gt;<br/>&lt;/msg&gt;<br/>';

export const STICKER_CONTENT =
  '&lt;msg&gt;&lt;emoji fromusername = "wxid_alice00000001" tousername = "wxid_mira000000001" type="2" idbuffer="media:0_0" md5="c0ffee00c0ffee00c0ffee00c0ffee00" len = "20480" productid="com.tencent.xin.emoticon.person.stiker_1500000000abc" androidmd5="c0ffee00c0ffee00c0ffee00c0ffee00" androidlen="20480" cdnurl = "http://emoji.qpic.cn/wx_emoji/AbCdEfGh/" designerid = "" thumburl = "" encrypturl = "http://emoji.qpic.cn/wx_emoji/ZyXw/" aeskey= "1234" width="240" height="240" &gt;&lt;/emoji&gt; &lt;gameext type="0" content="0" &gt;&lt;/gameext&gt;&lt;/msg&gt;';

export const CUSTOM_EMOJI_CONTENT =
  '&lt;msg&gt;&lt;emoji fromusername="wxid_bob0000000001" tousername="1234567890@chatroom" type="2" idbuffer="media:0_0" md5="beefbeefbeefbeefbeefbeefbeefbeef" len="4096" productid="" cdnurl="http://emoji.qpic.cn/wx_emoji/QwErTy/" designerid="" thumburl="" encrypturl="" aeskey="" width="80" height="80"&gt;&lt;/emoji&gt;&lt;/msg&gt;';

export const CARD_CONTENT =
  '&lt;?xml version="1.0"?&gt;<br/>&lt;msg bigheadimgurl="http://wx.qlogo.cn/mmhead/ver_1/abc/0" smallheadimgurl="http://wx.qlogo.cn/mmhead/ver_1/abc/132" username="v1_0a1b2c3d4e5f@stranger" nickname="Chen &amp;amp; Co"  shortpy="CC" alias="chenco" imagestatus="3" scene="17" province="Sichuan" city="Chengdu" sign="hello &amp;lt;world&amp;gt;" sex="2" certflag="0" certinfo="" brandIconUrl="" brandHomeUrl="" brandSubscriptConfigUrl="" brandFlags="0" regionCode="CN_Sichuan_Chengdu" antispamticket="v2_00ff@stranger" /&gt;<br/>';

/** A friend request whose greeting has a quote: `&amp;quot;` in the escaped XML attribute (docs/protocol.md §4.2). */
export const FRIEND_REQUEST_CONTENT =
  '&lt;msg fromusername="wxid_dora000000001" encryptusername="v1_d0ra0000d0ra@stranger" fromnickname="Dora" content="I am &amp;quot;Dora&amp;quot; from the &amp;amp; club"  shortpy="DORA" imagestatus="3" scene="14" country="CN" province="Hubei" city="Wuhan" sign="" percard="1" sex="2" alias="" weibo="" albumflag="0" snsflag="17" ticket="v2_d0ra1111d0ra@stranger" opcode="2" googlecontact="" qrticket="" chatroomusername="1234567@chatroom" sourceusername="" sourcenickname=""&gt;&lt;brandlist count="0" ver="700000000"&gt;&lt;/brandlist&gt;&lt;/msg&gt;';

export const LINK_CONTENT =
  '&lt;msg&gt;&lt;appmsg appid="" sdkver="0"&gt;&lt;title&gt;Tea &amp;amp; cakes: a guide&lt;/title&gt;&lt;des&gt;Ten shops worth a visit&lt;/des&gt;&lt;action&gt;view&lt;/action&gt;&lt;type&gt;5&lt;/type&gt;&lt;showtype&gt;0&lt;/showtype&gt;&lt;content&gt;&lt;/content&gt;&lt;url&gt;https://example.com/article?id=42&amp;amp;from=wx&lt;/url&gt;&lt;lowurl&gt;&lt;/lowurl&gt;&lt;appattach&gt;&lt;totallen&gt;0&lt;/totallen&gt;&lt;attachid&gt;&lt;/attachid&gt;&lt;fileext&gt;&lt;/fileext&gt;&lt;/appattach&gt;&lt;extinfo&gt;&lt;/extinfo&gt;&lt;/appmsg&gt;&lt;fromusername&gt;&lt;/fromusername&gt;&lt;scene&gt;0&lt;/scene&gt;&lt;appinfo&gt;&lt;version&gt;1&lt;/version&gt;&lt;appname&gt;&lt;/appname&gt;&lt;/appinfo&gt;&lt;commenturl&gt;&lt;/commenturl&gt;&lt;/msg&gt;';

export const FILE_CONTENT =
  '&lt;msg&gt;&lt;appmsg appid="wx6618f1cfc6c132f8" sdkver="0"&gt;&lt;title&gt;report-Q3.pdf&lt;/title&gt;&lt;des&gt;&lt;/des&gt;&lt;action&gt;view&lt;/action&gt;&lt;type&gt;6&lt;/type&gt;&lt;showtype&gt;0&lt;/showtype&gt;&lt;content&gt;&lt;/content&gt;&lt;url&gt;&lt;/url&gt;&lt;appattach&gt;&lt;totallen&gt;482113&lt;/totallen&gt;&lt;attachid&gt;@cdn_3057abcdef_1&lt;/attachid&gt;&lt;emoticonmd5&gt;&lt;/emoticonmd5&gt;&lt;fileext&gt;pdf&lt;/fileext&gt;&lt;cdnattachurl&gt;3057abcdef&lt;/cdnattachurl&gt;&lt;aeskey&gt;00aa&lt;/aeskey&gt;&lt;encryver&gt;1&lt;/encryver&gt;&lt;/appattach&gt;&lt;md5&gt;0123&lt;/md5&gt;&lt;/appmsg&gt;&lt;fromusername&gt;wxid_bob0000000001&lt;/fromusername&gt;&lt;scene&gt;0&lt;/scene&gt;&lt;appinfo&gt;&lt;version&gt;7&lt;/version&gt;&lt;appname&gt;微信电脑版&lt;/appname&gt;&lt;/appinfo&gt;&lt;commenturl&gt;&lt;/commenturl&gt;&lt;/msg&gt;&lt;br/&gt;<br/>';

export const TRANSFER_CONTENT =
  '&lt;msg&gt;<br/>&lt;appmsg appid="" sdkver=""&gt;<br/>&lt;title&gt;&lt;![CDATA[微信转账]]&gt;&lt;/title&gt;<br/>&lt;des&gt;&lt;![CDATA[收到转账12.50元。如需收钱，请点此升级至最新版本]]&gt;&lt;/des&gt;<br/>&lt;action&gt;&lt;/action&gt;<br/>&lt;type&gt;2000&lt;/type&gt;<br/>&lt;content&gt;&lt;![CDATA[]]&gt;&lt;/content&gt;<br/>&lt;url&gt;&lt;![CDATA[https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/common_page__upgrade&amp;text=text001]]&gt;&lt;/url&gt;<br/>&lt;wcpayinfo&gt;<br/>&lt;paysubtype&gt;1&lt;/paysubtype&gt;<br/>&lt;feedesc&gt;&lt;![CDATA[￥12.50]]&gt;&lt;/feedesc&gt;<br/>&lt;transcationid&gt;&lt;![CDATA[100005010123456789012345678900000000]]&gt;&lt;/transcationid&gt;<br/>&lt;transferid&gt;&lt;![CDATA[1000050101202311150100000000001]]&gt;&lt;/transferid&gt;<br/>&lt;invalidtime&gt;&lt;![CDATA[1700086400]]&gt;&lt;/invalidtime&gt;<br/>&lt;begintransfertime&gt;&lt;![CDATA[1700000000]]&gt;&lt;/begintransfertime&gt;<br/>&lt;/wcpayinfo&gt;<br/>&lt;/appmsg&gt;<br/>&lt;/msg&gt;';

/** A recall in a group whose nickname in the CDATA has a raw emoji span (the server does not escape it). */
export const GROUP_RECALL_CONTENT = fromMember(
  BOB,
  '&lt;sysmsg type="revokemsg"&gt;&lt;revokemsg&gt;&lt;session&gt;20001234567@chatroom&lt;/session&gt;&lt;oldmsgid&gt;1712345678&lt;/oldmsgid&gt;&lt;msgid&gt;6123456789012345678&lt;/msgid&gt;&lt;replacemsg&gt;&lt;![CDATA["Bob<span class="emoji emoji1f47b"></span>" 撤回了一条消息]]&gt;&lt;/replacemsg&gt;&lt;/revokemsg&gt;&lt;/sysmsg&gt;',
);

/** The pretty-printed form: `<br/>` + TABs between the escaped tags. */
export const PRETTY_RECALL_CONTENT =
  '&lt;sysmsg type="revokemsg"&gt;<br/>\t&lt;revokemsg&gt;<br/>\t\t&lt;session&gt;wxid_alice00000001&lt;/session&gt;<br/>\t\t&lt;oldmsgid&gt;1698765432&lt;/oldmsgid&gt;<br/>\t\t&lt;msgid&gt;9007199254740993123&lt;/msgid&gt;<br/>\t\t&lt;replacemsg&gt;&lt;![CDATA["Alice" 撤回了一条消息]]&gt;&lt;/replacemsg&gt;<br/>\t&lt;/revokemsg&gt;<br/>&lt;/sysmsg&gt;<br/>';

export const LOCATION_ORI_CONTENT =
  '<?xml version="1.0"?>\n<msg>\n\t<location x="31.230416" y="121.473701" scale="16" label="上海市黄浦区人民大道200号" maptype="0" poiname="人民广场" poiid="" />\n</msg>\n';
