import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { LinhaiError, bookFileFormats } from '#model';
import { viewBook, viewToc } from '#library';
import type { BookFileFormat } from '#library';
import { bookFileName } from '#export';
import type { ServerContext } from '../context.ts';
import { errors } from '../schemas.ts';
import { BookFileStatus } from '../schemas/books.ts';
import { userOf } from '../session-auth.ts';
import { sendDownload } from '../file-reply.ts';
import { readerServices } from '../opds/reader-services.ts';

const FileParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  format: Type.Enum(bookFileFormats),
});

type BookFileStatus = Static<typeof BookFileStatus>;

/**
 * Whole-book files (EPUB, TXT) for the web app: start a build (an `export` job, run wherever jobs
 * run, never inline here), follow its progress, download the result from the store.
 */
/** A build with no progress for this long is looked for in the queue. */
const QUIET_BUILD_MS = 30_000;

export function bookFileRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library, exportJobs } = ctx.deps;

  /** `chapters`: the TOC's length when the caller has read it already. */
  async function status(
    bookId: number,
    format: BookFileFormat,
    chapters?: number,
  ): Promise<BookFileStatus> {
    // viewToc fails with not-found for an unknown book.
    const tocLength = chapters ?? (await viewToc(library, bookId)).length;
    const row = await library.store.bookFiles.get(bookId, format);
    if (row === undefined)
      return {
        state: 'none',
        doneChapters: 0,
        totalChapters: tocLength,
        stale: false,
        fileName: null,
        size: null,
        error: null,
      };
    // A build records progress every few seconds. One silent for a while whose job is gone
    // died with its process: it is shown as failed, so the reader can start it again.
    const stalled =
      row.state === 'building' &&
      library.clock.now() - row.updatedAt > QUIET_BUILD_MS &&
      !(await exportJobs.planned(bookId, format));
    return {
      state: stalled ? 'failed' : row.state,
      doneChapters: row.doneChapters,
      totalChapters: row.chapters,
      stale: row.state === 'done' && row.chapters < tocLength,
      fileName: row.fileName,
      size: row.size ?? null,
      error: stalled
        ? `the build stopped after ${row.doneChapters} of ${row.chapters} chapters (the process making it ended): make it again`
        : (row.error ?? null),
    };
  }

  return async (app) => {
    app.get(
      '/books/:id/files/:format',
      {
        schema: {
          tags: ['books'],
          summary:
            "The book's EPUB or TXT file: not built, building (with progress), done or failed",
          params: FileParams,
          response: { 200: BookFileStatus, ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        userOf(request);
        return status(request.params.id, request.params.format);
      },
    );

    app.post(
      '/books/:id/files/:format',
      {
        schema: {
          tags: ['books'],
          summary:
            'Starts building the whole book as EPUB or TXT (an export job), unless a file of the current TOC is done',
          description:
            'Answers 202 with the status while building (a second request adds no second job), 200 when the file is already done and current. Poll GET for progress.',
          params: FileParams,
          response: {
            200: BookFileStatus,
            202: BookFileStatus,
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        userOf(request);
        const { id, format } = request.params;
        const view = await viewBook(library, id);
        const chapters = (await viewToc(library, id)).length;
        const current = await status(id, format, chapters);
        if (current.state === 'done' && !current.stale) return reply.code(200).send(current);
        if (chapters === 0)
          throw new LinhaiError(
            'conflict',
            `book ${id} has no chapters yet: refresh its TOC first`,
            {
              details: { bookId: id },
            },
          );
        // A build under way keeps its progress; anything else shows `building` from this moment
        // (the job marks it again when it starts, on whichever process runs it).
        if (current.state !== 'building')
          await library.store.bookFiles.start({
            bookId: id,
            format,
            chapters,
            fileName: bookFileName(view.book.title, format),
          });
        await exportJobs.enqueue(id, format);
        return reply.code(202).send(await status(id, format, chapters));
      },
    );

    app.get(
      '/books/:id/files/:format/download',
      {
        schema: {
          tags: ['books'],
          summary: "Downloads the book's built EPUB or TXT (Content-Disposition attachment, ETag)",
          params: FileParams,
          response: errors(400, 401, 404),
        },
      },
      async (request, reply) => {
        userOf(request);
        const { id, format } = request.params;
        const file = await library.store.bookFiles.read(id, format);
        if (file === undefined)
          throw new LinhaiError(
            'not-found',
            `no ${format.toUpperCase()} of book ${id} is ready: build it first (POST /api/books/${id}/files/${format})`,
            { details: { bookId: id, format } },
          );
        // The same names and digests as an OPDS download: a file side-loaded into KOReader
        // finds its book too.
        const served = await readerServices(ctx).files.served(id, file);
        return sendDownload(request, reply, served.file, served.asciiName);
      },
    );
  };
}
