/**
 * Project Gutenberg as a Legado book source: its OPDS catalogue (Atom XML, parsed as HTML by the
 * rule engine, so tag names are lower-case and CSS selects them) and its HTML books.
 *
 * - search: `/ebooks/search.opds/?query=…` — book entries are those whose `subsection` link is a
 *   book feed (`/ebooks/35.opds`); sort and author/subject navigation entries are skipped.
 *   `title`, `content` (the author as plain text), cover thumbnail link.
 * - book info: `/ebooks/<id>.opds` — the book's entry: `author/name`, LCSH `category` terms,
 *   `content` (notes), cover image, and the "Read online" acquisition link (`text/html`,
 *   `/ebooks/<id>.html.images`, which redirects to `/cache/epub/<id>/pg<id>-images.html`).
 * - TOC: that HTML book; its contents list links the chapter anchors (`a.pginternal`,
 *   `#chap01` …). Each chapter remembers its anchor (`@put`) because the URL is the same page.
 * - content: the book page again (one fetch per chapter: the page is the whole book), cut from
 *   the element carrying the anchor up to the next chapter division or `<h2>`, or the closing
 *   Project Gutenberg boilerplate.
 */
import type { JsonValue } from '#rules';

export const gutenbergOrigin = 'https://www.gutenberg.org';

const acquisitionHtml =
  '@css:entry link[type="text/html"][rel="http://opds-spec.org/acquisition"]@href';

/*
 * Chapter cut, a regex on the raw page with the chapter's anchor filled in: from the tag carrying
 * the anchor, through the chapter's own heading (the anchor may sit inside, on, or just before
 * it), up to the next chapter division, `<h2>`, or the closing boilerplate. Sample inputs:
 * `<div class="chapter"><h2><a id="chap01"></a>I.</h2><p>The Time Traveller…</p></div><div class="chapter">…`
 * `<p><a id="link2HCH0001"></a></p><div style="height: 4em;"><br></div><h2>CHAPTER I.</h2><p>…</p><h2>…`
 */
const chapterCut =
  '##<[^>]*\\bid="@get:{anchor}"[^>]*>(?:[\\s\\S]*?</h[1-6]>)?[\\s\\S]*?(?=<div class="chapter|<h2|<section class="pg-boilerplate|<div id="pg-footer|</body>|$)##$0###';

export function gutenbergSource(origin: string = gutenbergOrigin): Record<string, JsonValue> {
  return {
    bookSourceUrl: origin,
    bookSourceName: 'Project Gutenberg',
    bookSourceGroup: 'Built-in,Public domain',
    bookSourceType: 0,
    bookSourceComment:
      'Built into Linhai: Project Gutenberg (www.gutenberg.org) through its OPDS catalogue and HTML books. Public-domain texts; no login.',
    linhaiBuiltIn: true,
    enabled: true,
    enabledExplore: false,
    enabledCookieJar: false,
    // Gutenberg asks robots to go slowly; one request a second is plenty for reading.
    concurrentRate: '1000',
    searchUrl: '/ebooks/search.opds/?query={{key}}',
    ruleSearch: {
      // Book feeds only (sample href: /ebooks/35.opds); not /ebooks/author/30.opds.
      bookList: '@css:entry:has(link[rel=subsection][href~=/ebooks/\\d+\\.opds$])',
      name: '@css:title@text',
      author: '@css:content@text',
      coverUrl: '@css:link[rel="http://opds-spec.org/image/thumbnail"]@href',
      bookUrl: '@css:link[rel=subsection]@href',
      checkKeyWord: 'The Time Machine',
    },
    ruleBookInfo: {
      name: '@css:entry > title@text',
      author: '@css:entry author name@text',
      kind: '@css:entry category@term',
      intro: '@css:entry content@html',
      coverUrl: '@css:entry link[rel="http://opds-spec.org/image"]@href',
      tocUrl: acquisitionHtml,
    },
    ruleToc: {
      // Chapter anchors first (#chap01 …), else every internal link of the contents list.
      chapterList: '@css:a.pginternal[href^="#chap"]||a.pginternal',
      chapterName: 'text',
      // "#chap01" → anchor "chap01", kept on the chapter for the content cut.
      chapterUrl: '@put:{anchor:"href##^[^#]*#"}href',
    },
    ruleContent: {
      content: chapterCut,
    },
  };
}
