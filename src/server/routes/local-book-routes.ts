import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { importLocalBook, ownLocalBook, resplitLocalBook, txtTocRules } from '#library';
import type { LocalBookRecord, LocalImportResult } from '#library';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import { IdParams, errors } from '../schemas.ts';
import { LocalBook, LocalImport, TocRule } from '../schemas/books.ts';
import { userOf } from '../session-auth.ts';

/** The largest upload (an EPUB's bound; a TXT's is the same). */
const UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

const localBookView = (r: LocalBookRecord) => ({
  bookId: r.bookId,
  fileName: r.fileName,
  format: r.format,
  ...(r.encoding ? { encoding: r.encoding } : {}),
  ...(r.ruleId !== undefined ? { ruleId: r.ruleId } : {}),
  createdAt: r.createdAt,
});

const view = (result: LocalImportResult) => ({
  bookId: result.bookId,
  title: result.title,
  author: result.author,
  format: result.format,
  ...(result.encoding ? { encoding: result.encoding } : {}),
  ...(result.rule ? { rule: result.rule } : {}),
  chapterCount: result.chapters.length,
  chapters: result.chapters.slice(0, 200),
});

/**
 * Local books (issue 22): the signed-in reader uploads a TXT or an EPUB (the file's bytes as the
 * body, its name in `?name=`), which becomes their own book — private, never chased — read,
 * exported and synced like any other. A TXT may be split again with another rule.
 */
export function localBookRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    // The upload is the file itself, not a form: no multipart parsing of a hostile body.
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.get(
      '/local-books/rules',
      {
        schema: {
          tags: ['local books'],
          summary: "Legado's TXT table-of-contents rules, in the order they are tried",
          response: { 200: Type.Array(TocRule), ...errors(401) },
        },
      },
      async (request) => {
        userOf(request);
        return txtTocRules.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled }));
      },
    );

    app.get(
      '/local-books',
      {
        schema: {
          tags: ['local books'],
          summary: 'Your uploaded books, newest first',
          response: { 200: Type.Array(LocalBook), ...errors(401) },
        },
      },
      async (request) => {
        const rows = await library.store.localBooks.listByUser(userOf(request).id);
        return rows.map(localBookView);
      },
    );

    app.post(
      '/local-books',
      {
        bodyLimit: UPLOAD_MAX_BYTES,
        schema: {
          tags: ['local books'],
          summary: 'Upload a TXT or an EPUB (the bytes as application/octet-stream)',
          querystring: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 255, description: "the file's name" }),
            rule: Type.Optional(
              Type.Integer({
                minimum: 0,
                description: 'TXT: split by this rule, not the best fit',
              }),
            ),
          }),
          response: { 201: LocalImport, ...errors(400, 401, 413, 415) },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const bytes = request.body;
        if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
          throw new LinhaiError(
            'invalid-input',
            'send the file itself as the body, with Content-Type application/octet-stream',
            { details: { field: 'body' } },
          );
        }
        const result = await importLocalBook(library, {
          userId: user.id,
          fileName: request.query.name,
          bytes,
          ruleId: request.query.rule,
        });
        await ctx.deps.exportJobs.shelved(result.bookId);
        return reply.code(201).send(view(result));
      },
    );

    app.get(
      '/local-books/:id',
      {
        schema: {
          tags: ['local books'],
          summary: 'One of your uploaded books: its file and how it was split',
          params: IdParams,
          response: { 200: LocalBook, ...errors(401, 404) },
        },
      },
      async (request) => {
        return localBookView(await ownLocalBook(library, userOf(request).id, request.params.id));
      },
    );

    app.put(
      '/local-books/:id/rule',
      {
        schema: {
          tags: ['local books'],
          summary: 'Split one of your TXT books again with another table-of-contents rule',
          params: IdParams,
          body: Type.Object({ rule: Type.Integer({ minimum: 0 }) }),
          response: { 200: LocalImport, ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        const result = await resplitLocalBook(library, {
          userId: userOf(request).id,
          bookId: request.params.id,
          ruleId: request.body.rule,
        });
        await ctx.deps.exportJobs.shelved(result.bookId);
        return view(result);
      },
    );
  };
}
