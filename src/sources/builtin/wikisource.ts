/**
 * Wikisource (zh, en) as Legado book sources over the MediaWiki Action API (`/w/api.php`,
 * documented at mediawiki.org API:Search, API:Parse). Every URL is relative to `bookSourceUrl`,
 * so pointing a source at another wiki (or a local mock) only changes that one field.
 *
 * - search: `list=search` in the main namespace, 20 a page (`sroffset` from `{{page}}`);
 *   one hit = one work: `title`, `pageid`, `snippet` (HTML with `searchmatch` spans).
 * - book info and TOC share one request (empty `tocUrl` = the detail page is reused):
 *   `action=parse&pageid=…&prop=categories|links`. Visible categories become `kind`; the TOC is
 *   the main-namespace links whose title has a `/` (a work's chapters are its subpages,
 *   `紅樓夢/第001回`), in the order the parser met them; a work without subpages is one chapter.
 * - content: `action=parse&page=<Title/Chapter>&prop=text` → `$.parse.text`, the rendered HTML.
 *
 * Not available through these documented fields: the author (it lives in the page's header
 * template markup, which differs per wiki) — the search result keeps it empty.
 */
import type { JsonValue } from '#rules';

interface WikisourceSite {
  /** `https://zh.wikisource.org` */
  origin: string;
  name: string;
  group: string;
  checkKeyWord: string;
}

export const wikisourceSites = {
  zh: {
    origin: 'https://zh.wikisource.org',
    name: '中文维基文库',
    group: '内置,公版',
    checkKeyWord: '紅樓夢',
  },
  en: {
    origin: 'https://en.wikisource.org',
    name: 'English Wikisource',
    group: 'Built-in,Public domain',
    checkKeyWord: 'The Time Machine',
  },
} as const satisfies Record<string, WikisourceSite>;

const api = '/w/api.php?';
/** Chapter text: no edit-section links, no TOC box, no parser report comment. */
const parseText = 'prop=text&disableeditsection=1&disabletoc=1&disablelimitreport=1';
const json = 'format=json&formatversion=2';
/** A page that is a redirect (a renamed chapter) is parsed at its target. */
const follow = 'redirects=1';

export function wikisourceSource(site: WikisourceSite): Record<string, JsonValue> {
  return {
    bookSourceUrl: site.origin,
    bookSourceName: site.name,
    bookSourceGroup: site.group,
    bookSourceType: 0,
    bookSourceComment: `Built into Linhai: ${site.name} (${site.origin}) through the MediaWiki Action API (list=search, action=parse). Public-domain texts; no login.`,
    linhaiBuiltIn: true,
    enabled: true,
    enabledExplore: false,
    enabledCookieJar: false,
    // Wikimedia's API etiquette: modest request rates and a descriptive client.
    concurrentRate: '500',
    header: '{"Accept":"application/json","Api-User-Agent":"Linhai (self-hosted reader)"}',
    searchUrl: `${api}action=query&list=search&srsearch={{key}}&srnamespace=0&srlimit=20&sroffset={{(page-1)*20}}&${json}`,
    ruleSearch: {
      // Works only: chapter subpages match too ("紅樓夢/第001回" has a slash, "紅樓夢" not).
      bookList: '$.query.search[?(@.title =~ /^[^\\/]+$/)]',
      name: '$.title',
      intro: '$.snippet',
      bookUrl: `${api}action=parse&pageid={{$.pageid}}&prop=categories|links&${follow}&${json}`,
      checkKeyWord: site.checkKeyWord,
    },
    ruleBookInfo: {
      name: '$.parse.title',
      // Category keys are page names with underscores: "Works_by_H._G._Wells" → "Works by H. G. Wells".
      // (The replacement is " $1", not " ", because a rule's trailing space is trimmed away.)
      kind: '$.parse.categories[?(!@.hidden)].category##_(.)## $1',
      tocUrl: '',
    },
    ruleToc: {
      // Subpages: main namespace, title "Work/Chapter" (sample: 紅樓夢/第001回); else the work itself.
      chapterList: '$.parse.links[?(@.ns == 0 && @.title =~ /.+\\/.+/)]||$.parse',
      // Drop the work's name: "紅樓夢/第001回" → "第001回".
      chapterName: '$.title##^.*/',
      // The title goes into the query raw (the URL encoder escapes spaces and non-ASCII but keeps
      // "&"), so "&" is escaped here: "Pride & Prejudice/Chapter 1" → "Pride %26 Prejudice/Chapter 1".
      chapterUrl: `${api}action=parse&page={{$.title##&##%26}}&${parseText}&${follow}&${json}`,
    },
    ruleContent: {
      content: '$.parse.text',
    },
  };
}
