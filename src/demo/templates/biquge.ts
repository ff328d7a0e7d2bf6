/**
 * A biquge-family site (笔趣阁 layout): GBK pages, search by a POST form whose value is GBK,
 * the book page carries the og:novel meta, the intro and the whole TOC (a "latest chapters"
 * block first, then every chapter), the chapter text sits in `#content` separated by `<br />`,
 * with the site's banner and promo lines inside and footer link lists outside.
 *
 * URLs: /modules/article/search.php (POST searchkey=…, or GET ?searchkey=…), /10_10001/ (book
 * and TOC), /10_10001/5010000.html (chapter), /files/article/image/10/10001/10001s.svg (cover).
 */
import { catalogue, type DemoBook, type DemoTocEntry } from '../catalogue.ts';
import { coverSvg, escapeHtml, parseForm } from '../html.ts';
import type { PageResult, RequestContext, SiteTemplate, DemoSiteImpl } from '../site.ts';
import { formatChinaTime } from '../text.ts';
import { loadSeedChapter } from '../seed.ts';
import { explorePage, siteCategories, type DemoExploreList } from '../explore-lists.ts';
import {
  chapterLines,
  formEncode,
  locate,
  regexEscape,
  sourceBase,
  tocLastModified,
} from './common.ts';

const code = (bookId: number) => 10000 + bookId;
const shard = (bookId: number) => Math.floor(code(bookId) / 1000);
const bookPath = (bookId: number) => `/${shard(bookId)}_${code(bookId)}/`;
const coverPath = (bookId: number) =>
  `/files/article/image/${shard(bookId)}/${code(bookId)}/${code(bookId)}s.svg`;

function entryId(bookId: number, entry: DemoTocEntry): number {
  if (entry.kind === 'extra') return 9_000_000 + bookId * 100 + Number(entry.key.slice(1));
  return 5_000_000 + bookId * 10_000 + (entry.chapterIndex as number);
}

function keyFromId(bookId: number, id: number): string | undefined {
  if (id >= 9_000_000) {
    const rest = id - 9_000_000 - bookId * 100;
    return rest >= 0 && rest < 100 ? `x${rest}` : undefined;
  }
  const index = id - 5_000_000 - bookId * 10_000;
  return index >= 0 && index < 10_000 ? `c${index}` : undefined;
}

const entryPath = (bookId: number, entry: DemoTocEntry) =>
  `${bookPath(bookId)}${entryId(bookId, entry)}.html`;

const meta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />';

function layout(site: DemoSiteImpl, title: string, head: string, body: string): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
${meta}
<title>${escapeHtml(title)}</title>
<meta name="keywords" content="${escapeHtml(title)}" />
${head}<link rel="stylesheet" type="text/css" href="/css/style.css" />
<script type="text/javascript" src="/js/common.js"></script>
</head>
<body>
<div id="wrapper">
<div class="header"><div class="header_logo"><a href="/">${escapeHtml(site.displayName)}</a></div>
<div class="header_search"><form name="articlesearch" method="post" action="/modules/article/search.php"><input type="text" name="searchkey" class="search" value="" /><input type="hidden" name="searchtype" value="articlename" /><button type="submit">搜 索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xuanhuanxiaoshuo/">玄幻小说</a></li><li><a href="/xiuzhenxiaoshuo/">修真小说</a></li><li><a href="/dushixiaoshuo/">都市小说</a></li><li><a href="/lishixiaoshuo/">历史小说</a></li><li><a href="/wangyouxiaoshuo/">网游小说</a></li></ul></div>
${body}
<div class="footer"><div class="footer_cont"><p>本站所有小说为转载作品，所有章节均由网友上传，转载至本站只是为了宣传，让更多读者欣赏。</p><p>Copyright &copy; 2025 ${escapeHtml(site.displayName)} All Rights Reserved.</p></div></div>
</div>
</body>
</html>
`;
}

function bookLinks(books: DemoBook[]): string {
  return books.map((b) => `<a href="${bookPath(b.id)}">${escapeHtml(b.title)}</a>`).join('');
}

function footerLists(site: DemoSiteImpl, bookId: number, index: number | null): string {
  const seed = loadSeedChapter();
  if (seed && index === 0 && catalogue.book(bookId).hasSeedChapter) {
    return seed.footer
      .map((line) => `<div class="footer_link">${escapeHtml(line)}</div>`)
      .join('\n');
  }
  const books = catalogue.siteBooks('biquge');
  const rotate = (k: number) =>
    books.map((_, i) => books[(i + k) % books.length] as DemoBook).slice(0, 8);
  return [
    `<div class="footer_link">${escapeHtml(site.displayName)}推荐阅读：${bookLinks(rotate(bookId))}</div>`,
    `<div class="footer_link">${escapeHtml(site.displayName)}搜藏榜：${bookLinks(rotate(bookId + 3))}</div>`,
    `<div class="footer_link">${escapeHtml(site.displayName)}最新小说：${bookLinks(rotate(bookId + 6))}</div>`,
  ].join('\n');
}

function homePage(site: DemoSiteImpl): PageResult {
  const items = catalogue
    .siteBooks('biquge')
    .map(
      (b) =>
        `<li><span class="s2"><a href="${bookPath(b.id)}">${escapeHtml(b.title)}</a></span><span class="s5">${escapeHtml(b.author)}</span></li>`,
    )
    .join('\n');
  return {
    body: layout(
      site,
      `${site.displayName}_书友最值得收藏的网络小说阅读网`,
      '',
      `<div id="newscontent"><div class="l"><h2>最近更新小说列表</h2><ul>\n${items}\n</ul></div></div>`,
    ),
  };
}

function searchPage(site: DemoSiteImpl, ctx: RequestContext): PageResult {
  const raw = ctx.method === 'POST' ? ctx.body.toString('latin1') : ctx.url.search.slice(1);
  const keyword = parseForm(raw, 'gbk').get('searchkey') ?? '';
  const rows = catalogue
    .search('biquge', keyword)
    .map((book) => {
      const toc = catalogue.siteToc('biquge', book.id, ctx.siteNow);
      const last = toc[toc.length - 1];
      const lastLink = last
        ? `<a href="${entryPath(book.id, last)}" target="_blank">${escapeHtml(last.title)}</a>`
        : '';
      const updated = last ? formatChinaTime(last.publishedAt + site.lagMs).slice(2, 10) : '';
      return `<tr id="nr"><td class="odd"><a href="${bookPath(book.id)}">${escapeHtml(book.title)}</a></td><td class="even">${lastLink}</td><td class="odd">${escapeHtml(book.author)}</td><td class="even">${(book.words / 10000).toFixed(1)}万字</td><td class="odd" align="center">${updated}</td><td class="even" align="center">${book.status === 'ongoing' ? '连载' : '完成'}</td></tr>`;
    })
    .join('\n');
  const body = `<div id="main"><table class="grid" width="100%" align="center"><caption>搜索结果</caption>
<tr align="center"><th>文章名称</th><th>最新章节</th><th>作者</th><th>字数</th><th>更新</th><th>状态</th></tr>
${rows}
</table>${rows ? '' : '<div class="novelslist2">没有找到有关“' + escapeHtml(keyword) + '”的小说。</div>'}</div>`;
  return { body: layout(site, `搜索结果_${site.displayName}`, '', body) };
}

/** The explore lists' paths: /top/allvisit_1.html, /full/1.html, /all/1.html, /sort/dushi_1.html. */
function exploreList(
  path: string,
): { list: DemoExploreList; base: string; page: number } | undefined {
  let m = /^\/top\/allvisit_(\d+)\.html$/.exec(path);
  if (m) return { list: 'ranking', base: '/top/allvisit_', page: Number(m[1]) };
  m = /^\/(newest|updated)_(\d+)\.html$/.exec(path);
  if (m) return { list: m[1] as 'newest' | 'updated', base: `/${m[1]}_`, page: Number(m[2]) };
  m = /^\/(full|all)\/(\d+)\.html$/.exec(path);
  if (m)
    return { list: m[1] === 'full' ? 'completed' : 'all', base: `/${m[1]}/`, page: Number(m[2]) };
  m = /^\/sort\/([a-z]+)_(\d+)\.html$/.exec(path);
  if (m) return { list: { category: m[1] as string }, base: `/sort/${m[1]}_`, page: Number(m[2]) };
  return undefined;
}

/** A sort, ranking or completed page in the biquge layout: `#newscontent .l li` rows, then 下一页. */
function explorePageHtml(
  site: DemoSiteImpl,
  ctx: RequestContext,
  at: { list: DemoExploreList; base: string; page: number },
): PageResult {
  const { books, pages } = explorePage('biquge', at.list, at.page, ctx.siteNow);
  const rows = books
    .map((book) => {
      const toc = catalogue.siteToc('biquge', book.id, ctx.siteNow);
      const last = toc[toc.length - 1];
      const updated = last ? formatChinaTime(last.publishedAt + site.lagMs).slice(5, 10) : '';
      return `<li><span class="s1">[${escapeHtml(book.kind)}]</span><span class="s2"><a href="${bookPath(book.id)}">${escapeHtml(book.title)}</a></span><span class="s3">${last ? `<a href="${entryPath(book.id, last)}">${escapeHtml(last.title)}</a>` : ''}</span><span class="s4">${escapeHtml(book.author)}</span><span class="s5">${updated}</span></li>`;
    })
    .join('\n');
  const next =
    at.page < pages ? `<a href="${at.base}${at.page + 1}.html" class="ngroup">下一页</a>` : '';
  const titles: Record<string, string> = {
    ranking: '总点击榜',
    completed: '完本小说',
    all: '全部小说',
    newest: '新书入库',
    updated: '最近更新',
  };
  const title = typeof at.list === 'string' ? (titles[at.list] ?? '') : '分类';
  const body = `<div id="newscontent"><div class="l"><h2>${title}</h2><ul>\n${rows}\n</ul></div></div>
<div class="page_b"><em>第${at.page}/${pages}页</em>${next}</div>`;
  return { body: layout(site, `${title}_${site.displayName}`, '', body) };
}

function bookPage(site: DemoSiteImpl, ctx: RequestContext, book: DemoBook): PageResult {
  const toc = catalogue.siteToc('biquge', book.id, ctx.siteNow);
  const last = toc[toc.length - 1];
  const lastModified = tocLastModified(site, toc);
  const updated = lastModified !== undefined ? formatChinaTime(lastModified) : '';
  const status = book.status === 'ongoing' ? '连载中' : '已完结';
  const head =
    [
      '<meta property="og:type" content="novel"/>',
      `<meta property="og:title" content="${escapeHtml(book.title)}"/>`,
      `<meta property="og:description" content="${escapeHtml(book.intro)}"/>`,
      `<meta property="og:image" content="${site.origin}${coverPath(book.id)}"/>`,
      `<meta property="og:novel:category" content="${escapeHtml(book.kind)}小说"/>`,
      `<meta property="og:novel:author" content="${escapeHtml(book.author)}"/>`,
      `<meta property="og:novel:book_name" content="${escapeHtml(book.title)}"/>`,
      `<meta property="og:novel:read_url" content="${site.origin}${bookPath(book.id)}"/>`,
      `<meta property="og:novel:status" content="${status}"/>`,
      `<meta property="og:novel:update_time" content="${updated}"/>`,
      last
        ? `<meta property="og:novel:latest_chapter_name" content="${escapeHtml(last.title)}"/>`
        : '',
      last
        ? `<meta property="og:novel:latest_chapter_url" content="${site.origin}${entryPath(book.id, last)}"/>`
        : '',
    ].join('\n') + '\n';
  const link = (e: DemoTocEntry) =>
    `<dd><a href="${entryPath(book.id, e)}">${escapeHtml(e.title)}</a></dd>`;
  const latest = toc.slice(-9).reverse().map(link).join('\n');
  const all = toc.map(link).join('\n');
  const body = `<div class="box_con">
<div class="con_top"><a href="/">${escapeHtml(site.displayName)}</a> &gt; <a href="/${encodeURIComponent(book.kind)}/">${escapeHtml(book.kind)}小说</a> &gt; ${escapeHtml(book.title)}最新章节列表</div>
<div id="maininfo">
<div id="info">
<h1>${escapeHtml(book.title)}</h1>
<p>作&nbsp;&nbsp;&nbsp;&nbsp;者：${escapeHtml(book.author)}</p>
<p>状&nbsp;&nbsp;&nbsp;&nbsp;态：${status},<a href="javascript:;" onclick="addBookCase('${book.id}');">加入书架</a>,<a href="#footer">直达底部</a></p>
<p>最后更新：${updated}</p>
<p>最新章节：${last ? `<a href="${entryPath(book.id, last)}">${escapeHtml(last.title)}</a>` : ''}</p>
</div>
<div id="intro"><p>${escapeHtml(book.intro)}</p><p>各位书友要是觉得《${escapeHtml(book.title)}》还不错的话请不要忘记向您QQ群和微博里的朋友推荐哦！</p></div>
</div>
<div id="fmimg"><img alt="${escapeHtml(book.title)}" src="${coverPath(book.id)}" width="120" height="150" /></div>
</div>
<div class="box_con">
<div id="list">
<dl>
<dt>《${escapeHtml(book.title)}》最新章节（提示：已启用缓存技术，最新章节可能会延时显示，登录书架即可实时查看。）</dt>
${latest}
<dt>《${escapeHtml(book.title)}》正文</dt>
${all}
</dl>
</div>
</div>`;
  return {
    body: layout(
      site,
      `${book.title}最新章节列表_${book.title}全文阅读_${site.displayName}`,
      head,
      body,
    ),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

function chapterPage(
  site: DemoSiteImpl,
  ctx: RequestContext,
  book: DemoBook,
  key: string,
): PageResult | undefined {
  const toc = catalogue.siteToc('biquge', book.id, ctx.siteNow);
  const found = locate(toc, key);
  if (!found) return undefined;
  const { entry, prev, next } = found;
  const lines = chapterLines(ctx, book.id, entry);
  const content = lines
    .map((line) => `&nbsp;&nbsp;&nbsp;&nbsp;${escapeHtml(line.text)}<br /><br />`)
    .join('\n');
  const prevHref = prev ? entryPath(book.id, prev) : bookPath(book.id);
  const nextHref = next ? entryPath(book.id, next) : bookPath(book.id);
  const nav = `<a href="${prevHref}">上一章</a> &larr; <a href="${bookPath(book.id)}">章节目录</a> &rarr; <a href="${nextHref}">下一章</a> <a href="javascript:;" onclick="addBookMark('${book.id}');">加入书签</a>`;
  const body = `<div class="content_read"><div class="box_con">
<div class="con_top"><a href="/">${escapeHtml(site.displayName)}</a> &gt; <a href="${bookPath(book.id)}">${escapeHtml(book.title)}</a> &gt; ${escapeHtml(entry.title)}</div>
<div class="bookname">
<h1>${escapeHtml(entry.title)}</h1>
<div class="bottem1">${nav}</div>
</div>
<div id="content">${content}
</div>
<script>app2();</script>
<div class="bottem2">${nav}</div>
${footerLists(site, book.id, entry.chapterIndex)}
</div></div>`;
  return {
    body: layout(site, `${entry.title}_${book.title}_${site.displayName}`, '', body),
    lastModified: entry.publishedAt + site.lagMs,
  };
}

export const biquge: SiteTemplate = {
  template: 'biquge',
  charset: 'gbk',
  language: 'zh',
  defaultDisplayName: '新笔趣阁',
  metaCharset: (charset) =>
    `<meta http-equiv="Content-Type" content="text/html; charset=${charset}" />`,

  handle(ctx) {
    const site = ctx.site;
    const path = ctx.url.pathname;
    if (path === '/' || path === '/index.html') return homePage(site);
    if (path === '/modules/article/search.php') return searchPage(site, ctx);
    const list = exploreList(path);
    if (list) return explorePageHtml(site, ctx, list);
    let m = /^\/(\d+)_(\d+)\/?$/.exec(path);
    if (m) {
      const bookId = Number(m[2]) - 10000;
      if (
        !catalogue.siteBooks('biquge').some((b) => b.id === bookId) ||
        Number(m[1]) !== shard(bookId)
      )
        return undefined;
      if (!path.endsWith('/')) return { status: 301, location: bookPath(bookId), body: '' };
      return bookPage(site, ctx, catalogue.book(bookId));
    }
    m = /^\/(\d+)_(\d+)\/(\d+)\.html$/.exec(path);
    if (m) {
      const bookId = Number(m[2]) - 10000;
      if (!catalogue.siteBooks('biquge').some((b) => b.id === bookId)) return undefined;
      const key = keyFromId(bookId, Number(m[3]));
      return key ? chapterPage(site, ctx, catalogue.book(bookId), key) : undefined;
    }
    m = /^\/files\/article\/image\/\d+\/(\d+)\/\d+s\.svg$/.exec(path);
    if (m) {
      const bookId = Number(m[1]) - 10000;
      if (!catalogue.siteBooks('biquge').some((b) => b.id === bookId)) return undefined;
      const book = catalogue.book(bookId);
      return { type: 'svg', body: coverSvg(book.title, book.author) };
    }
    return undefined;
  },

  bookPath,
  tocPath: bookPath,
  chapterPath(_site, bookId, index) {
    return `${bookPath(bookId)}${5_000_000 + bookId * 10_000 + index}.html`;
  },

  searchRequest(_site, keyword) {
    return {
      path: '/modules/article/search.php',
      method: 'POST',
      body: Buffer.from(`searchkey=${formEncode(keyword, 'gbk')}&searchtype=articlename`, 'latin1'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  },

  source(site) {
    return {
      ...sourceBase(
        site,
        'Linhai demo site, biquge template: GBK pages; search is a POST form encoded in GBK; book info from og:novel meta; the TOC is on the book page (a latest-chapters block, then all chapters); text in #content.',
      ),
      bookUrlPattern: `${regexEscape(site.origin)}/\\d+_\\d+/`,
      header:
        '{"User-Agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"}',
      searchUrl:
        '/modules/article/search.php,{"method":"POST","body":"searchkey={{key}}&searchtype=articlename","charset":"gbk"}',
      ruleSearch: {
        bookList: 'class.grid@tag.tr!0',
        name: 'tag.td.0@tag.a@text',
        author: 'tag.td.2@text',
        kind: 'tag.td.5@text',
        wordCount: 'tag.td.3@text',
        lastChapter: 'tag.td.1@tag.a@text',
        bookUrl: 'tag.td.0@tag.a@href',
        checkKeyWord: '青锋问道',
      },
      // The text form of exploreUrl: one "title::url" a line.
      enabledExplore: true,
      exploreUrl: [
        '总点击榜::/top/allvisit_{{page}}.html',
        '完本小说::/full/{{page}}.html',
        '新书入库::/newest_{{page}}.html',
        '最近更新::/updated_{{page}}.html',
        '全部小说::/all/{{page}}.html',
        ...siteCategories('biquge').map((c) => `${c.name}::/sort/${c.slug}_{{page}}.html`),
      ].join('\n'),
      ruleExplore: {
        bookList: 'class.l@tag.li',
        name: 'class.s2@tag.a@text',
        author: 'class.s4@text',
        kind: 'class.s1@text##\\[|\\]',
        lastChapter: 'class.s3@tag.a@text',
        bookUrl: 'class.s2@tag.a@href',
      },
      ruleBookInfo: {
        name: '[property=og:novel:book_name]@content',
        author: '[property=og:novel:author]@content',
        kind: '[property=og:novel:category]@content&&[property=og:novel:status]@content',
        intro: 'id.intro@tag.p.0@text',
        coverUrl: '[property=og:image]@content',
        lastChapter: '[property=og:novel:latest_chapter_name]@content',
        updateTime: '[property=og:novel:update_time]@content',
        tocUrl: '',
      },
      ruleToc: {
        chapterList: 'id.list@tag.dd@tag.a',
        chapterName: 'text',
        chapterUrl: 'href',
      },
      ruleContent: {
        content: 'id.content@html',
        replaceRegex: '##请记住本书首发域名.*',
      },
    };
  },
};
