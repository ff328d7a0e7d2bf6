/**
 * The frame of every public page: complete without JavaScript, small, one inline stylesheet (the
 * CSP allows inline styles, not scripts), with the meta a search engine and a link preview read.
 */

/** Text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** HTML from a template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = string | number | Html | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function markup(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Chinese text gets `zh` and Chinese chrome; anything else English. */
export type PageLanguage = 'zh' | 'en';

export function languageOf(text: string): PageLanguage {
  return /[\u3400-\u9fff]/.test(text) ? 'zh' : 'en';
}

interface PageMeta {
  readonly lang: PageLanguage;
  readonly title: string;
  readonly description: string;
  /** This page's canonical absolute URL. */
  readonly canonical: string;
  readonly siteName: string;
  readonly type?: 'website' | 'book' | 'article';
  /** Keep this page out of search engines (search results, missing chapters). */
  readonly noindex?: boolean;
}

const style = `
:root{color-scheme:light dark;--fg:#222;--bg:#fbfaf7;--muted:#6b6b6b;--link:#1d5fa8;--line:#e5e2da}
@media (prefers-color-scheme:dark){:root{--fg:#ddd;--bg:#161616;--muted:#9a9a9a;--link:#8cb8ec;--line:#333}}
*{box-sizing:border-box}
body{margin:0;font:17px/1.7 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid var(--line)}
header .site{font-weight:700;color:var(--fg);text-decoration:none;margin-right:auto}
a{color:var(--link)}
h1{font-size:1.5rem;line-height:1.3;margin:1.25rem 0 .5rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
form.search{display:flex;gap:.5rem;margin:1rem 0}
form.search input{flex:1;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:.4rem;background:transparent;color:inherit}
form.search button{font:inherit;padding:.45rem .9rem;border-radius:.4rem;border:1px solid var(--line);background:transparent;color:inherit}
ul.books,ul.toc{list-style:none;padding:0;margin:0}
ul.books li{padding:.55rem 0;border-bottom:1px solid var(--line)}
ul.books .meta{color:var(--muted);font-size:.9rem}
ul.toc{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.2rem 1rem}
ul.toc li{padding:.3rem 0;border-bottom:1px dotted var(--line);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.volume{grid-column:1/-1;font-weight:600;margin-top:.75rem}
.muted{color:var(--muted)}
nav.chapter{display:flex;justify-content:space-between;gap:1rem;margin:1.25rem 0}
nav.chapter a,nav.pages a{padding:.5rem .25rem}
nav.pages{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
article p{margin:0 0 1em;text-indent:2em}
article.en p{text-indent:0}
.intro{white-space:pre-line}
img.cover{float:right;width:6.5rem;margin:0 0 .5rem 1rem;border-radius:.25rem}
footer{margin-top:2rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
`;

const chrome = {
  zh: { home: '首页', search: '搜索', signIn: '登录', lists: '排行' },
  en: { home: 'Home', search: 'Search', signIn: 'Sign in', lists: 'Rankings' },
} as const;

/** A whole page around `body`. */
export function page(meta: PageMeta, body: Html, signInNext = '/'): string {
  const t = chrome[meta.lang];
  return `<!doctype html>${markup`<html lang="${meta.lang === 'zh' ? 'zh-Hans' : 'en'}"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
<link rel="canonical" href="${meta.canonical}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:type" content="${meta.type ?? 'website'}">
<meta property="og:url" content="${meta.canonical}">
<meta property="og:site_name" content="${meta.siteName}">
${meta.noindex ? new Html('<meta name="robots" content="noindex">\n') : ''}<style>${new Html(style)}</style>
</head><body>
<header><a class="site" href="/">${meta.siteName}</a><a href="/list/popular">${t.lists}</a><a href="/search">${t.search}</a><a href="/login?next=${encodeURIComponent(signInNext)}">${t.signIn}</a></header>
<main>${body}</main>
<footer>${meta.siteName}</footer>
</body></html>`}`;
}

/** A description: the first words of `text`, on one line. */
export function summary(text: string | undefined, max = 150): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
