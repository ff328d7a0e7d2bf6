/** The public site's pages as HTML: what an anonymous visitor sees, without JavaScript. */
import type { BookRecord, ChapterRecord, PublicList } from '#library';
import { markup, languageOf, page, summary } from './page-layout.ts';
import type { Html, PageLanguage } from './page-layout.ts';

/** Where the page is served and under which name: canonical URLs need the origin. */
export interface Site {
  readonly origin: string;
  readonly name: string;
}

/** Chapter numbers in URLs count from 1 (`/book/12/1` is the first chapter). */
export const chapterPath = (bookId: number, ordinal: number) => `/book/${bookId}/${ordinal + 1}`;

const words = {
  zh: {
    latest: '最近更新',
    newest: '最新入库',
    popular: '搜藏榜',
    categories: '分类',
    noBooks: '这里还没有公开的书。',
    more: '更多',
    toc: '目录',
    chapters: (n: number) => `共 ${n} 章`,
    read: '开始阅读',
    prev: '上一章',
    next: '下一章',
    notCached: '这一章还没有收进本站。',
    keepPlace: '登录后从这里继续阅读',
    searchFor: (q: string) => `搜索“${q}”`,
    noResults: '没有找到公开的书。',
    searchHint: '书名或作者',
    search: '搜索',
    page: (n: number, of: number) => `第 ${n} / ${of} 页`,
    by: (author: string) => `作者：${author}`,
  },
  en: {
    latest: 'Latest updates',
    newest: 'Newest books',
    popular: 'Most bookmarked',
    categories: 'Categories',
    noBooks: 'No public books here yet.',
    more: 'More',
    toc: 'Contents',
    chapters: (n: number) => `${n} chapters`,
    read: 'Start reading',
    prev: 'Previous',
    next: 'Next',
    notCached: 'This chapter is not in this site’s library yet.',
    keepPlace: 'Sign in to keep your place',
    searchFor: (q: string) => `Search: ${q}`,
    noResults: 'No public books found.',
    searchHint: 'Title or author',
    search: 'Search',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    by: (author: string) => `by ${author}`,
  },
} as const;

function bookList(books: readonly BookRecord[], lang: PageLanguage): Html {
  if (books.length === 0) return markup`<p class="muted">${words[lang].noBooks}</p>`;
  return markup`<ul class="books">
    ${books.map(
      (b) =>
        markup`<li>
          <a href="/book/${b.id}">${b.title}</a>
          <span class="meta">${b.author}${b.kind ? ` · ${b.kind}` : ''}</span>
          <div class="meta">${summary(b.intro, 80)}</div>
        </li>`,
    )}
  </ul>`;
}

function searchForm(lang: PageLanguage, query = ''): Html {
  const t = words[lang];
  return markup`<form class="search" action="/search" method="get" role="search">
    <input
      name="q"
      value="${query}"
      placeholder="${t.searchHint}"
      aria-label="${t.searchHint}"
    /><button>${t.search}</button>
  </form>`;
}

export function homePage(
  site: Site,
  lang: PageLanguage,
  lists: Readonly<Record<PublicList, readonly BookRecord[]>>,
  categories: readonly string[],
): string {
  const t = words[lang];
  const section = (name: PublicList) =>
    markup`<h2>${t[name]}</h2>
      ${bookList(lists[name], lang)}
      <p><a href="/list/${name}">${t.more} ›</a></p>`;
  const body = markup`${searchForm(lang)}${section('latest')}${section('popular')}${section('newest')}${
    categories.length > 0 &&
    markup`<h2>${t.categories}</h2>
      <p>${categories.map((c) => markup`<a href="/category/${encodeURIComponent(c)}">${c}</a> `)}</p>`
  }`;
  return page(
    {
      lang,
      title: site.name,
      description: [...lists.latest, ...lists.popular]
        .slice(0, 6)
        .map((b) => b.title)
        .join(' · '),
      canonical: `${site.origin}/`,
      siteName: site.name,
    },
    body,
  );
}

/** A paged list of books: a ranking, a category. */
export function listPage(
  site: Site,
  lang: PageLanguage,
  view: {
    readonly title: string;
    readonly path: string;
    readonly books: readonly BookRecord[];
    readonly page: number;
    readonly hasNext: boolean;
  },
): string {
  const t = words[lang];
  const nav = markup`<nav class="pages">
    ${view.page > 1 && markup`<a href="${view.path}?page=${view.page - 1}" rel="prev">‹ ${t.prev}</a>`}${view.hasNext && markup`<a href="${view.path}?page=${view.page + 1}" rel="next">${t.next} ›</a>`}
  </nav>`;
  return page(
    {
      lang,
      title: `${view.title} - ${site.name}`,
      description: view.books
        .slice(0, 8)
        .map((b) => b.title)
        .join(' · '),
      canonical: `${site.origin}${view.path}${view.page > 1 ? `?page=${view.page}` : ''}`,
      siteName: site.name,
    },
    markup`<h1>${view.title}</h1>
      ${bookList(view.books, lang)}${nav}`,
  );
}

const TOC_PAGE_SIZE = 200;

export function bookPage(
  site: Site,
  view: {
    readonly book: BookRecord;
    readonly chapters: readonly ChapterRecord[];
    readonly page: number;
    readonly hasCover: boolean;
  },
): string {
  const { book, chapters } = view;
  const lang = languageOf(`${book.title}${book.intro ?? ''}`);
  const t = words[lang];
  const pages = Math.max(1, Math.ceil(chapters.length / TOC_PAGE_SIZE));
  const shown = chapters.slice((view.page - 1) * TOC_PAGE_SIZE, view.page * TOC_PAGE_SIZE);
  let volume: string | undefined;
  const items = shown.map((c) => {
    const heading =
      c.volumeTitle !== undefined && c.volumeTitle !== volume
        ? markup`<li class="volume">${c.volumeTitle}</li>`
        : '';
    volume = c.volumeTitle;
    return markup`${heading}
      <li><a href="${chapterPath(book.id, c.ordinal)}">${c.title}</a></li>`;
  });
  const path = `/book/${book.id}`;
  const nav =
    pages > 1 &&
    markup`<nav class="pages" aria-label="${t.toc}">
      ${Array.from({ length: pages }, (_, i) =>
        i + 1 === view.page
          ? markup`<span aria-current="page">${t.page(i + 1, pages)}</span>`
          : markup`<a href="${path}?page=${i + 1}">${i + 1}</a>`,
      )}
    </nav>`;
  const first = chapters[0];
  // Authors' notes and announcements are listed but not counted as chapters.
  const story = chapters.filter((c) => c.kind !== 'announcement' && !c.isExtra).length;
  const body = markup`${view.hasCover && markup`<img class="cover" src="/book/${book.id}/cover" alt="" />`}
    <h1>${book.title}</h1>
    <p class="muted">
      ${t.by(book.author)}${book.kind ? ` · ${book.kind}` : ''}${book.status ? ` · ${book.status}` : ''}
      · ${t.chapters(story)}
    </p>
    ${book.intro && markup`<p class="intro">${book.intro}</p>`}
    ${first && markup`<p><a href="${chapterPath(book.id, first.ordinal)}">${t.read} ›</a></p>`}
    <h2>${t.toc}</h2>
    <ul class="toc">
      ${items}
    </ul>
    ${nav}`;
  return page(
    {
      lang,
      title: `${book.title} - ${book.author} - ${site.name}`,
      description: summary(book.intro) || `${book.title} ${t.by(book.author)}`,
      canonical: `${site.origin}${path}${view.page > 1 ? `?page=${view.page}` : ''}`,
      siteName: site.name,
      type: 'book',
    },
    body,
    path,
  );
}

export function chapterPage(
  site: Site,
  view: {
    readonly book: BookRecord;
    readonly chapter: ChapterRecord;
    readonly title: string;
    readonly paragraphs: readonly string[] | undefined;
    readonly prev: ChapterRecord | undefined;
    readonly next: ChapterRecord | undefined;
  },
): string {
  const { book, chapter } = view;
  const lang = languageOf(`${book.title}${view.title}${view.paragraphs?.[0] ?? ''}`);
  const t = words[lang];
  const tocPage = Math.floor(chapter.ordinal / TOC_PAGE_SIZE) + 1;
  const toc = `/book/${book.id}${tocPage > 1 ? `?page=${tocPage}` : ''}`;
  const nav = markup`<nav class="chapter">
    ${
      view.prev
        ? markup`<a href="${chapterPath(book.id, view.prev.ordinal)}" rel="prev">‹ ${t.prev}</a>`
        : markup`<span></span>`
    }<a href="${toc}">${t.toc}</a>${
      view.next
        ? markup`<a href="${chapterPath(book.id, view.next.ordinal)}" rel="next">${t.next} ›</a>`
        : markup`<span></span>`
    }
  </nav>`;
  const text = view.paragraphs
    ? markup`<article class="${lang}">${view.paragraphs.map((p) => markup`<p>${p}</p>`)}</article>`
    : markup`<p class="muted">${t.notCached}</p>`;
  // Signing in lands in the reader on this chapter, which keeps the place there (it shelves the
  // book: the reader asked to keep their place).
  const resume = `/read/${book.id}/${encodeURIComponent(chapter.key)}?keep=1`;
  const body = markup`<p class="muted">
      <a href="/book/${book.id}">${book.title}</a> · ${book.author}
    </p>
    <h1>${view.title}</h1>
    ${nav}${text}${nav}
    <p><a href="/login?next=${encodeURIComponent(resume)}">${t.keepPlace}</a></p>`;
  return page(
    {
      lang,
      title: `${view.title} - ${book.title} - ${site.name}`,
      description: summary(view.paragraphs?.join(' ')) || `${book.title} ${view.title}`,
      canonical: `${site.origin}${chapterPath(book.id, chapter.ordinal)}`,
      siteName: site.name,
      type: 'article',
      noindex: view.paragraphs === undefined,
    },
    body,
    resume,
  );
}

export function searchPage(
  site: Site,
  lang: PageLanguage,
  query: string,
  books: readonly BookRecord[],
): string {
  const t = words[lang];
  const results =
    query === '' ? '' : books.length === 0 ? markup`<p>${t.noResults}</p>` : bookList(books, lang);
  return page(
    {
      lang,
      title: `${query === '' ? t.search : t.searchFor(query)} - ${site.name}`,
      description: t.searchHint,
      canonical: `${site.origin}/search`,
      siteName: site.name,
      noindex: true,
    },
    markup`<h1>${query === '' ? t.search : t.searchFor(query)}</h1>
      ${searchForm(lang, query)}${results}`,
  );
}

/** The list names in the visitor's language. */
export function listTitle(list: PublicList, lang: PageLanguage): string {
  return words[lang][list];
}
