/**
 * A mobile-style site whose chapters are split over two or three pages (`nextContentUrl`) and
 * whose TOC is paginated, 100 chapters a page (`nextTocUrl`). Every link inside a book is
 * relative, and the book URL that search returns (/book/3) redirects to /book/3/, so relative
 * links resolve correctly only against the final URL. UTF-8. Chapter titles use Chinese numerals
 * and about one chapter in forty is missing.
 *
 * URLs: /search.php?keyword=…, /book/3 (301 → /book/3/), /book/3/ (info), /book/3/index.html,
 * /book/3/index_2.html (TOC pages), /book/3/12.html, /book/3/12_2.html (chapter 12, pages 1, 2).
 */
import { catalogue, type DemoBook, type DemoTocEntry } from '../catalogue.ts';
import { paginate } from '../boilerplate.ts';
import { coverSvg, escapeHtml } from '../html.ts';
import type { PageResult, RequestContext, SiteTemplate, DemoSiteImpl } from '../site.ts';
import { formatChinaTime } from '../text.ts';
import { explorePage, siteCategories, type DemoExploreList } from '../explore-lists.ts';
import { chapterLines, locate, sourceBase, tocLastModified } from './common.ts';

const perPage = 100;
const bookPath = (bookId: number) => `/book/${bookId}/`;
const tocPageName = (page: number) => (page <= 1 ? 'index.html' : `index_${page}.html`);
const chapterFile = (entry: DemoTocEntry, page = 1) =>
  `${(entry.chapterIndex as number) + 1}${page > 1 ? `_${page}` : ''}.html`;

function layout(site: DemoSiteImpl, title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=0">
<title>${escapeHtml(title)}</title>
${head}<link rel="stylesheet" href="/static/m.css">
</head>
<body>
<header class="header"><a class="logo" href="/">${escapeHtml(site.displayName)}</a><form class="search" action="/search.php" method="get"><input type="text" name="keyword" placeholder="书名或作者"><button type="submit">搜索</button></form></header>
${body}
<footer class="footer"><p>${escapeHtml(site.displayName)} 手机阅读</p></footer>
</body>
</html>
`;
}

function carried(bookId: number): DemoBook | undefined {
  return catalogue.siteBooks('paged').find((b) => b.id === bookId);
}

function homePage(site: DemoSiteImpl): PageResult {
  const items = catalogue
    .siteBooks('paged')
    .map(
      (b) =>
        `<li><a href="/book/${b.id}">${escapeHtml(b.title)}</a> <span>${escapeHtml(b.author)}</span></li>`,
    )
    .join('\n');
  return { body: layout(site, site.displayName, '', `<ul class="book-list">\n${items}\n</ul>`) };
}

function resultItem(ctx: RequestContext, book: DemoBook): string {
  const toc = catalogue.siteToc('paged', book.id, ctx.siteNow);
  const last = toc[toc.length - 1];
  return `<div class="result-item">
<div class="result-item-pic"><a href="/book/${book.id}"><img src="/cover/${book.id}.svg" alt="${escapeHtml(book.title)}"></a></div>
<div class="result-item-detail">
<h3 class="result-item-title"><a href="/book/${book.id}" title="${escapeHtml(book.title)}">${escapeHtml(book.title)}</a></h3>
<p class="result-item-desc">${escapeHtml(book.intro)}</p>
<div class="result-item-info">
<p class="info-tag"><span>作者：</span><span class="author">${escapeHtml(book.author)}</span></p>
<p class="info-tag"><span>类型：</span><span class="kind">${escapeHtml(book.kind)}</span></p>
<p class="info-tag"><span>最新章节：</span>${last ? `<a class="latest" href="/book/${book.id}/${chapterFile(last)}">${escapeHtml(last.title)}</a>` : ''}</p>
</div>
</div>
</div>`;
}

function searchPage(site: DemoSiteImpl, ctx: RequestContext): PageResult {
  const keyword = ctx.url.searchParams.get('keyword') ?? '';
  const items = catalogue
    .search('paged', keyword)
    .map((book) => resultItem(ctx, book))
    .join('\n');
  const body = `<div class="search-result"><h2>“${escapeHtml(keyword)}”的搜索结果</h2>
<div class="result-list">
${items || '<p class="empty">没有找到相关小说</p>'}
</div></div>`;
  return { body: layout(site, `搜索结果_${site.displayName}`, '', body) };
}

/** The explore lists: /top/2.html (ranking), /full/1.html (completed), /list/dushi/1.html. */
function exploreList(
  path: string,
): { list: DemoExploreList; base: string; page: number } | undefined {
  let m = /^\/(top|full)\/(\d+)\.html$/.exec(path);
  if (m)
    return {
      list: m[1] === 'top' ? 'ranking' : 'completed',
      base: `/${m[1]}/`,
      page: Number(m[2]),
    };
  m = /^\/list\/([a-z]+)\/(\d+)\.html$/.exec(path);
  if (m) return { list: { category: m[1] as string }, base: `/list/${m[1]}/`, page: Number(m[2]) };
  return undefined;
}

/** An explore list in the search page's markup (the source reads it with its search rules). */
function explorePageHtml(
  site: DemoSiteImpl,
  ctx: RequestContext,
  at: { list: DemoExploreList; base: string; page: number },
): PageResult {
  const { books, pages } = explorePage('paged', at.list, at.page);
  const next =
    at.page < pages ? `<a class="next" href="${at.base}${at.page + 1}.html">下一页</a>` : '';
  const body = `<div class="result-list">
${books.map((book) => resultItem(ctx, book)).join('\n')}
</div><div class="pager">${at.page}/${pages}${next}</div>`;
  return { body: layout(site, site.displayName, '', body) };
}

function bookPage(site: DemoSiteImpl, ctx: RequestContext, book: DemoBook): PageResult {
  const toc = catalogue.siteToc('paged', book.id, ctx.siteNow);
  const last = toc[toc.length - 1];
  const lastModified = tocLastModified(site, toc);
  const updated = lastModified !== undefined ? formatChinaTime(lastModified) : '';
  const status = book.status === 'ongoing' ? '连载中' : '已完结';
  const head =
    [
      `<meta property="og:novel:book_name" content="${escapeHtml(book.title)}">`,
      `<meta property="og:novel:author" content="${escapeHtml(book.author)}">`,
      `<meta property="og:novel:status" content="${status}">`,
      `<meta property="og:novel:update_time" content="${updated}">`,
      last
        ? `<meta property="og:novel:latest_chapter_name" content="${escapeHtml(last.title)}">`
        : '',
      last
        ? `<meta property="og:novel:latest_chapter_url" content="${site.origin}${bookPath(book.id)}${chapterFile(last)}">`
        : '',
    ].join('\n') + '\n';
  const latest = toc
    .slice(-5)
    .reverse()
    .map((e) => `<li><a href="${chapterFile(e)}">${escapeHtml(e.title)}</a></li>`)
    .join('\n');
  const body = `<div class="book-info">
<div class="book-cover"><img src="/cover/${book.id}.svg" alt="${escapeHtml(book.title)}"></div>
<h1 class="book-name">${escapeHtml(book.title)}</h1>
<p class="book-author">作者：<a href="/author/${encodeURIComponent(book.author)}">${escapeHtml(book.author)}</a></p>
<p class="book-kind">分类：${escapeHtml(book.kind)}</p>
<p class="book-status">状态：${status}</p>
<p class="book-update">更新：${updated}</p>
<div class="book-intro">${escapeHtml(book.intro)}</div>
<div class="book-actions"><a class="btn-read" href="${toc[0] ? chapterFile(toc[0]) : 'index.html'}">开始阅读</a><a class="btn-toc" href="${tocPageName(1)}">查看目录</a></div>
</div>
<div class="latest"><h3>最新章节</h3><ul>
${latest}
</ul></div>`;
  return {
    body: layout(site, `${book.title}_${book.author}_${site.displayName}`, head, body),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

function tocPage(
  site: DemoSiteImpl,
  ctx: RequestContext,
  book: DemoBook,
  page: number,
): PageResult | undefined {
  const toc = catalogue.siteToc('paged', book.id, ctx.siteNow);
  const pages = Math.max(1, Math.ceil(toc.length / perPage));
  if (page < 1 || page > pages) return undefined;
  const items = toc
    .slice((page - 1) * perPage, page * perPage)
    .map((e) => `<li><a href="${chapterFile(e)}">${escapeHtml(e.title)}</a></li>`)
    .join('\n');
  const options = Array.from(
    { length: pages },
    (_, i) =>
      `<option value="${tocPageName(i + 1)}"${i + 1 === page ? ' selected' : ''}>第${i + 1}页</option>`,
  ).join('');
  const nav = [
    `<a href="${tocPageName(1)}">首页</a>`,
    page > 1 ? `<a href="${tocPageName(page - 1)}">上一页</a>` : '',
    `<select onchange="location.href=this.value">${options}</select>`,
    page < pages ? `<a href="${tocPageName(page + 1)}">下一页</a>` : '',
    `<a href="${tocPageName(pages)}">尾页</a>`,
  ].join('');
  const body = `<div class="toc"><h1><a href="./">${escapeHtml(book.title)}</a> 目录（第${page}/${pages}页）</h1>
<ul class="chapter-list">
${items}
</ul>
<div class="page">${nav}</div></div>`;
  const lastModified = tocLastModified(site, toc);
  return {
    body: layout(site, `${book.title}目录_第${page}页_${site.displayName}`, '', body),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

function chapterPage(
  site: DemoSiteImpl,
  ctx: RequestContext,
  book: DemoBook,
  index: number,
  page: number,
): PageResult | undefined {
  const toc = catalogue.siteToc('paged', book.id, ctx.siteNow);
  const found = locate(toc, `c${index}`);
  if (!found) return undefined;
  const { entry, prev, next } = found;
  const pages = paginate(site, book.id, index, chapterLines(ctx, book.id, entry));
  const lines = pages[page - 1];
  if (!lines) return undefined;
  const content = lines.map((line) => `<p>${escapeHtml(line.text)}</p>`).join('\n');
  const prevLink =
    page > 1
      ? `<a id="pb_prev" href="${chapterFile(entry, page - 1)}">上一页</a>`
      : `<a id="pb_prev" href="${prev ? chapterFile(prev) : 'index.html'}">上一章</a>`;
  const nextLink =
    page < pages.length
      ? `<a id="pb_next" href="${chapterFile(entry, page + 1)}">下一页</a>`
      : `<a id="pb_next" href="${next ? chapterFile(next) : 'index.html'}">下一章</a>`;
  const nav = `<div class="chapter-nav">${prevLink}<a id="pb_mulu" href="index.html">目录</a>${nextLink}</div>`;
  const body = `<div class="chapter">
<div class="chapter-title"><h1>${escapeHtml(entry.title)}${pages.length > 1 ? `（${page}/${pages.length}）` : ''}</h1></div>
${nav}
<div id="nr1">
${content}
</div>
${nav}
</div>`;
  return {
    body: layout(site, `${entry.title}_${book.title}_${site.displayName}`, '', body),
    lastModified: entry.publishedAt + site.lagMs,
  };
}

export const paged: SiteTemplate = {
  template: 'paged',
  charset: 'utf-8',
  language: 'zh',
  defaultDisplayName: '书海阁',
  metaCharset: (charset) => `<meta charset="${charset}">`,

  handle(ctx) {
    const site = ctx.site;
    const path = ctx.url.pathname;
    if (path === '/' || path === '/index.html') return homePage(site);
    if (path === '/search.php') return searchPage(site, ctx);
    const list = exploreList(path);
    if (list) return explorePageHtml(site, ctx, list);
    let m = /^\/book\/(\d+)(\/?)$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return undefined;
      if (!m[2]) return { status: 301, location: bookPath(book.id), body: '' };
      return bookPage(site, ctx, book);
    }
    m = /^\/book\/(\d+)\/index(?:_(\d+))?\.html$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      return book ? tocPage(site, ctx, book, m[2] ? Number(m[2]) : 1) : undefined;
    }
    m = /^\/book\/(\d+)\/(\d+)(?:_(\d+))?\.html$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book || (m[3] !== undefined && Number(m[3]) < 2)) return undefined;
      return chapterPage(site, ctx, book, Number(m[2]) - 1, m[3] ? Number(m[3]) : 1);
    }
    m = /^\/cover\/(\d+)\.svg$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      return book ? { type: 'svg', body: coverSvg(book.title, book.author) } : undefined;
    }
    return undefined;
  },

  bookPath: (bookId) => `/book/${bookId}`,
  tocPath: (bookId) => `${bookPath(bookId)}index.html`,
  chapterPath: (_site, bookId, index) => `${bookPath(bookId)}${index + 1}.html`,

  searchRequest(_site, keyword) {
    return { path: `/search.php?keyword=${encodeURIComponent(keyword)}`, method: 'GET' };
  },

  source(site) {
    return {
      ...sourceBase(
        site,
        'Linhai demo site, paged template: UTF-8; the book URL redirects (/book/3 → /book/3/) and every link after it is relative; the TOC has 100 chapters a page (nextTocUrl) and each chapter two or three pages (nextContentUrl).',
      ),
      searchUrl: '/search.php?keyword={{key}}',
      // The JSON form of exploreUrl with Legado's layout hints; the lists use the search markup,
      // so ruleExplore stays empty and ruleSearch reads them.
      enabledExplore: true,
      exploreUrl: JSON.stringify([
        { title: '榜单', url: '', style: { layout_flexBasisPercent: 1, layout_flexGrow: 1 } },
        { title: '人气排行', url: '/top/{{page}}.html', style: { layout_flexBasisPercent: 0.4 } },
        { title: '全本小说', url: '/full/{{page}}.html', style: { layout_flexBasisPercent: 0.4 } },
        { title: '分类', url: '', style: { layout_flexBasisPercent: 1, layout_flexGrow: 1 } },
        ...siteCategories('paged').map((c) => ({
          title: c.name,
          url: `/list/${c.slug}/{{page}}.html`,
          style: { layout_flexBasisPercent: 0.25, layout_flexGrow: 1 },
        })),
      ]),
      ruleSearch: {
        bookList: 'class.result-item',
        name: 'class.result-item-title@tag.a@text',
        author: 'class.author@text',
        kind: 'class.kind@text',
        intro: 'class.result-item-desc@text',
        lastChapter: 'class.latest@text',
        coverUrl: 'tag.img@src',
        bookUrl: 'class.result-item-title@tag.a@href',
        checkKeyWord: '青锋问道',
      },
      ruleBookInfo: {
        name: 'class.book-name@text',
        author: 'class.book-author@tag.a@text',
        kind: 'class.book-kind@text##分类：',
        intro: 'class.book-intro@text',
        lastChapter: 'class.latest@tag.li.0@tag.a@text',
        updateTime: 'class.book-update@text##更新：',
        coverUrl: 'class.book-cover@tag.img@src',
        tocUrl: '@css:a.btn-toc@href',
      },
      ruleToc: {
        chapterList: 'class.chapter-list@tag.li@tag.a',
        chapterName: 'text',
        chapterUrl: 'href',
        nextTocUrl: 'text.下一页@href',
      },
      ruleContent: {
        content: 'id.nr1@html',
        nextContentUrl: 'text.下一页@href',
      },
    };
  },
};
