import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LinhaiError, boilerplateStatuses } from '#model';
import { testSource } from '#library';
import type { ServerContext } from '../context.ts';
import { Boilerplate, IdParams, Source, errors } from '../schemas.ts';
import {
  SourceBudget,
  SourceBudgetBody,
  SourceImportBody,
  SourceImportReport,
  SourceTest,
} from '../schemas/sources.ts';
import { adminOf } from '../session-auth.ts';

/** Book sources, for administrators: list, import (text or URL), enable/disable, test, and a
 *  raised politeness budget (as `linhai sources budget`). */
export function sourceRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { store, catalog, library } = ctx.deps;
  const sourceOr404 = async (id: number) => {
    const source = await store.sources.get(id);
    if (source === undefined)
      throw new LinhaiError('not-found', `no source ${id}`, { details: { sourceId: id } });
    return source;
  };
  /** Shows (no change), sets or clears a source's raised budget through the one use case. */
  const budgetOf = async (
    id: number,
    change?: Parameters<NonNullable<ServerContext['deps']['sourceBudgets']>['manage']>[1],
  ) => {
    const manager = ctx.deps.sourceBudgets;
    if (!manager)
      throw new LinhaiError('capability-missing', 'this server cannot change source budgets');
    const { source, budget } = await manager.manage((await sourceOr404(id)).url, change);
    return { source, budget: budget ?? null };
  };
  return async (app) => {
    app.get(
      '/sources',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Every book source with its health figures',
          response: { 200: Type.Array(Source), ...errors(401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        return store.sources.list();
      },
    );

    app.post(
      '/sources',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Import book sources from Legado JSON (the text, or a URL to fetch it from)',
          body: SourceImportBody,
          response: { 200: SourceImportReport, ...errors(400, 401, 403, 502, 504) },
        },
        bodyLimit: 25 * 1024 * 1024,
      },
      async (request) => {
        adminOf(request);
        const { text, url } = request.body;
        if ((text === undefined) === (url === undefined))
          throw new LinhaiError('invalid-input', 'body: give exactly one of "text" and "url"', {
            details: { field: 'text' },
          });
        const json = text ?? (await ctx.deps.fetchText(url ?? ''));
        const result = await catalog.import(json);
        // A file that is not JSON at all is the request's fault (400 with the position), not a
        // report of zero sources; per-source problems stay in the report's `errors`.
        const unreadable = result.errors.find((e) => e.item === 'file');
        if (unreadable) {
          throw new LinhaiError(
            'import-parse',
            `the source file cannot be read: ${unreadable.message}`,
            {
              details: { line: unreadable.line, column: unreadable.column },
            },
          );
        }
        return {
          // The report lists the sources that were imported; `errors` the ones that were not.
          imported: result.report.length,
          report: [...result.report],
          errors: [...result.errors],
          warnings: [...result.warnings],
          sourceUrls: [...result.sourceUrls],
        };
      },
    );

    app.patch(
      '/sources/:id',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Enable or disable a source',
          params: IdParams,
          body: Type.Object({ enabled: Type.Boolean() }),
          response: { 200: Source, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        await sourceOr404(request.params.id);
        await store.sources.setEnabled(request.params.id, request.body.enabled);
        return sourceOr404(request.params.id);
      },
    );

    app.post(
      '/sources/:id/test',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Test the source step by step: search, book info, TOC, first chapter',
          params: IdParams,
          body: Type.Object({
            // Absent: the source's own test word (checkKeyWord), else 我的 (as Legado).
            query: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            deadlineMs: Type.Integer({ minimum: 500, maximum: 60_000, default: 15_000 }),
          }),
          response: { 200: SourceTest, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        const source = await sourceOr404(request.params.id);
        const { query, deadlineMs } = request.body;
        const started = performance.now();
        const run = await testSource(library.gateway, source.url, query, { deadlineMs });
        const failed = run.steps.find((step) => !step.ok);
        return {
          ok: run.ok,
          query: run.query,
          hits: run.hits.length,
          elapsedMs: Math.round(performance.now() - started),
          sample: run.hits
            .slice(0, 5)
            .map((b) => ({ name: b.name, author: b.author, bookUrl: b.bookUrl })),
          steps: [...run.steps],
          ...(failed?.error ? { error: failed.error } : {}),
        };
      },
    );

    app.get(
      '/sources/:id/budget',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: "The source's raised politeness budget (null: the host default)",
          params: IdParams,
          response: { 200: SourceBudget, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        return budgetOf(request.params.id);
      },
    );

    app.put(
      '/sources/:id/budget',
      {
        schema: {
          tags: ['sources (admin)'],
          summary:
            "Raise the source's politeness budget (robots.txt, Crawl-delay and Retry-After still apply)",
          params: IdParams,
          body: SourceBudgetBody,
          response: { 200: SourceBudget, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        const { concurrency, minIntervalMs } = request.body;
        if (concurrency === undefined && minIntervalMs === undefined)
          throw new LinhaiError(
            'invalid-input',
            'body: give "concurrency", "minIntervalMs" or both (DELETE the budget to go back to the default)',
            { details: { field: 'concurrency' } },
          );
        return budgetOf(request.params.id, {
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(minIntervalMs !== undefined ? { minIntervalMs } : {}),
        });
      },
    );

    app.delete(
      '/sources/:id/budget',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: "Back to the host's default budget for this source",
          params: IdParams,
          response: { 200: SourceBudget, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        return budgetOf(request.params.id, { clear: true });
      },
    );

    app.get(
      '/sources/:id/boilerplate',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'The boilerplate lines the cleaner learned for this source',
          params: IdParams,
          response: { 200: Type.Array(Boilerplate), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        const source = await sourceOr404(request.params.id);
        return store.boilerplate.list(source.url);
      },
    );

    app.patch(
      '/boilerplate/:id',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Accept or reject a learned boilerplate line',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
          body: Type.Object({
            status: Type.Enum(boilerplateStatuses),
          }),
          response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        await store.boilerplate.setStatus(request.params.id, request.body.status);
        return { ok: true };
      },
    );
  };
}
