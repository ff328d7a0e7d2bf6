import { LinhaiError } from '#model';
import { listBooks, normalizeTitle } from '#library';
import type { App } from '#app';

/**
 * Finds a stored book from what a user typed: its number, its key ("title|author"), or words of
 * its title. Several matches are an error that lists them, so the user can pick the number.
 */
export async function resolveBook(
  app: App,
  ref: string,
): Promise<{ id: number; title: string; author: string }> {
  if (/^\d+$/.test(ref)) {
    const book = await app.store.books.get(Number(ref));
    if (book) return book;
  }
  const byKey = await app.store.books.getByKey(ref);
  if (byKey) return byKey;
  const wanted = normalizeTitle(ref);
  const books = await listBooks(app.library, { limit: 500 });
  const exact = books.filter((b) => normalizeTitle(b.title) === wanted);
  const matches =
    exact.length > 0 ? exact : books.filter((b) => normalizeTitle(b.title).includes(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new LinhaiError(
      'not-found',
      `no book "${ref}" in the library; add it with "linhai add ${ref}"`,
      {
        details: { book: ref },
      },
    );
  }
  const list = matches
    .slice(0, 10)
    .map((b) => `${b.id} ${b.title} (${b.author})`)
    .join('; ');
  throw new LinhaiError(
    'invalid-input',
    `"${ref}" matches several books: ${list}; give the number`,
    {
      details: { book: ref },
    },
  );
}
