/**
 * A local MediaWiki Action API (`/w/api.php`) with a few Wikisource works, answering the request
 * shapes the built-in sources use, in the documented formatversion=2 JSON (mediawiki.org
 * API:Search, API:Parse): `list=search` → `query.search[]` {ns, title, pageid, size, wordcount,
 * snippet, timestamp}; `action=parse` by `pageid` or `page` → `parse` {title, pageid, text,
 * categories[] {sortkey, category, hidden?}, links[] {ns, title, exists}} limited to `prop`;
 * unknown pages → `error.code = missingtitle` / `nosuchpageid`. Search also finds chapter
 * subpages, as the real one does.
 */
import { esc, serve } from './serve.ts';
import type { MockReply, MockServer } from './serve.ts';

export interface WikiWork {
  title: string;
  /** Text of the work's main page (above its contents list). */
  intro: string;
  categories: { name: string; hidden?: boolean }[];
  /** Links on the main page that are not chapters: [namespace, title]. */
  otherLinks: [number, string][];
  /** Subpage name → paragraphs; empty for a single-page work (then `text` holds it). */
  chapters: [string, string[]][];
  text?: string[];
}

interface Page {
  pageid: number;
  title: string;
  html: string;
  categories: { name: string; hidden?: boolean }[];
  links: [number, string][];
}

const href = (title: string): string => `/wiki/${encodeURIComponent(title.replaceAll(' ', '_'))}`;
const link = (title: string, text: string): string =>
  `<a href="${href(title)}" title="${esc(title)}">${esc(text)}</a>`;
const wrap = (lang: string, body: string): string =>
  `<div class="mw-content-ltr mw-parser-output" lang="${lang}" dir="ltr">${body}</div>`;
const paragraphs = (lines: string[]): string => lines.map((l) => `<p>${esc(l)}\n</p>`).join('');

function pagesOf(lang: string, works: WikiWork[]): Map<string, Page> {
  const pages = new Map<string, Page>();
  let id = 1000;
  for (const work of works) {
    const chapterTitles = work.chapters.map(([name]) => `${work.title}/${name}`);
    const links: [number, string][] = [
      ...work.otherLinks,
      ...chapterTitles.map((t) => [0, t] as [number, string]),
    ];
    const list = chapterTitles
      .map((t, i) => `<li>${link(t, work.chapters[i]?.[0] ?? t)}</li>`)
      .join('');
    const others = work.otherLinks.map(([, t]) => link(t, t)).join(' · ');
    const body =
      `<p>${others}</p>${paragraphs([work.intro])}` +
      (list ? `<ul>${list}</ul>` : paragraphs(work.text ?? []));
    pages.set(work.title, {
      pageid: ++id,
      title: work.title,
      html: wrap(lang, body),
      categories: work.categories,
      links,
    });
    work.chapters.forEach(([name, lines], i) => {
      const nav: [number, string][] = [[0, work.title]];
      const prev = chapterTitles[i - 1];
      const next = chapterTitles[i + 1];
      if (prev) nav.push([0, prev]);
      if (next) nav.push([0, next]);
      const title = chapterTitles[i] as string;
      pages.set(title, {
        pageid: ++id,
        title,
        html: wrap(lang, `<h2>${esc(name)}</h2>${paragraphs(lines)}`),
        categories: [],
        links: nav,
      });
    });
  }
  return pages;
}

const jsonReply = (value: unknown): MockReply => ({
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});
const apiError = (code: string, info: string): MockReply =>
  jsonReply({ error: { code, info, docref: 'See /w/api.php for API usage.' }, servedby: 'mock' });

export interface MockWiki extends MockServer {
  pageTitles(): string[];
}

export async function startMockMediaWiki(lang: string, works: WikiWork[]): Promise<MockWiki> {
  const pages = pagesOf(lang, works);
  const byId = new Map([...pages.values()].map((p) => [p.pageid, p]));
  const server = await serve((url) => {
    if (url.pathname !== '/w/api.php') return { status: 404, body: 'Not Found' };
    const q = url.searchParams;
    if (q.get('format') !== 'json' || q.get('formatversion') !== '2')
      return apiError('badformat', 'This mock speaks format=json&formatversion=2 only.');
    const action = q.get('action');
    if (action === 'query' && q.get('list') === 'search') {
      const term = (q.get('srsearch') ?? '').toLowerCase();
      if (term === '') return apiError('missingparam', 'The "srsearch" parameter must be set.');
      if (q.get('srnamespace') !== '0') return apiError('badvalue', 'Main namespace expected.');
      const limit = Number(q.get('srlimit') ?? 10);
      const offset = Number(q.get('sroffset') ?? 0);
      const hits = [...pages.values()].filter(
        (p) => p.title.toLowerCase().includes(term) || p.html.toLowerCase().includes(term),
      );
      const search = hits.slice(offset, offset + limit).map((p) => ({
        ns: 0,
        title: p.title,
        pageid: p.pageid,
        size: p.html.length,
        wordcount: p.html.length >> 2,
        snippet: `<span class="searchmatch">${esc(p.title)}</span> ${esc(p.html.replace(/<[^>]+>/g, '').slice(0, 40))}`,
        timestamp: '2024-01-01T00:00:00Z',
      }));
      return jsonReply({
        batchcomplete: true,
        ...(offset + limit < hits.length
          ? { continue: { sroffset: offset + limit, continue: '-||' } }
          : {}),
        query: { searchinfo: { totalhits: hits.length }, search },
      });
    }
    if (action === 'parse') {
      const pageid = q.get('pageid');
      const title = (q.get('page') ?? '').replaceAll('_', ' ');
      const page = pageid ? byId.get(Number(pageid)) : pages.get(title);
      if (!page)
        return pageid
          ? apiError('nosuchpageid', `There is no page with ID ${pageid}.`)
          : apiError('missingtitle', "The page you specified doesn't exist.");
      const props = new Set((q.get('prop') ?? 'text|categories|links').split('|'));
      const parse: Record<string, unknown> = { title: page.title, pageid: page.pageid };
      if (props.has('text')) parse.text = page.html;
      if (props.has('categories'))
        parse.categories = page.categories.map((c) => ({
          sortkey: '',
          category: c.name.replaceAll(' ', '_'),
          ...(c.hidden ? { hidden: true } : {}),
        }));
      if (props.has('links'))
        parse.links = page.links.map(([ns, t]) => ({
          ns,
          title: t,
          exists: pages.has(t) || ns !== 0,
        }));
      return jsonReply({ parse });
    }
    return apiError('badvalue', `Unrecognized value for parameter "action": ${action}.`);
  });
  return { ...server, pageTitles: () => [...pages.keys()] };
}
