/**
 * `linhai demo --serve --public`: the demo sources opened to anonymous visitors, with a few demo
 * books added and their first chapters read into the cache, so the public site has something to
 * show (public pages serve only cached chapters).
 */
import type { App } from '#app';
import { addBook, readChapter, refreshToc, searchRanked } from '#library';
import { InstanceSettings } from '#server';

const BOOKS = 6;
const CHAPTERS = 3;

export interface PublicDemo {
  readonly sourceUrls: readonly string[];
  /** Titles of demo books to add and cache the first chapters of. */
  readonly titles: readonly string[];
}

export async function openDemoToPublic(
  app: App,
  dataDir: string,
  demo: PublicDemo,
  progress: (line: string) => void,
): Promise<void> {
  await new InstanceSettings(dataDir, app.store.documents).setPublicReading({
    enabled: true,
    sources: demo.sourceUrls,
  });
  for (const title of demo.titles.slice(0, BOOKS)) {
    const [group] = await searchRanked(app.library, title);
    if (group === undefined) continue;
    const { book } = await addBook(app.library, group);
    const { chapters } = await refreshToc(app.library, book.id);
    for (const chapter of chapters.slice(0, CHAPTERS))
      await readChapter(app.library, { bookId: book.id, chapterKey: chapter.key });
    progress(`  public: ${book.title}, chapters 1-${Math.min(CHAPTERS, chapters.length)} cached`);
  }
}
