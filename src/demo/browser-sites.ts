/**
 * Demo sites for the browser tier (issue 21), each a node:http server on 127.0.0.1 carrying the
 * catalogue's Chinese books:
 * - `scripted`: the chapter list and the chapter text are filled in by the page's script from a
 *   JSON API, so a plain fetch sees empty containers; its sources use `webView`, `webJs`,
 *   `java.webView` and `sourceRegex` (the text also sits in a `.txt` resource the page loads);
 * - `challenge`: every page first answers with a script that computes a cookie, sets it and
 *   reloads (the classic CDN guard); with the cookie the pages are plain HTML;
 * - `members`: the first chapters are open, later ones need a member's cookie, got by logging in
 *   (`POST /login` with user and password); its source has `loginUrl`, `loginUi`, `loginCheckJs`;
 * - `page-login`: the members site whose login is a web page for a person (a form with a CSRF
 *   token and a session cookie, `page-login-site.ts`); its source's `loginUrl` is that page;
 * - `mobile-clone`: the pages of a family of real 笔趣阁 clones whose search results come by
 *   script (`browser-clone-site.ts`), with no source of its own: the census runs the real ones.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogue } from './catalogue.ts';
import type { DemoBook } from './catalogue.ts';
import { escapeHtml } from './html.ts';
import { mobileCloneRoutes } from './browser-clone-site.ts';
import { pageLoginRoutes } from './page-login-site.ts';

export type BrowserDemoKind = 'scripted' | 'challenge' | 'members' | 'page-login' | 'mobile-clone';

export interface BrowserDemoSite {
  readonly kind: BrowserDemoKind;
  readonly origin: string;
  /** Paths asked for, in order (the site's own log, for tests). */
  readonly requests: string[];
  /** The Legado sources for this site (several for `scripted`: one per browser feature). */
  readonly sources: Record<string, unknown>[];
  /** The books the site carries and how many chapters each shows. */
  readonly books: readonly DemoBook[];
  readonly chapterCount: number;
  close(): Promise<void>;
}

/** The member account of the `members` site. */
export const demoMember = { user: 'reader', password: 'linhai-demo' } as const;
/** Chapters (0-based index) from this one on need a member's cookie on the `members` site. */
export const membersFreeChapters = 2;
const chapterCount = 6;
const memberSession = 'member-session-7f3a';
// The challenge cookie is computed by the page's script, so only a browser knows it.
const challengeCookie = `__jsl_clearance=${1234 * 5678}`;

function books(): DemoBook[] {
  return catalogue
    .books()
    .filter((b) => b.language === 'zh')
    .slice(0, 3);
}

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;

function paragraphs(bookId: number, index: number): string {
  return catalogue
    .chapter(bookId, index)
    .paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

function chapterTitle(bookId: number, index: number): string {
  return catalogue.chapter(bookId, index).title;
}

function searchPage(list: DemoBook[], key: string): string {
  const hits = list.filter((b) => b.title.includes(key) || b.author.includes(key));
  const rows = hits
    .map(
      (b) =>
        `<li class="book"><a class="name" href="/book/${b.id}">${escapeHtml(b.title)}</a> <span class="author">${escapeHtml(b.author)}</span></li>`,
    )
    .join('');
  return page(`搜索 ${key}`, `<ul id="results">${rows}</ul>`);
}

function bookPage(b: DemoBook, tocHref: string): string {
  return page(
    b.title,
    `<h1 id="name">${escapeHtml(b.title)}</h1><p id="author">${escapeHtml(b.author)}</p><div id="intro">${escapeHtml(b.intro)}</div><a id="toc" href="${tocHref}">目录</a>`,
  );
}

function staticToc(b: DemoBook): string {
  const items = Array.from(
    { length: chapterCount },
    (_, i) => `<li><a href="/chapter/${b.id}/${i}">${escapeHtml(chapterTitle(b.id, i))}</a></li>`,
  ).join('');
  return page(`${b.title} 目录`, `<ul id="list">${items}</ul>`);
}

function staticChapter(b: DemoBook, index: number): string {
  return page(
    chapterTitle(b.id, index),
    `<h1>${escapeHtml(chapterTitle(b.id, index))}</h1><div id="content">${paragraphs(b.id, index)}</div>`,
  );
}

// The scripted site's pages: empty containers and a script that fills them from the API.
const scriptedToc = (id: number): string =>
  page(
    '目录',
    `<ul id="list"></ul><script>
fetch('/api/toc/${id}').then(r => r.json()).then(list => {
  document.getElementById('list').innerHTML = list
    .map(c => '<li><a href="/chapter/${id}/' + c.index + '">' + c.title + '</a></li>').join('');
});</script>`,
  );

const scriptedChapter = (id: number, index: number): string =>
  page(
    '章节',
    `<h1 id="title"></h1><div id="content"></div><script>
fetch('/api/chapter/${id}/${index}').then(r => r.json()).then(c => {
  document.getElementById('title').textContent = c.title;
  document.getElementById('content').innerHTML = c.paragraphs.map(p => '<p>' + p + '</p>').join('');
});
fetch('/res/${id}/${index}.txt');</script>`,
  );

type Route = (
  url: URL,
  req: IncomingMessage,
  body: string,
) => { status?: number; type?: string; body: string; headers?: Record<string, string> } | undefined;

function scriptedRoutes(list: DemoBook[]): Route {
  return (url) => {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (p === '/search') return { body: searchPage(list, url.searchParams.get('q') ?? '') };
    if ((m = /^\/book\/(\d+)$/.exec(p))) {
      const b = list.find((x) => x.id === Number(m?.[1]));
      return b ? { body: bookPage(b, `/toc/${b.id}`) } : undefined;
    }
    if ((m = /^\/toc\/(\d+)$/.exec(p))) return { body: scriptedToc(Number(m[1])) };
    if ((m = /^\/chapter\/(\d+)\/(\d+)$/.exec(p)))
      return { body: scriptedChapter(Number(m[1]), Number(m[2])) };
    if ((m = /^\/api\/toc\/(\d+)$/.exec(p))) {
      const id = Number(m[1]);
      const toc = Array.from({ length: chapterCount }, (_, i) => ({
        index: i,
        title: chapterTitle(id, i),
      }));
      return { type: 'application/json', body: JSON.stringify(toc) };
    }
    if ((m = /^\/api\/chapter\/(\d+)\/(\d+)$/.exec(p))) {
      const c = catalogue.chapter(Number(m[1]), Number(m[2]));
      return {
        type: 'application/json',
        body: JSON.stringify({ title: c.title, paragraphs: c.paragraphs.map(escapeHtml) }),
      };
    }
    if ((m = /^\/res\/(\d+)\/(\d+)\.txt$/.exec(p))) {
      const c = catalogue.chapter(Number(m[1]), Number(m[2]));
      return { type: 'text/plain', body: c.paragraphs.join('\n') };
    }
    return undefined;
  };
}

function plainRoutes(list: DemoBook[], chapter: (b: DemoBook, i: number) => string): Route {
  return (url) => {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (p === '/search') return { body: searchPage(list, url.searchParams.get('q') ?? '') };
    const find = (id: string | undefined) => list.find((x) => x.id === Number(id));
    if ((m = /^\/book\/(\d+)$/.exec(p))) {
      const b = find(m[1]);
      return b ? { body: bookPage(b, `/toc/${b.id}`) } : undefined;
    }
    if ((m = /^\/toc\/(\d+)$/.exec(p))) {
      const b = find(m[1]);
      return b ? { body: staticToc(b) } : undefined;
    }
    if ((m = /^\/chapter\/(\d+)\/(\d+)$/.exec(p))) {
      const b = find(m[1]);
      return b ? { body: chapter(b, Number(m[2])) } : undefined;
    }
    return undefined;
  };
}

function challengeRoutes(list: DemoBook[]): Route {
  const pages = plainRoutes(list, staticChapter);
  return (url, req, body) => {
    if ((req.headers.cookie ?? '').split(/;\s*/).includes(challengeCookie)) {
      return pages(url, req, body);
    }
    return {
      body: page(
        '',
        `<script>document.cookie="__jsl_clearance="+(1234*5678)+";path=/";location.href=location.pathname+location.search</script>`,
      ),
    };
  };
}

const member = (req: IncomingMessage) =>
  (req.headers.cookie ?? '').split(/;\s*/).includes(`member=${memberSession}`);

function membersRoutes(list: DemoBook[]): Route {
  const pages = plainRoutes(list, staticChapter);
  return (url, req, body) => {
    const p = url.pathname;
    if (p === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('user') === demoMember.user && form.get('password') === demoMember.password) {
        return {
          type: 'application/json',
          body: JSON.stringify({ ok: true, user: demoMember.user }),
          headers: { 'set-cookie': `member=${memberSession}; Path=/; HttpOnly` },
        };
      }
      return { status: 403, type: 'application/json', body: JSON.stringify({ ok: false }) };
    }
    if (p === '/me') {
      return {
        type: 'application/json',
        body: JSON.stringify(member(req) ? { user: demoMember.user } : { user: null }),
      };
    }
    const m = /^\/chapter\/(\d+)\/(\d+)$/.exec(p);
    if (m && Number(m[2]) >= membersFreeChapters && !member(req)) {
      return {
        body: page('请登录', '<div id="content"><p>本章为会员章节，请登录后阅读。</p></div>'),
      };
    }
    return pages(url, req, body);
  };
}

function sourcesOf(kind: BrowserDemoKind, origin: string): Record<string, unknown>[] {
  const base = (name: string, comment: string) => ({
    bookSourceUrl: `${origin}#${name}`,
    bookSourceName: `浏览器演示·${name}`,
    bookSourceGroup: 'Linhai demo',
    bookSourceType: 0,
    bookSourceComment: comment,
    enabled: true,
    searchUrl: `${origin}/search?q={{key}}`,
    ruleSearch: {
      bookList: '#results li',
      name: '.name@text',
      author: '.author@text',
      bookUrl: '.name@href',
    },
    ruleBookInfo: {
      name: '#name@text',
      author: '#author@text',
      intro: '#intro@text',
      tocUrl: '#toc@href',
    },
  });
  // The clone family is there for the census, which runs the real sources over it.
  if (kind === 'mobile-clone') return [];
  const toc = { chapterList: '#list li', chapterName: 'a@text', chapterUrl: 'a@href' };
  if (kind === 'challenge') {
    return [
      {
        ...base('challenge', 'every page sits behind a cookie-setting script challenge'),
        ruleToc: toc,
        ruleContent: { content: '#content@html' },
      },
    ];
  }
  if (kind === 'page-login') {
    return [
      {
        ...base('page-login', 'later chapters need a member login, made on the login page'),
        loginUrl: `${origin}/account/login`,
        ruleToc: toc,
        ruleContent: { content: '#content@html' },
      },
    ];
  }
  if (kind === 'members') {
    return [
      {
        ...base('members', 'later chapters need a member login'),
        loginUrl: `function login() {
  var info = source.getLoginInfoMap();
  var res = java.post("${origin}/login", "user=" + info.get("user") + "&password=" + info.get("password"), {"Content-Type": "application/x-www-form-urlencoded"});
  if (res.code() != 200) throw "登录失败";
}`,
        loginUi: JSON.stringify([
          { name: 'user', type: 'text' },
          { name: 'password', type: 'password' },
        ]),
        loginCheckJs: `if (String(result.body()).indexOf("请登录后阅读") >= 0) { source.login(); result = java.connect(result.url()); } result`,
        ruleToc: toc,
        ruleContent: { content: '#content@html' },
      },
    ];
  }
  const webViewToc = { ...toc, chapterUrl: 'a@href##$##,{"webView":true}' };
  return [
    {
      ...base('webView', 'chapter list and text rendered by script: URLs with {"webView":true}'),
      ruleBookInfo: { ...base('', '').ruleBookInfo, tocUrl: '#toc@href##$##,{"webView":true}' },
      ruleToc: webViewToc,
      ruleContent: { content: '#content@html' },
    },
    {
      ...base('webJs', 'ruleContent.webJs returns the text rendered in the page'),
      ruleBookInfo: { ...base('', '').ruleBookInfo, tocUrl: '#toc@href##$##,{"webView":true}' },
      ruleToc: webViewToc,
      ruleContent: {
        content: '@js:result',
        webJs: `(() => { const c = document.querySelector('#content'); return c && c.children.length ? c.innerHTML : ''; })()`,
      },
    },
    {
      ...base('javaWebView', 'java.webView(null, baseUrl, js) from a content script'),
      ruleBookInfo: { ...base('', '').ruleBookInfo, tocUrl: '#toc@href##$##,{"webView":true}' },
      ruleToc: toc,
      ruleContent: {
        content: `@js:java.webView(null, baseUrl, "(() => { const c = document.querySelector('#content'); return c && c.children.length ? c.innerHTML : ''; })()")`,
      },
    },
    {
      ...base('sourceRegex', 'ruleContent.sourceRegex catches the .txt resource the page loads'),
      ruleBookInfo: { ...base('', '').ruleBookInfo, tocUrl: '#toc@href##$##,{"webView":true}' },
      ruleToc: webViewToc,
      ruleContent: { content: '@js:java.ajax(result)', sourceRegex: '/res/\\d+/\\d+\\.txt' },
    },
  ];
}

/** Starts one browser demo site on 127.0.0.1 (a free port). */
export async function startBrowserDemoSite(kind: BrowserDemoKind): Promise<BrowserDemoSite> {
  const list = books();
  const route: Route =
    kind === 'scripted'
      ? scriptedRoutes(list)
      : kind === 'challenge'
        ? challengeRoutes(list)
        : kind === 'members'
          ? membersRoutes(list)
          : kind === 'page-login'
            ? pageLoginRoutes(
                membersRoutes(list),
                demoMember,
                member,
                `member=${memberSession}; Path=/; HttpOnly`,
              )
            : mobileCloneRoutes(list, chapterCount);
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(url.pathname + url.search);
      if (url.pathname === '/robots.txt') {
        res.setHeader('content-type', 'text/plain');
        return void res.end('User-agent: *\nDisallow: /admin/\n');
      }
      const answer = route(url, req, Buffer.concat(chunks).toString('utf8'));
      res.statusCode = answer?.status ?? (answer ? 200 : 404);
      res.setHeader('content-type', `${answer?.type ?? 'text/html'}; charset=utf-8`);
      for (const [k, v] of Object.entries(answer?.headers ?? {})) res.setHeader(k, v);
      res.end(answer?.body ?? page('404', '<p>not found</p>'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind,
    origin,
    requests,
    sources: sourcesOf(kind, origin),
    books: list,
    chapterCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
