/**
 * A local Project Gutenberg: the OPDS search feed (`/ebooks/search.opds/?query=`), book feeds
 * (`/ebooks/<id>.opds`), the "Read online" link (`/ebooks/<id>.html.images`, a redirect as on the
 * real site) and the HTML book (`/cache/epub/<id>/pg<id>-images.html`) with the Project Gutenberg
 * header and footer sections, a contents table of `a.pginternal` links and `div.chapter`
 * sections whose `<h2>` carries the anchor. Feeds are Atom with the OPDS link relations.
 */
import { esc, serve } from './serve.ts';
import type { MockServer } from './serve.ts';

export interface PgBook {
  id: number;
  title: string;
  /** As the search feed prints it ("H. G. Wells"). */
  author: string;
  /** As the book feed prints it ("Wells, H. G. (Herbert George)"). */
  authorSort: string;
  subjects: string[];
  chapters: { heading: string; paragraphs: string[] }[];
  /**
   * `chapter-div` (default): `div.chapter > h2 > a#chap01`, as recent ebookmaker output;
   * `anchor-before-h2`: `<p><a id="link2HCH0001"></a></p>` then spacer and a bare `<h2>`, as
   * older HTML books.
   */
  layout?: 'chapter-div' | 'anchor-before-h2';
}

const atomType = 'application/atom+xml;profile=opds-catalog;charset=utf-8';
const feedHead = (origin: string, id: string, title: string): string =>
  `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:relevance="http://a9.com/-/opensearch/extensions/relevance/1.0/">
<id>${origin}${id}</id>
<updated>2024-11-27T08:00:00Z</updated>
<title>${esc(title)}</title>
<author><name>Project Gutenberg</name><uri>${origin}</uri></author>
<link rel="search" type="application/opensearchdescription+xml" title="Project Gutenberg Catalog Search" href="${origin}/catalog/osd-books.xml"/>
<link rel="self" title="This Page" type="application/atom+xml;profile=opds-catalog" href="${esc(id)}"/>
`;

function searchFeed(origin: string, query: string, books: PgBook[]): string {
  const q = query.toLowerCase();
  const hits = books.filter((b) => `${b.title} ${b.author}`.toLowerCase().includes(q));
  const nav = (title: string, hrefPath: string): string =>
    `<entry>
<updated>2024-11-27T08:00:00Z</updated>
<id>${origin}${esc(hrefPath)}</id>
<title>${esc(title)}</title>
<link type="application/atom+xml;profile=opds-catalog" rel="subsection" href="${esc(hrefPath)}"/>
</entry>
`;
  const entry = (b: PgBook): string =>
    `<entry>
<updated>2024-11-27T08:00:00Z</updated>
<title>${esc(b.title)}</title>
<content type="text">${esc(b.author)}</content>
<id>${origin}/ebooks/${b.id}.opds</id>
<link type="application/atom+xml;profile=opds-catalog" rel="subsection" href="/ebooks/${b.id}.opds"/>
<link type="image/jpeg" rel="http://opds-spec.org/image/thumbnail" href="/cache/epub/${b.id}/pg${b.id}.cover.small.jpg"/>
</entry>
`;
  const authors = [...new Set(hits.map((b) => b.authorSort))];
  return (
    feedHead(
      origin,
      `/ebooks/search.opds/?query=${encodeURIComponent(query)}`,
      `Books: ${query} (sorted by popularity)`,
    ) +
    `<opensearch:itemsPerPage>25</opensearch:itemsPerPage>
<opensearch:startIndex>1</opensearch:startIndex>
` +
    nav(
      'Sort Alphabetically by Title',
      `/ebooks/search.opds/?query=${encodeURIComponent(query)}&sort_order=title`,
    ) +
    nav(
      'Sort by Release Date',
      `/ebooks/search.opds/?query=${encodeURIComponent(query)}&sort_order=release_date`,
    ) +
    authors.map((a, i) => nav(a, `/ebooks/author/${30 + i}.opds`)).join('') +
    hits.map(entry).join('') +
    '</feed>\n'
  );
}

function bookFeed(origin: string, b: PgBook): string {
  return (
    feedHead(origin, `/ebooks/${b.id}.opds`, `${b.title} by ${b.author}`) +
    `<entry>
<updated>2024-11-27T08:00:00Z</updated>
<title>${esc(b.title)}</title>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>This edition has images.</p><p>Credits: Project Gutenberg volunteers</p></div></content>
<id>urn:gutenberg:${b.id}:2</id>
<published>1992-10-02T00:00:00+00:00</published>
<rights>Public domain in the USA.</rights>
<author><name>${esc(b.authorSort)}</name></author>
${b.subjects.map((s) => `<category scheme="http://purl.org/dc/terms/LCSH" term="${esc(s)}"/>`).join('\n')}
<dcterms:language>en</dcterms:language>
<link type="application/epub+zip" rel="http://opds-spec.org/acquisition" title="EPUB3 (E-readers incl. Send-to-Kindle)" href="/ebooks/${b.id}.epub3.images"/>
<link type="text/html" rel="http://opds-spec.org/acquisition" title="Read online (web)" href="/ebooks/${b.id}.html.images"/>
<link type="text/plain" rel="http://opds-spec.org/acquisition" title="Plain Text UTF-8" href="/ebooks/${b.id}.txt.utf-8"/>
<link type="image/jpeg" rel="http://opds-spec.org/image" href="/cache/epub/${b.id}/pg${b.id}.cover.medium.jpg"/>
<link type="image/jpeg" rel="http://opds-spec.org/image/thumbnail" href="/cache/epub/${b.id}/pg${b.id}.cover.small.jpg"/>
</entry>
</feed>
`
  );
}

function htmlBook(b: PgBook): string {
  const old = b.layout === 'anchor-before-h2';
  const anchor = (i: number): string =>
    old ? `link2HCH${String(i + 1).padStart(4, '0')}` : `chap${String(i + 1).padStart(2, '0')}`;
  const text = (c: PgBook['chapters'][number]): string =>
    c.paragraphs.map((p) => `<p>\n${esc(p)}\n</p>`).join('\n');
  const toc = b.chapters
    .map((c, i) =>
      old
        ? `<p class="toc"><a href="#${anchor(i)}" class="pginternal"> ${esc(c.heading)} </a></p>`
        : `<tr><td><a class="pginternal" href="#${anchor(i)}">${esc(c.heading)}</a></td></tr>`,
    )
    .join('\n');
  const chapters = b.chapters
    .map((c, i) =>
      old
        ? `<p><a id="${anchor(i)}"><!--  H2 anchor --></a></p>\n<div style="height: 4em;"><br /><br /><br /><br /></div>\n<h2>\n${esc(c.heading)}\n</h2>\n${text(c)}`
        : `<div class="chapter">\n<h2><a id="${anchor(i)}"></a>${esc(c.heading)}</h2>\n${text(c)}\n</div>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Project Gutenberg eBook of ${esc(b.title)}, by ${esc(b.author)}</title></head>
<body>
<section class="pg-boilerplate pgheader" id="pg-header" lang="en"><h2 id="pg-header-heading">The Project Gutenberg eBook of <span lang="en" id="pg-title-no-subtitle">${esc(b.title)}</span></h2>
<p>This ebook is for the use of anyone anywhere in the United States and most other parts of the world at no cost.</p>
<div id="pg-start-separator"><span>*** START OF THE PROJECT GUTENBERG EBOOK ${esc(b.title.toUpperCase())} ***</span></div></section>
<h1>${esc(b.title)}</h1>
<h2 class="no-break">by ${esc(b.author)}</h2>
${old ? `<h2>Contents</h2>\n${toc}` : `<div class="toc"><h2>Contents</h2><table>\n${toc}\n</table></div>`}
${chapters}
<section class="pg-boilerplate pgheader" id="pg-footer" lang="en"><div id="pg-end-separator"><span>*** END OF THE PROJECT GUTENBERG EBOOK ${esc(b.title.toUpperCase())} ***</span></div>
<p>Updated editions will replace the previous one.</p></section>
</body></html>
`;
}

export async function startMockGutenberg(books: PgBook[]): Promise<MockServer> {
  const byId = new Map(books.map((b) => [b.id, b]));
  const server: MockServer = await serve((url) => {
    const path = url.pathname;
    if (path === '/ebooks/search.opds/')
      return {
        type: atomType,
        body: searchFeed(server.origin, url.searchParams.get('query') ?? '', books),
      };
    // "/ebooks/35.opds", "/ebooks/35.html.images", "/cache/epub/35/pg35-images.html"
    const feed = /^\/ebooks\/(\d+)\.opds$/.exec(path);
    const online = /^\/ebooks\/(\d+)\.html\.images$/.exec(path);
    const page = /^\/cache\/epub\/(\d+)\/pg(\d+)-images\.html$/.exec(path);
    const book = byId.get(Number(feed?.[1] ?? online?.[1] ?? page?.[1]));
    if (!book) return { status: 404, body: '<h1>404 Not Found</h1>' };
    if (feed) return { type: atomType, body: bookFeed(server.origin, book) };
    if (online) return { status: 302, location: `/cache/epub/${book.id}/pg${book.id}-images.html` };
    return { body: htmlBook(book) };
  });
  return server;
}
