import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { bookUuid, xmlSafe } from '#export';
import type { BookRecord } from '#library';

const ATOM = 'http://www.w3.org/2005/Atom';
const DC = 'http://purl.org/dc/terms/';
const OPDS = 'http://opds-spec.org/2010/catalog';
const OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';

export const NAVIGATION_TYPE = 'application/atom+xml;profile=opds-catalog;kind=navigation';
export const ACQUISITION_TYPE = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
export const OPENSEARCH_TYPE = 'application/opensearchdescription+xml';

/** Where the feed is served: `/opds` or `/opds/t/<token>`, so every link keeps the token. */
export interface FeedContext {
  readonly base: string;
  readonly updated: Date;
}

interface NavigationItem {
  readonly path: string;
  readonly title: string;
  readonly content: string;
}

/** The catalog root: one entry per acquisition feed. */
export function navigationFeed(context: FeedContext, items: readonly NavigationItem[]): string {
  const feed = feedStart(context, {
    id: 'urn:linhai:opds:root',
    title: 'Linhai',
    self: '',
    selfType: NAVIGATION_TYPE,
  });
  for (const item of items) {
    const entry = feed.ele('entry');
    entry.ele('title').txt(item.title);
    entry.ele('id').txt(`urn:linhai:opds:${item.path.slice(1)}`);
    entry.ele('updated').txt(context.updated.toISOString());
    entry.ele('content', { type: 'text' }).txt(item.content);
    entry.ele('link', {
      rel: 'subsection',
      href: `${context.base}${item.path}`,
      type: ACQUISITION_TYPE,
    });
  }
  return end(feed);
}

/**
 * The serialized document without the characters XML 1.0 forbids: scraped titles, authors and
 * intros (and a reader's search words) may carry control characters, and one of them makes the
 * whole feed unreadable for every e-reader. Markup never contains them, so dropping them from the
 * text is safe.
 */
function end(doc: XMLBuilder): string {
  return xmlSafe(doc.end({ prettyPrint: true }));
}

/** A book's kind as separate categories: "Mystery,Ongoing" → Mystery, Ongoing. */
function categories(kind: string | undefined): string[] {
  const values = (kind ?? '').split(/[,，、;；|/]+/).map((v) => v.trim());
  return [...new Set(values.filter(Boolean))];
}

interface AcquisitionFeedInput {
  /** The feed's path below the base, e.g. `/shelf`. */
  readonly path: string;
  readonly title: string;
  readonly books: readonly BookRecord[];
  /** Query string of this feed (search), for its self link. */
  readonly query?: string;
  /** The page shown (1-based; default 1) and whether another follows (paged feeds). */
  readonly page?: number;
  readonly hasNext?: boolean;
  /** What is known of each book beyond its record (cover type, a file being prepared). */
  readonly details?: ReadonlyMap<number, EntryDetails>;
}

export interface EntryDetails {
  /** The cached cover's content type (unknown until the cover was fetched once). */
  readonly coverType?: string;
  /** The EPUB is being built: chapters written so far of how many. */
  readonly preparing?: { readonly done: number; readonly total: number };
}

/** A list of books, each with its EPUB and TXT as acquisition links; paged lists link on. */
export function acquisitionFeed(context: FeedContext, input: AcquisitionFeedInput): string {
  const page = input.page ?? 1;
  const href = (n: number) => {
    const params = new URLSearchParams();
    if (input.query !== undefined) params.set('q', input.query);
    if (n > 1) params.set('page', String(n));
    const search = params.toString();
    return input.path + (search === '' ? '' : `?${search}`);
  };
  const feed = feedStart(context, {
    id: `urn:linhai:opds:${input.path.slice(1)}${input.query === undefined ? '' : `:${encodeURIComponent(input.query)}`}${page > 1 ? `:${page}` : ''}`,
    title: input.title,
    self: href(page),
    selfType: ACQUISITION_TYPE,
  });
  feed.ele('link', { rel: 'up', href: context.base, type: NAVIGATION_TYPE });
  // Paging as OPDS 1.2 (§2.4, RFC 5005): first, previous and next pages of the same list.
  const pageLink = (rel: string, n: number) =>
    feed.ele('link', { rel, href: `${context.base}${href(n)}`, type: ACQUISITION_TYPE });
  if (page > 1) {
    pageLink('first', 1);
    pageLink('previous', page - 1);
  }
  if (input.hasNext) pageLink('next', page + 1);
  for (const book of input.books)
    bookEntry(feed, context.base, book, input.details?.get(book.id) ?? {});
  return end(feed);
}

function bookEntry(feed: XMLBuilder, base: string, book: BookRecord, details: EntryDetails): void {
  const uuid = `urn:uuid:${bookUuid(book.key)}`;
  const entry = feed.ele('entry');
  entry.ele('title').txt(book.title);
  entry.ele('id').txt(uuid);
  entry.ele('updated').txt(new Date(book.updatedAt).toISOString());
  entry
    .ele('author')
    .ele('name')
    .txt(book.author || 'Unknown');
  entry.ele(DC, 'dc:identifier').txt(uuid);
  entry.ele(DC, 'dc:language').txt(/[\u4e00-\u9fff]/.test(book.title) ? 'zh-CN' : 'en');
  for (const term of categories(book.kind)) entry.ele('category', { term, label: term });
  const { preparing } = details;
  // Said where every client shows it: the download is not ready yet, and when it will be.
  const notice = preparing
    ? `EPUB being prepared (${preparing.done} of ${preparing.total} chapters): download it again in a minute.`
    : undefined;
  const intro = [notice, book.intro].filter(Boolean).join('\n\n');
  if (intro) entry.ele('summary', { type: 'text' }).txt(intro);
  // Clients that show only atom:content (and Atom's rule for entries without an alternate link).
  entry.ele('content', { type: 'text' }).txt(intro || `${book.title} — ${book.author}`);
  if (book.coverUrl) {
    // Served by Linhai (fetched once from the source): the e-reader never asks the source's site.
    // Its type is known once it was fetched (a feed starts that fetch); one image, both sizes.
    const type = details.coverType === undefined ? {} : { type: details.coverType };
    const href = `${base}/covers/${book.id}`;
    entry.ele('link', { rel: 'http://opds-spec.org/image', href, ...type });
    entry.ele('link', { rel: 'http://opds-spec.org/image/thumbnail', href, ...type });
  }
  entry.ele('link', {
    rel: 'http://opds-spec.org/acquisition',
    href: `${base}/books/${book.id}.epub`,
    type: 'application/epub+zip',
    title: 'EPUB',
  });
  entry.ele('link', {
    rel: 'http://opds-spec.org/acquisition',
    href: `${base}/books/${book.id}.txt`,
    type: 'text/plain',
    title: 'TXT',
  });
}

function feedStart(
  context: FeedContext,
  head: { id: string; title: string; self: string; selfType: string },
): XMLBuilder {
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM, 'feed', {
    'xmlns:dc': DC,
    'xmlns:opds': OPDS,
  });
  feed.ele('id').txt(head.id);
  feed.ele('title').txt(head.title);
  feed.ele('updated').txt(context.updated.toISOString());
  feed.ele('author').ele('name').txt('Linhai');
  feed.ele('link', { rel: 'self', href: context.base + head.self, type: head.selfType });
  feed.ele('link', { rel: 'start', href: context.base, type: NAVIGATION_TYPE });
  feed.ele('link', {
    rel: 'search',
    href: `${context.base}/opensearch.xml`,
    type: OPENSEARCH_TYPE,
  });
  return feed;
}

/** The OpenSearch description that tells clients how to search the stored books. */
export function openSearchDescription(base: string): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    OPENSEARCH,
    'OpenSearchDescription',
  );
  doc.ele('ShortName').txt('Linhai');
  doc.ele('Description').txt('Search the books in this Linhai library by title or author');
  doc.ele('InputEncoding').txt('UTF-8');
  doc.ele('OutputEncoding').txt('UTF-8');
  doc.ele('Url', { type: ACQUISITION_TYPE, template: `${base}/search?q={searchTerms}` });
  return end(doc);
}
