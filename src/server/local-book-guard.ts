import type { FastifyInstance } from 'fastify';
import { assertBookVisible } from '#library';
import type { LibraryDeps } from '#library';

// API routes whose `:id` / `:bookId` is a book: /api/books/:id…, /api/shelf/:bookId…. Sample:
// "/api/books/:id/chapters/:key" → true; "/api/bookmarks/:id" → false; "/book/:id" → false (the
// public site shows only books a public source lists, which a local book never is; for a
// signed-in reader that path is the web app's book page, which must load).
const BOOK_ROUTE = /^\/api\/(?:books|shelf)\/:(?:id|bookId)(?:\/|$)/;

/**
 * Local books are private to their uploader (issue 22): every API route that takes a book id
 * answers 404 for someone else's, in one place rather than in each route (one row read per
 * request to such a route, by primary key). OPDS downloads name their book in a file name and
 * check it there; positions and shelving check it in the library (kosync, backups).
 */
export function installLocalBookGuard(app: FastifyInstance, library: LibraryDeps): void {
  app.addHook('preHandler', async (request) => {
    if (!BOOK_ROUTE.test(request.routeOptions.url ?? '')) return;
    const params = request.params as Record<string, unknown> | undefined;
    const bookId = Number(params?.['id'] ?? params?.['bookId']);
    if (!Number.isSafeInteger(bookId)) return;
    await assertBookVisible(library, bookId, request.user?.id);
  });
}
