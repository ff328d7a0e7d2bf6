/**
 * An English web-novel site with Royal Road-like markup: fiction pages with the chapter table
 * (`#chapters tr.chapter-row`), chapter text in `.chapter-inner.chapter-content` as `<p>`s, and,
 * like Royal Road, one anti-theft sentence per chapter hidden by a random CSS class.
 *
 * URLs: /fictions/search?title=…, /fiction/21 (301 → /fiction/21/the-iron-ledger),
 * /fiction/21/the-iron-ledger, /fiction/21/the-iron-ledger/chapter/1210000/the-long-night.
 */
import { catalogue, type DemoBook, type DemoTocEntry } from '../catalogue.ts';
import { coverSvg, escapeHtml } from '../html.ts';
import type { PageResult, RequestContext, SiteTemplate, DemoSiteImpl } from '../site.ts';
import { slugify } from '../text.ts';
import { explorePage, siteCategories, type DemoExploreList } from '../explore-lists.ts';
import { chapterLines, locate, sourceBase, tocLastModified } from './common.ts';

const fictionPath = (book: DemoBook) => `/fiction/${book.id}/${slugify(book.title)}`;
const chapterId = (bookId: number, index: number) => 1_000_000 + bookId * 10_000 + index;
const chapterPathOf = (book: DemoBook, entry: DemoTocEntry) => {
  const index = entry.chapterIndex as number;
  return `${fictionPath(book)}/chapter/${chapterId(book.id, index)}/${slugify(catalogue.chapter(book.id, index).name)}`;
};

function layout(site: DemoSiteImpl, title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | ${escapeHtml(site.displayName)}</title>
${head}<link rel="stylesheet" href="/dist/main.css">
</head>
<body class="page-container-bg-solid">
<div class="page-header"><a class="navbar-brand" href="/">${escapeHtml(site.displayName)}</a><form action="/fictions/search" method="get"><input type="text" name="title" placeholder="Search"><button type="submit">Search</button></form></div>
<div class="page-content-wrapper"><div class="container">
${body}
</div></div>
<footer class="page-footer"><div class="container">&copy; 2025 ${escapeHtml(site.displayName)}</div></footer>
</body>
</html>
`;
}

function carried(bookId: number): DemoBook | undefined {
  return catalogue.siteBooks('english').find((b) => b.id === bookId);
}

function homePage(site: DemoSiteImpl): PageResult {
  const items = catalogue
    .siteBooks('english')
    .map(
      (b) =>
        `<li><a href="${fictionPath(b)}">${escapeHtml(b.title)}</a> by ${escapeHtml(b.author)}</li>`,
    )
    .join('\n');
  return {
    body: layout(
      site,
      'Home',
      '',
      `<h1>Latest updates</h1><ul class="fiction-list">\n${items}\n</ul>`,
    ),
  };
}

function listItem(ctx: RequestContext, book: DemoBook): string {
  const count = catalogue.siteToc('english', book.id, ctx.siteNow).length;
  return `<div class="row fiction-list-item">
<figure class="col-sm-2"><a href="${fictionPath(book)}"><img class="img-responsive" src="/covers/${book.id}.svg" alt="${escapeHtml(book.title)}"></a></figure>
<div class="col-sm-10 search-content">
<h2 class="fiction-title"><a href="${fictionPath(book)}">${escapeHtml(book.title)}</a></h2>
<div class="tags"><span class="label fiction-tag">${escapeHtml(book.kind)}</span><span class="label fiction-tag">${book.status === 'ongoing' ? 'Ongoing' : 'Completed'}</span></div>
<div class="author">by <a href="/profile/${book.id}">${escapeHtml(book.author)}</a></div>
<div class="row stats"><div class="col-sm-6"><span>${count} Chapters</span></div></div>
<div id="description-${book.id}" class="margin-top-10 col-xs-12 hidden-content"><p>${escapeHtml(book.intro)}</p></div>
</div>
</div>`;
}

function searchPage(site: DemoSiteImpl, ctx: RequestContext): PageResult {
  const keyword = ctx.url.searchParams.get('title') ?? '';
  const items = catalogue
    .search('english', keyword)
    .map((book) => listItem(ctx, book))
    .join('\n');
  const body = `<h1>Search results</h1>
<div class="fiction-list">
${items || '<p class="no-results">No results matching these criteria were found</p>'}
</div>`;
  return { body: layout(site, 'Search', '', body) };
}

/** Best rated, complete and genre lists (?page=N), in the search page's markup. */
function exploreList(path: string): DemoExploreList | undefined {
  if (path === '/fictions/best-rated') return 'ranking';
  if (path === '/fictions/complete') return 'completed';
  const m = /^\/fictions\/genre\/([a-z]+)$/.exec(path);
  return m ? { category: m[1] as string } : undefined;
}

function explorePageHtml(
  site: DemoSiteImpl,
  ctx: RequestContext,
  list: DemoExploreList,
): PageResult {
  const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? '1') || 1);
  const { books, pages } = explorePage('english', list, page);
  const next =
    page < pages ? `<li><a href="${ctx.url.pathname}?page=${page + 1}">Next &rsaquo;</a></li>` : '';
  const body = `<div class="fiction-list">
${books.map((book) => listItem(ctx, book)).join('\n')}
</div><ul class="pagination">${next}</ul>`;
  return { body: layout(site, 'Fictions', '', body) };
}

function fictionPage(site: DemoSiteImpl, ctx: RequestContext, book: DemoBook): PageResult {
  const toc = catalogue.siteToc('english', book.id, ctx.siteNow);
  const lastModified = tocLastModified(site, toc);
  const head =
    [
      `<meta property="og:type" content="books.book">`,
      `<meta property="og:title" content="${escapeHtml(book.title)}">`,
      `<meta property="og:description" content="${escapeHtml(book.intro)}">`,
      `<meta property="og:image" content="${site.origin}/covers/${book.id}.svg">`,
      `<meta property="books:author" content="${escapeHtml(book.author)}">`,
    ].join('\n') + '\n';
  const rows = toc
    .map((e) => {
      const href = chapterPathOf(book, e);
      const when = new Date(e.publishedAt + site.lagMs);
      return `<tr style="cursor: pointer" data-url="${href}" class="chapter-row"><td><a href="${href}">${escapeHtml(e.title)}</a></td><td data-content="${toc.indexOf(e)}" class="text-right"><a href="${href}"><time unixtime="${Math.floor(when.getTime() / 1000)}" datetime="${when.toISOString()}" format="agoshort">${when.toISOString().slice(0, 10)}</time></a></td></tr>`;
    })
    .join('\n');
  const body = `<div class="fic-header">
<div class="cover-art-container"><img class="thumbnail inline-block" src="/covers/${book.id}.svg" alt="${escapeHtml(book.title)}"></div>
<div class="fic-title"><h1 class="font-white">${escapeHtml(book.title)}</h1><h4 class="font-white"><span class="small font-white">by </span><span><a class="font-white" href="/profile/${book.id}">${escapeHtml(book.author)}</a></span></h4></div>
</div>
<div class="fiction-info">
<span class="tags"><a class="fiction-tag" href="/fictions/search?tagsAdd=${encodeURIComponent(book.kind.toLowerCase())}">${escapeHtml(book.kind)}</a></span>
<div class="description"><div class="hidden-content"><p>${escapeHtml(book.intro)}</p></div></div>
</div>
<div class="portlet"><div class="portlet-title"><div class="caption">Table of Contents</div><div class="actions">${toc.length} Chapters</div></div>
<table class="table no-border" id="chapters"><thead><tr><th>Chapter Name</th><th class="text-right">Release Date</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  return {
    body: layout(site, book.title, head, body),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

function chapterPage(
  site: DemoSiteImpl,
  ctx: RequestContext,
  book: DemoBook,
  index: number,
): PageResult | undefined {
  const toc = catalogue.siteToc('english', book.id, ctx.siteNow);
  const found = locate(toc, `c${index}`);
  if (!found) return undefined;
  const { entry, prev, next } = found;
  const lines = chapterLines(ctx, book.id, entry);
  const hidden = lines
    .filter((l) => l.className)
    .map((l) => `.${l.className}{display:none;speak:never;}`);
  const content = lines
    .map((l) =>
      l.className
        ? `<p class="${l.className}">${escapeHtml(l.text)}</p>`
        : `<p>${escapeHtml(l.text)}</p>`,
    )
    .join('\n');
  const button = (href: string | undefined, label: string) =>
    href
      ? `<a class="btn btn-primary col-xs-12" href="${href}">${label}</a>`
      : `<button class="btn btn-primary col-xs-12" disabled="disabled">${label}</button>`;
  const nav = `<div class="row nav-buttons"><div class="col-xs-6">${button(prev && chapterPathOf(book, prev), 'Previous Chapter')}</div><div class="col-xs-6">${button(next && chapterPathOf(book, next), 'Next Chapter')}</div></div>`;
  const body = `<div class="fic-header"><h1 class="font-white break-word">${escapeHtml(entry.title)}</h1><h2 class="font-white inline-block"><a href="${fictionPath(book)}">${escapeHtml(book.title)}</a></h2></div>
${nav}
<div class="chapter-inner chapter-content">
${content}
</div>
${nav}
<div class="author-note-portlet"><div class="portlet-body author-note"><p>Thanks for reading! Comments and reviews are always welcome.</p></div></div>`;
  return {
    body: layout(
      site,
      `${entry.title} - ${book.title}`,
      hidden.length ? `<style>${hidden.join('')}</style>\n` : '',
      body,
    ),
    lastModified: entry.publishedAt + site.lagMs,
  };
}

export const english: SiteTemplate = {
  template: 'english',
  charset: 'utf-8',
  language: 'en',
  defaultDisplayName: 'Royal Read',
  metaCharset: (charset) => `<meta charset="${charset}">`,

  handle(ctx) {
    const site = ctx.site;
    const path = ctx.url.pathname;
    if (path === '/' || path === '/home') return homePage(site);
    if (path === '/fictions/search') return searchPage(site, ctx);
    const list = exploreList(path);
    if (list) return explorePageHtml(site, ctx, list);
    let m = /^\/fiction\/(\d+)(?:\/([a-z0-9-]+))?\/?$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return undefined;
      if (m[2] !== slugify(book.title))
        return { status: 301, location: fictionPath(book), body: '' };
      return fictionPage(site, ctx, book);
    }
    m = /^\/fiction\/(\d+)\/[a-z0-9-]+\/chapter\/(\d+)(?:\/[a-z0-9-]*)?$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return undefined;
      const index = Number(m[2]) - 1_000_000 - book.id * 10_000;
      if (index < 0 || index >= 10_000) return undefined;
      return chapterPage(site, ctx, book, index);
    }
    m = /^\/covers\/(\d+)\.svg$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      return book ? { type: 'svg', body: coverSvg(book.title, book.author) } : undefined;
    }
    return undefined;
  },

  bookPath: (bookId) => fictionPath(catalogue.book(bookId)),
  tocPath: (bookId) => fictionPath(catalogue.book(bookId)),
  chapterPath: (_site, bookId, index) => {
    const book = catalogue.book(bookId);
    return `${fictionPath(book)}/chapter/${chapterId(bookId, index)}/${slugify(catalogue.chapter(bookId, index).name)}`;
  },

  searchRequest(_site, keyword) {
    return { path: `/fictions/search?title=${encodeURIComponent(keyword)}`, method: 'GET' };
  },

  source(site) {
    return {
      ...sourceBase(
        site,
        'Linhai demo site, english template: Royal Road-like markup; the chapter table is on the fiction page; each chapter carries one anti-theft sentence hidden by a random CSS class.',
      ),
      bookSourceName: `${site.displayName} (demo)`,
      searchUrl: '/fictions/search?title={{key}}',
      // The text form of exploreUrl on one line: entries joined by "&&".
      enabledExplore: true,
      exploreUrl: [
        'Best Rated::/fictions/best-rated?page={{page}}',
        'Complete::/fictions/complete?page={{page}}',
        ...siteCategories('english').map(
          (c) => `${c.name}::/fictions/genre/${c.slug}?page={{page}}`,
        ),
      ].join('&&'),
      ruleSearch: {
        bookList: 'class.fiction-list-item',
        name: 'class.fiction-title@tag.a@text',
        author: 'class.author@tag.a@text',
        kind: 'class.fiction-tag@text',
        intro: '@css:div[id^=description]@text',
        coverUrl: 'tag.img@src',
        bookUrl: 'class.fiction-title@tag.a@href',
        checkKeyWord: 'The Iron Ledger',
      },
      ruleBookInfo: {
        name: 'class.fic-title@tag.h1@text',
        author: 'class.fic-title@tag.h4@tag.a@text',
        kind: 'class.fiction-tag@text',
        intro: 'class.description@text',
        coverUrl: 'class.thumbnail@src',
        lastChapter: 'class.chapter-row.-1@tag.a.0@text',
        tocUrl: '',
      },
      ruleToc: {
        chapterList: 'class.chapter-row',
        chapterName: 'tag.a.0@text',
        chapterUrl: 'tag.a.0@href',
        updateTime: 'tag.time@datetime',
      },
      ruleContent: {
        content: 'class.chapter-content@html',
      },
    };
  },
};
