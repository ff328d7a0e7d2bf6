/**
 * What a site adds to a chapter's text, and the truth about it. Every site template renders a
 * chapter from `servedLines()`: the true paragraphs with the site's own lines mixed in, each
 * labelled. The cleaner's precision and recall are measured against these labels.
 *
 * Kinds of added lines:
 * - `banner`: the site's banner at the top of `#content` (biquge template, every chapter; on
 *   the seed chapter it is the seed page's own banner);
 * - `promo`: the site's fixed promotion lines inside the content (biquge template);
 * - `pagination`: "本章未完，点击下一页继续阅读" at the end of every page but the last (paged template);
 * - `hidden`: a CSS-hidden anti-theft sentence at a random position (english template, like
 *   Royal Road);
 * - `injected`: varying lines (a different domain in each, the chapter number inside, zero-width
 *   spaces) at random positions, only on sites started with `boilerplate: true`;
 * - `edge`: one advert line at the head and three at the tail of every chapter (the last an
 *   author's note without any address, which only learning removes), outermost, only on
 *   sites started with `edgeAdverts: true`: one phrasing each, varied per chapter (a digit in the
 *   domain, the chapter number and title, a zero-width space, or on the GBK site the `?` it became).
 */
import { catalogue, type DemoTemplate } from './catalogue.ts';
import { rng } from './random.ts';
import { randomDomain, sprinkleZeroWidth } from './text.ts';
import { loadSeedChapter } from './seed.ts';

export type BoilerplateKind = 'banner' | 'promo' | 'pagination' | 'hidden' | 'injected' | 'edge';

export interface ServedLine {
  readonly text: string;
  /** null for a true paragraph, else what kind of added line it is. */
  readonly boilerplate: BoilerplateKind | null;
  /** For `hidden` lines: the CSS class that hides them. */
  readonly className?: string;
}

/** What identifies a site for its boilerplate (a DemoSite has all of these). */
export interface SiteIdentity {
  readonly template: DemoTemplate;
  readonly name: string;
  readonly displayName: string;
  /** The site's made-up public domain, printed in its banner and promo lines. */
  readonly brandDomain: string;
  readonly boilerplate: boolean;
  readonly edgeAdverts?: boolean;
}

export interface BoilerplateTruth {
  /** Every line as the site serves it (all pages joined for the paged template). */
  readonly lines: readonly ServedLine[];
  /** The added lines only, in order. */
  readonly boilerplate: readonly string[];
  /** The true paragraphs (equal to `catalogue.chapter(...).paragraphs`). */
  readonly paragraphs: readonly string[];
}

export const paginationLine = '-->>本章未完，点击下一页继续阅读';

function injectedLine(site: SiteIdentity, bookId: number, index: number, k: number): string {
  const book = catalogue.book(bookId);
  const r = rng('injected-line', site.name, bookId, index, k);
  const domain = randomDomain(r);
  const n = index + 1;
  if (book.language === 'en') {
    switch (r.int(4)) {
      case 0:
        return `Visit ${domain} for the latest chapters of ${book.title}.`;
      case 1:
        return `Chapter ${n} was first published at ${domain}; please read it there.`;
      case 2:
        return sprinkleZeroWidth(r, `Support the author at ${domain}`);
      default:
        return `If you are reading chapter ${n} on ${domain}, it has been stolen.`;
    }
  }
  switch (r.int(5)) {
    case 0:
      return `最新网址：${domain}`;
    case 1:
      return `天才一秒记住本站地址：${domain}。手机版阅读网址：m.${domain.replace(/^www\./, '')}`;
    case 2:
      return sprinkleZeroWidth(r, `请收藏本站：${domain}，${site.displayName}更新最快`);
    case 3:
      return `《${book.title}》第${n}章由${domain}首发，转载请注明出处。`;
    default:
      return sprinkleZeroWidth(r, `一秒记住【${domain}】，精彩小说无弹窗免费阅读！`);
  }
}

/** The head and tail adverts of a site with `edgeAdverts`, for chapter `index`. */
function edgeAdvertLines(
  site: SiteIdentity,
  bookId: number,
  index: number,
): { head: string; tail: string[] } {
  const r = rng('edge-adverts', site.name, bookId, index);
  const root = site.brandDomain.replace(/^www\./, '').replace(/\.[a-z]+$/, '');
  const digit = r.int(10);
  // A zero-width space, or on the GBK site the `?` its encoder wrote for it, as real ones do.
  const lost = site.template === 'biquge' ? '?' : '\u200b';
  const gap = () => (r.chance(0.5) ? lost : '');
  const chapter = catalogue.chapter(bookId, index);
  const book = catalogue.book(bookId);
  if (book.language === 'en') {
    return {
      head: `Read ${book.title} chapter ${index + 1} first at www.${root}${digit}.com${gap()}!`,
      tail: [
        `Visit ${root}${digit}.net for ${chapter.title}.`,
        `No ads at www.${root}.com!`,
        `End of ${chapter.title}: the author writes the next one tonight, thank you all`,
      ],
    };
  }
  return {
    head: `一秒记住【${site.displayName} www.${root}${digit}.com】，精彩小说无${gap()}弹窗免费阅读！`,
    tail: [
      `${book.title}最新章节${chapter.title}地址：https://m.${root}${digit}.la/${bookId}/${index + 1}.html`,
      `（${site.displayName} https://www.${root}${r.int(10)}.la 无${gap()}广告！）`,
      // The author's note: no address, nothing a built-in rule knows; only learning removes it.
      `${chapter.title}完，作者明天早上八点继续更新，各位书友晚安`,
    ],
  };
}

// prettier-ignore
const hiddenSentences = [
  'This narrative has been unlawfully taken from Royal Road. If you spot it on Amazon, please report it.',
  'Unauthorized usage: this story is on Amazon without the author\'s consent. Report any sightings.',
  'The author\'s tale has been misappropriated; if you spot it on Amazon, report the violation.',
  'Stolen content warning: this tale belongs on Royal Road. Report any occurrences elsewhere.',
  'If you discover this narrative on Amazon, be aware that it has been stolen. Please report the violation.',
];

/** The site's banner line for chapters of this book. */
function bannerLine(site: SiteIdentity, bookId: number, index: number): string {
  const seed = loadSeedChapter();
  if (seed && index === 0 && catalogue.book(bookId).hasSeedChapter) return seed.banner;
  return `${site.displayName}（${site.brandDomain}）通过搜索各大小说站为您自动抓取各类小说的最快更新供您阅读！`;
}

function promoLines(site: SiteIdentity, bookId: number): { middle: string; end: string } {
  const book = catalogue.book(bookId);
  const root = site.brandDomain.replace(/^www\./, '');
  return {
    middle: `喜欢《${book.title}》请大家收藏：（${site.brandDomain}）${site.displayName}更新速度全网最快。`,
    end: `请记住本书首发域名：${site.brandDomain}。${site.displayName}手机版阅读网址：m.${root}`,
  };
}

/** Mixes the site's lines into `paragraphs` (the text of chapter `index`, or any text shown there). */
export function decorate(
  site: SiteIdentity,
  bookId: number,
  index: number,
  paragraphs: readonly string[],
): ServedLine[] {
  const lines: ServedLine[] = paragraphs.map((text) => ({ text, boilerplate: null }));
  const book = catalogue.book(bookId);
  if (site.boilerplate) {
    const r = rng('injected', site.name, bookId, index);
    const count = r.range(1, 3);
    for (let k = 0; k < count; k++) {
      const at = r.int(lines.length + 1);
      lines.splice(at, 0, { text: injectedLine(site, bookId, index, k), boilerplate: 'injected' });
    }
    if (book.language === 'zh' && r.chance(0.4))
      lines.push({ text: '(本章完)', boilerplate: 'injected' });
  }
  if (site.template === 'biquge') {
    const promo = promoLines(site, bookId);
    lines.splice(Math.floor(lines.length / 2), 0, { text: promo.middle, boilerplate: 'promo' });
    lines.unshift({ text: bannerLine(site, bookId, index), boilerplate: 'banner' });
    lines.push({ text: promo.end, boilerplate: 'promo' });
  }
  if (site.template === 'english') {
    const r = rng('hidden', site.name, bookId, index);
    const at = 1 + r.int(Math.max(1, lines.length - 1));
    let className = 'cm';
    for (let i = 0; i < 10; i++)
      className += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'[r.int(52)];
    lines.splice(at, 0, { text: r.pick(hiddenSentences), boilerplate: 'hidden', className });
  }
  if (site.edgeAdverts === true) {
    const edge = edgeAdvertLines(site, bookId, index);
    lines.unshift({ text: edge.head, boilerplate: 'edge' });
    for (const text of edge.tail) lines.push({ text, boilerplate: 'edge' });
  }
  return lines;
}

/** Splits served lines into the paged template's pages (2 or 3), adding its pagination lines. */
export function paginate(
  site: SiteIdentity,
  bookId: number,
  index: number,
  lines: readonly ServedLine[],
): ServedLine[][] {
  const r = rng('pages', site.name, bookId, index);
  const pageCount = Math.min(lines.length, r.chance(0.5) ? 2 : 3);
  const pages: ServedLine[][] = [];
  const size = Math.ceil(lines.length / pageCount);
  for (let p = 0; p < pageCount; p++) {
    const page = lines.slice(p * size, (p + 1) * size);
    if (page.length === 0) continue;
    pages.push(page);
  }
  for (let p = 0; p < pages.length - 1; p++) {
    (pages[p] as ServedLine[]).push({ text: paginationLine, boilerplate: 'pagination' });
  }
  return pages;
}

/** All lines a site serves for true chapter `index` (pages joined, in order). */
export function servedLines(site: SiteIdentity, bookId: number, index: number): ServedLine[] {
  const chapter = catalogue.chapter(bookId, index);
  const lines = decorate(site, bookId, index, chapter.paragraphs);
  return site.template === 'paged' ? paginate(site, bookId, index, lines).flat() : lines;
}

/**
 * The truth about what a site added to a chapter: every served line labelled, the added lines,
 * and the true paragraphs. `site` is a DemoSite (or anything with its identity fields).
 */
export function boilerplateTruth(
  site: SiteIdentity,
  bookId: number,
  index: number,
): BoilerplateTruth {
  const lines = servedLines(site, bookId, index);
  return {
    lines,
    boilerplate: lines.filter((line) => line.boilerplate !== null).map((line) => line.text),
    paragraphs: catalogue.chapter(bookId, index).paragraphs,
  };
}
