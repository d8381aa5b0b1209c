/**
 * Host derivation (docs/protocol.md §1.2): the main host comes from the login poll's `redirect_uri`; login, push
 * (synccheck) and file hosts follow from it. A `server` override maps every host onto one origin (simulator, tests).
 */
export interface Hosts {
  /** Origins, e.g. `https://wx2.qq.com`; all four equal the override origin when one is set. */
  readonly login: string;
  readonly main: string;
  readonly push: string;
  readonly file: string;
  /** The QR host (`login.weixin.qq.com`), for `qrcode/{uuid}` and the QR content URL. */
  readonly qr: string;
}

const KNOWN_MAIN_HOSTS = ['wx.qq.com', 'wx2.qq.com', 'wx8.qq.com', 'web.wechat.com', 'web2.wechat.com'] as const;

/** The hosts before any login: `login.wx.qq.com` for jslogin and the poll. */
export function defaultHosts(server?: string): Hosts {
  if (server !== undefined) return overrideHosts(server);
  return hostsForMain('wx.qq.com');
}

/** True for hosts a WeChat login may redirect to: `*.qq.com` and `*.wechat.com` (and their apexes). */
export function isWeChatHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'qq.com' || host.endsWith('.qq.com') || host === 'wechat.com' || host.endsWith('.wechat.com');
}

/**
 * The hosts for a login whose poll returned `redirectUri`. Specific prefixes (`wx2`, `wx8`, `web2`) win over the
 * generic suffixes; an unknown `*.qq.com` / `*.wechat.com` main host keeps its own origin with the generic derived
 * hosts; with `server` set, everything is that origin.
 */
export function deriveHosts(redirectUri: string, server?: string): Hosts {
  if (server !== undefined) return overrideHosts(server);
  const url = new URL(redirectUri);
  return hostsForMain(url.hostname.toLowerCase(), url.protocol === 'http:' ? 'http:' : 'https:');
}

function hostsForMain(main: string, scheme = 'https:'): Hosts {
  const origin = (host: string) => `${scheme}//${host}`;
  const known = (KNOWN_MAIN_HOSTS as readonly string[]).includes(main);
  const base = known ? main : main.endsWith('.wechat.com') || main === 'wechat.com' ? 'web.wechat.com' : 'wx.qq.com';
  return {
    login: origin(`login.${base}`),
    main: origin(main),
    push: origin(`webpush.${base}`),
    file: origin(`file.${base}`),
    qr: origin('login.weixin.qq.com'),
  };
}

/** Every host mapped onto one origin: a `server` override (simulator, tests). */
export function overrideHosts(server: string): Hosts {
  const origin = new URL(server).origin;
  return { login: origin, main: origin, push: origin, file: origin, qr: origin };
}

/** The string a phone scans for a login uuid (`https://login.weixin.qq.com/l/{uuid}`), whatever the server. */
export function qrContent(uuid: string): string {
  return `https://login.weixin.qq.com/l/${uuid}`;
}
