/**
 * Public reading: server-rendered pages for visitors who are not signed in, when the administrator
 * turned it on (off by default). Only the books of the sources marked public are shown, and only
 * chapters already in the cache: an anonymous visit never makes Linhai fetch from a source site.
 * A signed-in reader on the same URL gets the web app; pages carry ETags and `Vary: Cookie` so a
 * CDN or reverse proxy can serve repeat anonymous visits.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LinhaiError } from '#model';
import { publicBook, publicBooks, publicChapter } from '#library';
import type { PublicList, PublicScope } from '#library';
import type { ServerContext } from '../context.ts';
import { sendCover } from '../cover-reply.ts';
import { MemoCache } from '../memo-cache.ts';
import type { FailureLimiter } from '#library';
import { SESSION_COOKIE } from '../session-auth.ts';

const signedIn = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=[^;]`);
import { languageOf } from './page-layout.ts';
import type { PageLanguage } from './page-layout.ts';
import {
  bookPage,
  chapterPage,
  homePage,
  listPage,
  listTitle,
  searchPage,
} from './public-pages.ts';
import type { Site } from './public-pages.ts';
import { robotsTxt, sitemapXml } from './sitemap.ts';

interface TaggedPage {
  readonly body: Buffer;
  readonly etag: string;
}

const LISTS: readonly PublicList[] = ['latest', 'newest', 'popular'];
const LIST_PAGE = 50;
/** How many public books search, categories and the sitemap look through (a public instance's
 * catalogue; beyond it they would need the store's full-text index). */
const CATALOGUE_LIMIT = 5_000;

interface PublicSiteOptions {
  /** The site's name in titles and Open Graph (default "临海 Linhai"). */
  readonly siteName?: string;
  /**
   * Page views allowed per visitor address: a burst per minute and a budget per hour (crawlers
   * meet the second). Counted where login failures are: in Redis when the installation has it.
   */
  readonly visitorLimits: { readonly perMinute: FailureLimiter; readonly perHour: FailureLimiter };
}

interface PublicSite {
  /** The home page at `/`: a hook, since `/` is the web app's; install it before the web app. */
  installHome(app: FastifyInstance): void;
  /** The other pages; `webApp`: whether the built web app is served (signed-in readers get it). */
  registerRoutes(app: FastifyInstance, webApp: boolean): void;
  /** Forget the remembered setting and pages (the administrator changed public reading). */
  forget(): void;
}

export function publicSite(ctx: ServerContext, options: PublicSiteOptions): PublicSite {
  const { library, presenter } = ctx.deps;
  const now = () => library.clock.now();
  // Settings live in the shared documents (a database read): a few seconds stale is fine.
  const settings = new MemoCache<{ enabled: boolean; scope: PublicScope }>({
    ttlMs: 5_000,
    max: 1,
    now,
  });
  const pages = new MemoCache<TaggedPage>({ ttlMs: 60_000, max: 2_000, now });

  async function publicScope() {
    const known = settings.get('');
    if (known) return known;
    const stored = await ctx.settings.publicReading();
    const value = { enabled: stored.enabled, scope: { sourceUrls: new Set(stored.sources) } };
    settings.set('', value);
    return value;
  }

  /** Whether this request is the public site's: public reading on and nobody signed in. */
  async function servesPublic(request: FastifyRequest): Promise<PublicScope | undefined> {
    // Read from the header: the home hook runs before the cookie plugin's.
    if (signedIn.test(request.headers.cookie ?? '')) return undefined;
    const { enabled, scope } = await publicScope();
    return enabled ? scope : undefined;
  }

  function site(request: FastifyRequest): Site {
    return {
      origin: `${request.protocol}://${request.host}`,
      name: options.siteName ?? '临海 Linhai',
    };
  }

  async function withinBudget(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    for (const limiter of [options.visitorLimits.perMinute, options.visitorLimits.perHour]) {
      const waitMs = await limiter.take(request.ip);
      if (waitMs !== undefined) {
        reply.header('retry-after', Math.ceil(waitMs / 1000));
        throw new LinhaiError(
          'too-many-requests',
          'too many pages from your address; wait a little',
          {
            details: { retryAfterMs: waitMs },
          },
        );
      }
    }
    return true;
  }

  /** Sends a page with an ETag (a repeat visit answers 304) and shared-cache headers. */
  function sendPage(
    request: FastifyRequest,
    reply: FastifyReply,
    page: TaggedPage,
    maxAge: number,
    status = 200,
  ) {
    reply
      .header('cache-control', `public, max-age=${maxAge}`)
      .header('vary', 'Cookie')
      .header('etag', page.etag);
    if (status === 200 && request.headers['if-none-match'] === page.etag)
      return reply.code(304).send();
    return reply.code(status).type('text/html; charset=utf-8').send(page.body);
  }

  // Kept as bytes: a memo hit is sent as it is, with no encoding per request.
  const tagged = (html: string): TaggedPage => {
    const body = Buffer.from(html);
    return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  };

  let webApp = false;

  /** Not the public site's request: the web app (it shows the login form) or nothing. */
  function toApp(reply: FastifyReply) {
    if (webApp) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    throw new LinhaiError('not-found', 'no such page; sign in first');
  }

  /** A positive whole number from a path segment, else `not-found` (no such page). */
  function pathNumber(raw: string): number {
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    if (n < 1) throw new LinhaiError('not-found', `no page ${raw}`);
    return n;
  }

  function pageNumber(raw: unknown): number {
    const n = Number(raw ?? 1);
    if (!Number.isInteger(n) || n < 1 || n > 10_000)
      throw new LinhaiError('invalid-input', `page must be a whole number from 1, not "${raw}"`);
    return n;
  }

  function visitorLanguage(request: FastifyRequest): PageLanguage {
    const accept = request.headers['accept-language'] ?? 'zh';
    return /^\s*en\b/i.test(accept) ? 'en' : 'zh';
  }

  async function catalogue(scope: PublicScope) {
    return publicBooks(library, scope, 'latest', { limit: CATALOGUE_LIMIT });
  }

  async function home(request: FastifyRequest, reply: FastifyReply, scope: PublicScope) {
    const lang = visitorLanguage(request);
    const key = `home\n${lang}\n${request.host}`;
    let page = pages.get(key);
    if (page === undefined) {
      const [latest, newest, popular, all] = await Promise.all([
        ...LISTS.map((list) => publicBooks(library, scope, list, { limit: 10 })),
        catalogue(scope),
      ]);
      const categories = [...new Set(all!.flatMap((b) => (b.kind ? [b.kind] : [])))].sort();
      page = tagged(
        homePage(
          site(request),
          lang,
          { latest: latest!, newest: newest!, popular: popular! },
          categories,
        ),
      );
      // The home page changes with every update: a short memo, a short shared-cache life.
      pages.set(key, page);
    }
    return sendPage(request, reply, page, 60);
  }

  const installHome = (app: FastifyInstance) => {
    // `/` belongs to the web app's static files; an anonymous visitor of a public site gets the
    // home page instead, before the file is looked up.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || (request.url !== '/' && !request.url.startsWith('/?')))
        return;
      const scope = await servesPublic(request);
      if (scope === undefined) return;
      await withinBudget(request, reply);
      await home(request, reply, scope);
      return reply;
    });
  };

  const registerRoutes = (app: FastifyInstance, servesWebApp: boolean) => {
    webApp = servesWebApp;

    app.get<{ Params: { name: string }; Querystring: { page?: string } }>(
      '/list/:name',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const scope = await servesPublic(request);
        if (scope === undefined) return toApp(reply);
        await withinBudget(request, reply);
        const list = request.params.name as PublicList;
        if (!LISTS.includes(list)) throw new LinhaiError('not-found', `no list ${list}`);
        const page = pageNumber(request.query.page);
        const lang = visitorLanguage(request);
        const books = await publicBooks(library, scope, list, {
          limit: LIST_PAGE + 1,
          offset: (page - 1) * LIST_PAGE,
        });
        const body = listPage(site(request), lang, {
          title: listTitle(list, lang),
          path: `/list/${list}`,
          books: books.slice(0, LIST_PAGE),
          page,
          hasNext: books.length > LIST_PAGE,
        });
        return sendPage(request, reply, tagged(body), 300);
      },
    );

    app.get<{ Params: { kind: string }; Querystring: { page?: string } }>(
      '/category/:kind',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const scope = await servesPublic(request);
        if (scope === undefined) return toApp(reply);
        await withinBudget(request, reply);
        const { kind } = request.params;
        const page = pageNumber(request.query.page);
        const all = (await catalogue(scope)).filter((b) => b.kind === kind);
        if (all.length === 0) throw new LinhaiError('not-found', `no public books in "${kind}"`);
        const body = listPage(site(request), languageOf(kind), {
          title: kind,
          path: `/category/${encodeURIComponent(kind)}`,
          books: all.slice((page - 1) * LIST_PAGE, page * LIST_PAGE),
          page,
          hasNext: all.length > page * LIST_PAGE,
        });
        return sendPage(request, reply, tagged(body), 300);
      },
    );

    app.get<{ Querystring: { q?: string } }>(
      '/search',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const scope = await servesPublic(request);
        if (scope === undefined) return toApp(reply);
        await withinBudget(request, reply);
        const query = (request.query.q ?? '').trim().slice(0, 100);
        const folded = query.toLowerCase();
        // The instance's own public books only: a visitor's search never fans out to sources.
        const found =
          query === ''
            ? []
            : (await catalogue(scope))
                .filter((b) => `${b.title}\n${b.author}`.toLowerCase().includes(folded))
                .slice(0, LIST_PAGE);
        const body = searchPage(site(request), visitorLanguage(request), query, found);
        return sendPage(request, reply, tagged(body), 60);
      },
    );

    app.get<{ Params: { id: string }; Querystring: { page?: string } }>(
      '/book/:id',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const scope = await servesPublic(request);
        if (scope === undefined) return toApp(reply);
        await withinBudget(request, reply);
        const bookId = pathNumber(request.params.id);
        const page = pageNumber(request.query.page);
        const key = `book\n${bookId}\n${page}\n${request.host}`;
        let view = pages.get(key);
        if (view === undefined) {
          const { book } = await publicBook(library, scope, bookId);
          const [chapters, cover] = await Promise.all([
            library.store.chapters.listByBook(book.id),
            library.store.covers.types([book.id]),
          ]);
          view = tagged(
            bookPage(site(request), { book, chapters, page, hasCover: cover.has(book.id) }),
          );
          pages.set(key, view);
        }
        return sendPage(request, reply, view, 300);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/book/:id/cover',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const scope = await servesPublic(request);
        if (scope === undefined) throw new LinhaiError('not-found', 'no such cover');
        const { book } = await publicBook(library, scope, pathNumber(request.params.id));
        // Only a cover already in the store: fetching one would be a visit to the source site.
        const cover = await library.store.covers.get(book.id);
        if (cover?.state !== 'image') throw new LinhaiError('not-found', 'no cover');
        return sendCover(request, reply, cover, true);
      },
    );

    app.get<{ Params: { id: string; n: string } }>(
      '/book/:id/:n',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const bookId = pathNumber(request.params.id);
        const ordinal = pathNumber(request.params.n) - 1;
        const scope = await servesPublic(request);
        if (scope === undefined) {
          // A signed-in reader following a shared link: the same chapter in the reader.
          const chapter = await library.store.chapters.getByOrdinal(bookId, ordinal);
          if (chapter === undefined || !webApp) return toApp(reply);
          return reply.redirect(`/read/${bookId}/${encodeURIComponent(chapter.key)}`);
        }
        await withinBudget(request, reply);
        const key = `chapter\n${bookId}\n${ordinal}\n${ctx.displayRules.version}\n${request.host}`;
        const known = pages.get(key);
        if (known !== undefined) return sendPage(request, reply, known, 3600);
        const found = await publicChapter(library, scope, { bookId, ordinal });
        const shown = {
          sourceKey: found.sourceUrl ?? '',
          bookTitle: found.book.title,
          rules: await ctx.displayRules.enabled(),
        };
        const [body, title] = await Promise.all([
          found.paragraphs && presenter.present({ ...shown, paragraphs: found.paragraphs }),
          presenter.presentTitle(found.chapter.title, shown),
        ]);
        const html = chapterPage(site(request), {
          book: found.book,
          chapter: found.chapter,
          title: title.title,
          paragraphs: body?.paragraphs,
          prev: found.prev,
          next: found.next,
        });
        // A chapter not cached yet is a 404 that is not kept: it may be read in by a reader.
        if (body === undefined) return sendPage(request, reply, tagged(html), 60, 404);
        const page = tagged(html);
        // Kept only when the next chapter exists: the last one's "next" link appears later.
        if (found.next !== undefined) pages.set(key, page);
        return sendPage(request, reply, page, 3600);
      },
    );

    app.get(
      '/robots.txt',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const { enabled } = await publicScope();
        return reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(robotsTxt(site(request).origin, enabled));
      },
    );

    app.get(
      '/sitemap.xml',
      { schema: { hide: true }, config: { publicPage: true } },
      async (request, reply) => {
        const { enabled, scope } = await publicScope();
        if (!enabled) throw new LinhaiError('not-found', 'public reading is off: no sitemap');
        const books = await publicBooks(library, scope, 'latest', { limit: 50_000 });
        return reply
          .type('application/xml; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(sitemapXml(site(request).origin, books));
      },
    );
  };

  const forget = () => {
    settings.clear();
    pages.clear();
  };

  return { installHome, registerRoutes, forget };
}
