/**
 * The pages of a family of mobile 笔趣阁 clones (m.bqg70.com, m.bige3.cc, m.69sb.cc and a dozen
 * more in ../shared/data/booksources/, all with the same rules), reproduced for the browser-tier
 * census (issue 21): the search page's results are filled in by script (which is why those
 * sources search with `{"webView":true}`); the book page carries og:novel meta tags, the chapter
 * list is `<dl>` after a first `<dd>` heading, the text is `#chaptercontent` with a 下一章 link.
 * Served by `startBrowserDemoSite('mobile-clone')` with the shapes their rules read:
 * `/s?q=` (`.item`, `a.1`, `span`, `dd`), `/book/<id>/`, `/book/<id>/list.html`, `/book/<id>/<n>.html`.
 */
import { catalogue } from './catalogue.ts';
import type { DemoBook } from './catalogue.ts';
import { escapeHtml } from './html.ts';

interface Answer {
  readonly type?: string;
  readonly body: string;
}

const page = (title: string, head: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}</head><body>${body}</body></html>`;

// The result rows the search page's script writes (the plain page has an empty list).
function resultRows(hits: readonly DemoBook[]): string {
  return hits
    .map(
      (b) =>
        `<div class="item"><a href="/book/${b.id}/"><img src="/cover/${b.id}.jpg"></a><dl><dt><span>${escapeHtml(b.author)}</span><a href="/book/${b.id}/">${escapeHtml(b.title)}</a></dt><dd>${escapeHtml(b.intro)}</dd></dl></div>`,
    )
    .join('');
}

function bookPage(b: DemoBook, chapters: number): string {
  const meta = (property: string, content: string) =>
    `<meta property="${property}" content="${escapeHtml(content)}">`;
  const latest = catalogue.chapter(b.id, chapters - 1).title;
  return page(
    b.title,
    [
      meta('og:novel:book_name', b.title),
      meta('og:novel:author', b.author),
      meta('og:description', b.intro),
      meta('og:image', `/cover/${b.id}.jpg`),
      meta('og:novel:category', '玄幻'),
      meta('og:novel:latest_chapter_name', latest),
    ].join(''),
    `<h1>${escapeHtml(b.title)}</h1><a href="/book/${b.id}/list.html">目录</a>`,
  );
}

function listPage(b: DemoBook, chapters: number): string {
  const items = Array.from(
    { length: chapters },
    (_, i) =>
      `<dd><a href="/book/${b.id}/${i + 1}.html">${escapeHtml(catalogue.chapter(b.id, i).title)}</a></dd>`,
  ).join('');
  return page(`${b.title} 目录`, '', `<dl><dd>《${escapeHtml(b.title)}》正文</dd>${items}</dl>`);
}

function chapterPage(b: DemoBook, n: number, chapters: number): string {
  const c = catalogue.chapter(b.id, n - 1);
  const next = n < chapters ? `/book/${b.id}/${n + 1}.html` : `/book/${b.id}/list.html`;
  return page(
    c.title,
    '',
    `<h1>${escapeHtml(c.title)}</h1><div id="chaptercontent">${c.paragraphs.map((p) => `${escapeHtml(p)}<br><br>`).join('')}</div><a href="${next}">下一章</a>`,
  );
}

/** The clone family's routes over the given books (`chapters` each). */
export function mobileCloneRoutes(
  list: readonly DemoBook[],
  chapters: number,
): (url: URL) => Answer | undefined {
  const find = (id: string | undefined) => list.find((b) => b.id === Number(id));
  return (url) => {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (p === '/s') {
      const key = url.searchParams.get('q') ?? '';
      return {
        body: page(
          `搜索 ${key}`,
          '',
          `<div id="results"></div><script>
fetch('/api/search?q=' + encodeURIComponent(${JSON.stringify(key)})).then(r => r.text()).then(html => {
  document.getElementById('results').innerHTML = html;
});</script>`,
        ),
      };
    }
    if (p === '/api/search') {
      const key = url.searchParams.get('q') ?? '';
      const hits = key ? list.filter((b) => b.title.includes(key) || b.author.includes(key)) : [];
      return { type: 'text/html', body: resultRows(hits) };
    }
    if ((m = /^\/book\/(\d+)\/$/.exec(p))) {
      const b = find(m[1]);
      return b && { body: bookPage(b, chapters) };
    }
    if ((m = /^\/book\/(\d+)\/list\.html$/.exec(p))) {
      const b = find(m[1]);
      return b && { body: listPage(b, chapters) };
    }
    if ((m = /^\/book\/(\d+)\/(\d+)\.html$/.exec(p))) {
      const b = find(m[1]);
      const n = Number(m[2]);
      return b && n >= 1 && n <= chapters ? { body: chapterPage(b, n, chapters) } : undefined;
    }
    return undefined;
  };
}
