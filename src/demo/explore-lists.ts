/**
 * The explore (发现) lists every demo site serves, each in its own markup: categories, a
 * ranking, completed books and every book, a few books a page so that paging shows with a small
 * catalogue. The ranking order comes from a per-site "visits" figure that mostly agrees across
 * sites (so a merged ranking has books several sites rank high) but not quite.
 */
import { catalogue, type DemoBook, type DemoTemplate } from './catalogue.ts';
import { hashString } from './random.ts';

/** Books on one explore page (small, so that the catalogue's dozen books make several pages). */
const EXPLORE_PAGE_SIZE = 3;

interface DemoCategory {
  readonly name: string;
  /** The URL word (pinyin or English). */
  readonly slug: string;
  /** Catalogue genres it gathers. */
  readonly kinds: readonly string[];
}

const demoCategories: readonly DemoCategory[] = [
  { name: '玄幻修真', slug: 'xuanhuan', kinds: ['玄幻', '仙侠', '武侠'] },
  { name: '都市言情', slug: 'dushi', kinds: ['都市', '古言'] },
  { name: '历史军事', slug: 'lishi', kinds: ['历史'] },
  { name: '科幻灵异', slug: 'kehuan', kinds: ['科幻', '悬疑', '灵异'] },
  { name: 'Fantasy', slug: 'fantasy', kinds: ['Fantasy', 'Adventure'] },
  { name: 'Mystery', slug: 'mystery', kinds: ['Mystery', 'Steampunk'] },
];

export type DemoExploreList =
  | 'all'
  | 'ranking'
  | 'completed'
  /** Newest first: the highest book ids were added last. */
  | 'newest'
  /** The latest chapter's time at `siteNow`, most recent first. */
  | 'updated'
  | { readonly category: string };

/** Categories that hold at least one of the template's books. */
export function siteCategories(template: DemoTemplate): DemoCategory[] {
  const books = catalogue.siteBooks(template);
  return demoCategories.filter((c) => books.some((b) => c.kinds.includes(b.kind)));
}

/** A book's visits on a site: a shared part and a smaller per-site part. */
export function visits(template: DemoTemplate, book: DemoBook): number {
  return (
    (hashString(`visits:${book.title}`) % 10_000) +
    (hashString(`${template}:${book.title}`) % 2_500)
  );
}

/** Every book of a list, in the site's order (the ranking by visits, the others by id). */
export function exploreBooks(
  template: DemoTemplate,
  list: DemoExploreList,
  siteNow = Date.now(),
): DemoBook[] {
  const books = catalogue.siteBooks(template);
  if (list === 'all') return books;
  if (list === 'newest') return [...books].reverse();
  if (list === 'updated') {
    const latest = (b: DemoBook) => b.publishedAt(Math.max(0, b.publishedCount(siteNow) - 1));
    return [...books].sort((a, b) => latest(b) - latest(a) || b.id - a.id);
  }
  if (list === 'completed') return books.filter((b) => b.status === 'completed');
  if (list === 'ranking')
    return [...books].sort((a, b) => visits(template, b) - visits(template, a));
  const category = demoCategories.find((c) => c.slug === list.category || c.name === list.category);
  return category ? books.filter((b) => category.kinds.includes(b.kind)) : [];
}

/** One page (1-based) of a list; past the end, no books. */
export function explorePage(
  template: DemoTemplate,
  list: DemoExploreList,
  page: number,
  siteNow?: number,
): { books: DemoBook[]; pages: number } {
  const all = exploreBooks(template, list, siteNow);
  const at = (Math.max(1, page) - 1) * EXPLORE_PAGE_SIZE;
  return {
    books: all.slice(at, at + EXPLORE_PAGE_SIZE),
    pages: Math.max(1, Math.ceil(all.length / EXPLORE_PAGE_SIZE)),
  };
}
