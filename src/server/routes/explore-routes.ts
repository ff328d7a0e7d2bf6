import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LinhaiError } from '#model';
import { previewBook, searchedGroup } from '#library';
import type { ServerContext } from '../context.ts';
import { BookGroup as BookGroupSchema, errors } from '../schemas.ts';
import {
  ExploreListPage,
  ExploreSection,
  ExploreSectionName,
  SourceExplore,
} from '../schemas/explore.ts';
import { PreviewedBook } from '../schemas/books.ts';
import { userOf } from '../session-auth.ts';

/**
 * Discover (发现): the enabled sources' explore entries, one page of one list, the home sections
 * merged across sources, and previewing a search or explore result as a book page.
 */
export function exploreRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { explorer } = ctx;
  return async (app) => {
    app.get(
      '/explore',
      {
        schema: {
          tags: ['discover'],
          summary: "Each enabled source's explore entries (categories, rankings…), or its error",
          querystring: Type.Object({
            source: Type.Optional(Type.String({ description: 'one source key' })),
          }),
          response: {
            200: Type.Array(SourceExplore),
            ...errors(400, 401),
          },
        },
      },
      async (request) => {
        userOf(request);
        const { source } = request.query;
        const explored = await explorer.entries(source === undefined ? {} : { only: source });
        return explored.map((one) =>
          'error' in one
            ? { source: one.source, error: { ...one.error, details: { ...one.error.details } } }
            : { source: one.source, entries: [...one.entries] },
        );
      },
    );

    app.get(
      '/explore/list',
      {
        schema: {
          tags: ['discover'],
          summary: 'One page of one explore list, as book cards (with `next` while it pages)',
          querystring: Type.Object({
            source: Type.String({ minLength: 1 }),
            url: Type.String({ minLength: 1, maxLength: 4000, description: 'an entry url' }),
            page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
          }),
          response: {
            200: ExploreListPage,
            ...errors(400, 401, 404, 502, 504),
          },
        },
      },
      async (request) => {
        userOf(request);
        const { source, url, page } = request.query;
        // Only an entry the source lists may be fetched: the url is not a free fetch.
        const [explored] = await explorer.entries({ only: source });
        if (explored === undefined || explored.source.key !== source)
          throw new LinhaiError('not-found', `no enabled source with explore lists: ${source}`, {
            details: { field: 'source' },
          });
        if ('error' in explored)
          throw new LinhaiError(explored.error.code, explored.error.message, {
            details: explored.error.details,
          });
        if (!explored.entries.some((e) => e.url === url))
          throw new LinhaiError('not-found', `${explored.source.name} lists no such entry`, {
            details: { field: 'url' },
          });
        const result = await explorer.page(source, url, page);
        return {
          ...result,
          cards: result.cards.map((card) => ({ ...card, hits: [...card.hits] })),
        };
      },
    );

    app.get(
      '/explore/sections',
      {
        schema: {
          tags: ['discover'],
          summary: 'Home sections merged across sources: ranking, newest, updated, completed',
          description:
            'A book several sources rank high comes first (sum of 1/(3+rank) over sources); ' +
            'each source that failed is listed beside the results.',
          querystring: Type.Object({
            section: Type.Optional(ExploreSectionName),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 24 }),
          }),
          response: { 200: Type.Array(ExploreSection), ...errors(400, 401) },
        },
      },
      async (request) => {
        userOf(request);
        const { section, limit } = request.query;
        const sections =
          section === undefined
            ? await explorer.home({ limit })
            : [await explorer.section(section, { limit })];
        return sections.map((one) => ({
          section: one.section,
          cards: one.cards.map((card) => ({
            ...card,
            hits: [...card.hits],
            ranks: [...card.ranks],
          })),
          lists: [...one.lists],
          failures: one.failures.map((f) => ({
            source: f.source,
            error: { ...f.error, details: { ...f.error.details } },
          })),
        }));
      },
    );

    app.post(
      '/books/preview',
      {
        schema: {
          tags: ['discover'],
          summary: 'Open a search or explore result as a book page without shelving it',
          description:
            'Stores the book and its listings and fetches its TOC once; it is on no shelf, so it ' +
            'is not chased and not counted as kept. Books nobody shelves are forgotten later.',
          body: Type.Object({
            groupKey: Type.Optional(
              Type.String({ minLength: 1, description: 'a group key from your recent search' }),
            ),
            group: Type.Optional(BookGroupSchema),
          }),
          response: {
            200: PreviewedBook,
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => {
        const user = userOf(request);
        const { groupKey, group: sent } = request.body;
        // A sent group only names the book (as for POST /api/books): what is stored is what this
        // server's sources answered — a card it served, a recent search, or a search again.
        const key = sent?.key ?? groupKey;
        const group =
          key === undefined
            ? undefined
            : (explorer.served(key) ??
              ctx.searches.find(user.id, key) ??
              (sent !== undefined ? await searchedGroup(ctx.deps.library, sent) : undefined));
        if (group === undefined)
          throw new LinhaiError(
            'not-found',
            'no source shows that book now; search or browse again',
            {
              details: { field: sent !== undefined ? 'group' : 'groupKey' },
            },
          );
        return previewBook(ctx.deps.library, group);
      },
    );
  };
}
