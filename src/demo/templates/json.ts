/**
 * A JSON-API site (the kind behind many reading apps): search, book info, catalog and chapter
 * content are JSON under /api/. Chinese books come in volumes whose chapter numbers restart at 1.
 *
 * URLs: /api/search?keyword=…&page=1, /api/book/3, /api/book/3/catalog, /api/book/3/chapter/17
 * (17 = chapter index + 1), /api/cover/3.svg. Answers are {"code":0,"msg":"ok","data":…};
 * errors {"code":404,"msg":"…"} with the same HTTP status.
 */
import { catalogue, type DemoBook } from '../catalogue.ts';
import { coverSvg } from '../html.ts';
import type { PageResult, RequestContext, SiteTemplate, DemoSiteImpl } from '../site.ts';
import { formatChinaTime } from '../text.ts';
import { explorePage, siteCategories, type DemoExploreList } from '../explore-lists.ts';
import { chapterLines, locate, sourceBase, tocLastModified } from './common.ts';

const pageSize = 20;

/** How the source reads a list of books (search results and explore lists alike). */
const bookList = {
  bookList: '$.data.list[*]',
  name: '$.name',
  author: '$.author',
  kind: '$.category&&$.status',
  wordCount: '$.wordCount',
  lastChapter: '$.lastChapter',
  intro: '$.intro',
  coverUrl: '$.cover',
  bookUrl: '/api/book/{{$.id}}',
};

function ok(data: unknown, lastModified?: number): PageResult {
  return {
    type: 'json',
    body: JSON.stringify({ code: 0, msg: 'ok', data }),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
}

function notFound(msg: string): PageResult {
  return { status: 404, type: 'json', body: JSON.stringify({ code: 404, msg }) };
}

function carried(bookId: number): DemoBook | undefined {
  return catalogue.siteBooks('json').find((b) => b.id === bookId);
}

function summary(site: DemoSiteImpl, ctx: RequestContext, book: DemoBook) {
  const toc = catalogue.siteToc('json', book.id, ctx.siteNow);
  const chapters = toc.filter((e) => e.kind !== 'volume');
  const last = chapters[chapters.length - 1];
  const lastModified = tocLastModified(site, toc);
  return {
    item: {
      id: book.id,
      name: book.title,
      author: book.author,
      intro: book.intro,
      category: book.kind,
      status: book.status === 'ongoing' ? '连载' : '完结',
      wordCount: book.words,
      cover: `/api/cover/${book.id}.svg`,
      lastChapter: last?.title ?? '',
      chapterCount: chapters.length,
      updateTime: lastModified !== undefined ? formatChinaTime(lastModified) : '',
      updatedAt: lastModified ?? null,
    },
    lastModified,
  };
}

export const json: SiteTemplate = {
  template: 'json',
  charset: 'utf-8',
  language: 'zh',
  defaultDisplayName: '追书API',
  metaCharset: (charset) => `<meta charset="${charset}">`,

  handle(ctx) {
    const site = ctx.site;
    const path = ctx.url.pathname;
    if (path === '/' || path === '/api') {
      return ok({
        name: site.displayName,
        endpoints: [
          '/api/search?keyword=',
          '/api/book/{id}',
          '/api/book/{id}/catalog',
          '/api/book/{id}/chapter/{n}',
        ],
      });
    }
    if (path === '/api/search') {
      const keyword = ctx.url.searchParams.get('keyword') ?? '';
      const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? '1') || 1);
      const found = catalogue.search('json', keyword);
      const list = found
        .slice((page - 1) * pageSize, page * pageSize)
        .map((book) => summary(site, ctx, book).item);
      return ok({ total: found.length, page, list });
    }
    if (path === '/api/rank' || path === '/api/list') {
      const query = ctx.url.searchParams;
      const list: DemoExploreList =
        path === '/api/rank'
          ? 'ranking'
          : query.get('status') === 'full'
            ? 'completed'
            : { category: query.get('category') ?? '' };
      const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
      const { books, pages } = explorePage('json', list, page);
      const items = books.map((book) => summary(site, ctx, book).item);
      return ok({ page, pages, list: items });
    }
    let m = /^\/api\/book\/(\d+)$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return notFound('book not found');
      const { item, lastModified } = summary(site, ctx, book);
      return ok(item, lastModified);
    }
    m = /^\/api\/book\/(\d+)\/catalog$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return notFound('book not found');
      const toc = catalogue.siteToc('json', book.id, ctx.siteNow);
      const list = toc.map((entry) =>
        entry.kind === 'volume'
          ? { id: entry.key, title: entry.title, volume: true, url: '', time: '' }
          : {
              id: (entry.chapterIndex as number) + 1,
              title: entry.title,
              volume: false,
              url: `/api/book/${book.id}/chapter/${(entry.chapterIndex as number) + 1}`,
              time: formatChinaTime(entry.publishedAt + site.lagMs),
            },
      );
      return ok({ bookId: book.id, name: book.title, list }, tocLastModified(site, toc));
    }
    m = /^\/api\/book\/(\d+)\/chapter\/(\d+)$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      if (!book) return notFound('book not found');
      const toc = catalogue.siteToc('json', book.id, ctx.siteNow);
      const found = locate(toc, `c${Number(m[2]) - 1}`);
      if (!found) return notFound('chapter not found');
      const lines = chapterLines(ctx, book.id, found.entry);
      return ok(
        {
          bookId: book.id,
          id: Number(m[2]),
          title: found.entry.title,
          content: lines.map((line) => line.text).join('\n'),
          prev: found.prev
            ? `/api/book/${book.id}/chapter/${(found.prev.chapterIndex as number) + 1}`
            : '',
          next: found.next
            ? `/api/book/${book.id}/chapter/${(found.next.chapterIndex as number) + 1}`
            : '',
        },
        found.entry.publishedAt + site.lagMs,
      );
    }
    m = /^\/api\/cover\/(\d+)\.svg$/.exec(path);
    if (m) {
      const book = carried(Number(m[1]));
      return book ? { type: 'svg', body: coverSvg(book.title, book.author) } : undefined;
    }
    if (path.startsWith('/api/')) return notFound('no such endpoint');
    return undefined;
  },

  bookPath: (bookId) => `/api/book/${bookId}`,
  tocPath: (bookId) => `/api/book/${bookId}/catalog`,
  chapterPath: (_site, bookId, index) => `/api/book/${bookId}/chapter/${index + 1}`,

  searchRequest(_site, keyword) {
    return { path: `/api/search?keyword=${encodeURIComponent(keyword)}&page=1`, method: 'GET' };
  },

  source(site) {
    return {
      ...sourceBase(
        site,
        'Linhai demo site, json template: a JSON API; Chinese books come in volumes whose chapter numbers restart at 1 (volume rows have volume=true).',
      ),
      header: '{"Accept":"application/json"}',
      searchUrl: '/api/search?keyword={{key}}&page={{page}}',
      // The @js: form of exploreUrl: a script that builds the JSON list, as many API sources do.
      enabledExplore: true,
      exploreUrl: [
        '@js:',
        'var lists = [{ title: "人气榜", url: "/api/rank?page={{page}}" },',
        '  { title: "完结", url: "/api/list?status=full&page={{page}}" }];',
        `var cats = ${JSON.stringify(siteCategories('json').map((c) => [c.name, c.slug]))};`,
        'for (var i = 0; i < cats.length; i++)',
        '  lists.push({ title: cats[i][0], url: "/api/list?category=" + cats[i][1] + "&page={{page}}" });',
        'JSON.stringify(lists);',
      ].join('\n'),
      // Search results and explore lists are the same JSON list.
      ruleExplore: bookList,
      ruleSearch: { ...bookList, checkKeyWord: '青锋问道' },
      ruleBookInfo: {
        name: '$.data.name',
        author: '$.data.author',
        kind: '$.data.category&&$.data.status',
        wordCount: '$.data.wordCount',
        lastChapter: '$.data.lastChapter',
        updateTime: '$.data.updateTime',
        intro: '$.data.intro',
        coverUrl: '$.data.cover',
        tocUrl: '/api/book/{{$.data.id}}/catalog',
      },
      ruleToc: {
        chapterList: '$.data.list[*]',
        chapterName: '$.title',
        chapterUrl: '$.url',
        isVolume: '$.volume',
        updateTime: '$.time',
      },
      ruleContent: {
        content: '$.data.content',
      },
    };
  },
};
