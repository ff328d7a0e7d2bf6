/** An app with the demo sites' sources and one demo book added through the library's use cases. */
import assert from 'node:assert/strict';
import { catalogue } from '#demo';
import type { DemoCluster } from '#demo';
import { addBook, refreshToc, searchBooks } from '#library';
import type { BookGroup } from '#library';
import type { App } from '#app';

/** Imports the cluster's sources and adds the book titled `title` with its whole source pool. */
export async function addDemoBook(
  app: App,
  cluster: DemoCluster,
  title: string,
  options: { refresh?: boolean } = {},
): Promise<number> {
  await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
  let group: BookGroup | undefined;
  for await (const event of searchBooks(app.library, title)) {
    if (event.type === 'finished') group = event.ranked.find((g) => g.title === title);
  }
  assert.ok(group, `${title} is found on the demo sites`);
  const bookId = (await addBook(app.library, group)).book.id;
  if (options.refresh ?? true) await refreshToc(app.library, bookId);
  return bookId;
}

export const demoBook = (title: string) => catalogue.books().find((b) => b.title === title)!;
