/**
 * The `page-login` demo site's login pages (issue 21): the members site's books and gate, but
 * the login is a web page for a person (Legado: a plain `loginUrl`), as most real sites have it:
 * - `GET /account/login` gives a session cookie and a form with a hidden CSRF token bound to it
 *   (and a checked "remember me"); a member is sent on to `/account/`;
 * - `POST /account/do-login` (the form's relative action) checks the token and the account, sets
 *   the member cookie and redirects to `/account/`; a wrong password gets the login page again;
 * - `/account/captcha` is a login page with a captcha image and no password field (a page Linhai
 *   cannot fill), `/account/elsewhere` a form whose action is `?to=` (another address).
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { escapeHtml } from './html.ts';

interface DemoAnswer {
  status?: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

type Pages = (url: URL, req: IncomingMessage, body: string) => DemoAnswer | undefined;

const cookieOf = (req: IncomingMessage, name: string): string | undefined =>
  (req.headers.cookie ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

const html = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;

function loginPage(token: string, action: string, error = ''): string {
  return html(
    '会员登录',
    `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}<form id="login" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="csrf" value="${escapeHtml(token)}">
<label>用户名 <input type="text" name="username"></label>
<label>密码 <input type="password" name="password"></label>
<label><input type="checkbox" name="remember" value="1" checked> 记住我</label>
<button type="submit">登录</button></form>
<form action="/search"><input type="text" name="q"></form>`,
  );
}

/**
 * The site's routes: its login pages, then `pages` (the members' books and gate). `isMember`
 * reads the member cookie, `memberCookie` is the Set-Cookie a login gives.
 */
export function pageLoginRoutes(
  pages: Pages,
  account: { user: string; password: string },
  isMember: (req: IncomingMessage) => boolean,
  memberCookie: string,
): Pages {
  // Each visitor's session and the CSRF token its form carries.
  const tokens = new Map<string, string>();
  const session = (req: IncomingMessage) => {
    const known = cookieOf(req, 'sid');
    const sid = known && tokens.has(known) ? known : randomBytes(8).toString('hex');
    if (!tokens.has(sid)) tokens.set(sid, randomBytes(12).toString('hex'));
    const headers: Record<string, string> =
      sid === known ? {} : { 'set-cookie': `sid=${sid}; Path=/; HttpOnly` };
    return { token: tokens.get(sid) ?? '', headers, known: sid === known };
  };
  const toAccount = { status: 302, body: '', headers: { location: '/account/' } };
  return (url, req, body) => {
    const p = url.pathname;
    if (p === '/account/login' && req.method !== 'POST') {
      if (isMember(req)) return toAccount;
      const s = session(req);
      return { body: loginPage(s.token, 'do-login'), headers: s.headers };
    }
    if (p === '/account/do-login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const s = session(req);
      if (!s.known || form.get('csrf') !== s.token) {
        return { status: 403, body: html('403', '<p>表单已过期，请重新登录。</p>') };
      }
      if (form.get('username') === account.user && form.get('password') === account.password) {
        return { ...toAccount, headers: { ...toAccount.headers, 'set-cookie': memberCookie } };
      }
      return { body: loginPage(s.token, 'do-login', '用户名或密码错误'), headers: s.headers };
    }
    if (p === '/account/') {
      return isMember(req)
        ? { body: html('我的账户', `<p id="me">欢迎，${escapeHtml(account.user)}</p>`) }
        : { status: 302, body: '', headers: { location: '/account/login' } };
    }
    if (p === '/account/captcha') {
      return {
        body: html(
          '会员登录',
          '<form method="post" action="/account/do-login"><input type="text" name="phone"><img src="/captcha.png"><input type="text" name="code"><button>登录</button></form>',
        ),
      };
    }
    if (p === '/account/elsewhere') {
      const s = session(req);
      return { body: loginPage(s.token, url.searchParams.get('to') ?? ''), headers: s.headers };
    }
    return pages(url, req, body);
  };
}
