/** Helpers shared by the templates. */
import iconv from 'iconv-lite';
import { catalogue, DEMO_EPOCH, type DemoTocEntry } from '../catalogue.ts';
import { decorate, type ServedLine } from '../boilerplate.ts';
import { placeholderParagraphs } from '../html.ts';
import type { ContentFault, RequestContext } from '../site.ts';
import type { DemoSiteImpl } from '../site.ts';

/** Percent-encodes text in a charset, form style (space → +), as a browser submits a form. */
export function formEncode(text: string, charset: 'gbk' | 'utf-8'): string {
  const bytes = charset === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.*]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function regexEscape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Fields every demo source shares. */
export function sourceBase(site: DemoSiteImpl, comment: string): Record<string, unknown> {
  return {
    bookSourceUrl: site.origin,
    bookSourceName: `${site.displayName}（演示）`,
    bookSourceGroup: 'Linhai演示',
    bookSourceType: 0,
    bookSourceComment: comment,
    enabled: true,
    enabledExplore: false,
    enabledCookieJar: true,
    customOrder: 0,
    weight: 0,
    respondTime: 180000,
    lastUpdateTime: DEMO_EPOCH,
    loginUrl: '',
    exploreUrl: '',
    ruleExplore: {},
  };
}

const positions = new WeakMap<readonly DemoTocEntry[], Map<string, number>>();

/** Where a TOC entry is, and its neighbours, in a site's visible TOC. */
export function locate(
  toc: readonly DemoTocEntry[],
  key: string,
):
  | { entry: DemoTocEntry; prev: DemoTocEntry | undefined; next: DemoTocEntry | undefined }
  | undefined {
  let index = positions.get(toc);
  if (!index) {
    index = new Map(toc.map((e, i) => [e.key, i]));
    positions.set(toc, index);
  }
  const at = index.get(key);
  if (at === undefined) return undefined;
  const entry = toc[at] as DemoTocEntry;
  let prev: DemoTocEntry | undefined;
  for (let i = at - 1; i >= 0; i--) {
    if (toc[i]?.kind !== 'volume') {
      prev = toc[i];
      break;
    }
  }
  let next: DemoTocEntry | undefined;
  for (let i = at + 1; i < toc.length; i++) {
    if (toc[i]?.kind !== 'volume') {
      next = toc[i];
      break;
    }
  }
  return { entry, prev, next };
}

/**
 * The lines a chapter page shows: the served lines of the chapter, or of an extra chapter, with
 * the placeholder / repeat-previous content faults applied.
 */
export function chapterLines(
  ctx: RequestContext,
  bookId: number,
  entry: DemoTocEntry,
): ServedLine[] {
  const site = ctx.site;
  const book = catalogue.book(bookId);
  const fault: ContentFault | undefined = ctx.takeContentFault();
  if (entry.kind === 'extra') {
    const k = Number(entry.key.slice(1));
    const extra = catalogue.extraChapter(bookId, k);
    const plain = { ...identity(site), boilerplate: false };
    return decorate(
      plain,
      bookId,
      extra.after + 1,
      fault === 'placeholder' ? placeholderParagraphs(book.language) : extra.paragraphs,
    );
  }
  const index = entry.chapterIndex as number;
  if (fault === 'placeholder')
    return decorate(site, bookId, index, placeholderParagraphs(book.language));
  if (fault === 'repeat-previous' && index > 0) {
    return decorate(site, bookId, index, catalogue.chapter(bookId, index - 1).paragraphs);
  }
  return decorate(site, bookId, index, catalogue.chapter(bookId, index).paragraphs);
}

function identity(site: DemoSiteImpl) {
  return {
    template: site.template,
    name: site.name,
    displayName: site.displayName,
    brandDomain: site.brandDomain,
    boilerplate: site.boilerplate,
  };
}

/** Last-Modified of a book's pages on a site: when its latest visible entry appeared there. */
export function tocLastModified(
  site: DemoSiteImpl,
  toc: readonly DemoTocEntry[],
): number | undefined {
  const last = toc[toc.length - 1];
  return last ? last.publishedAt + site.lagMs : undefined;
}
