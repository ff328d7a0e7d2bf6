/**
 * One real source over one replayed site, as `linhai add <url>` and `linhai read` run it: a fresh
 * app (SQLite in a temporary folder), the source stored with its host rewritten to the replay,
 * then the library's use cases: the book at the URL, add it, its TOC, its first chapter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import { openApp } from '#app';
import { addBook, bookAtUrl, readChapter, refreshToc } from '#library';
import type { BookSource } from '#sources';

/** Where a run stopped and why, as the user would be told. */
export interface Failure {
  readonly step: 'info' | 'toc' | 'read';
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Observed {
  readonly title?: string;
  readonly author?: string;
  readonly chapters?: readonly string[];
  readonly firstChapter?: { readonly title: string; readonly paragraphs: readonly string[] };
  readonly failure?: Failure;
}

/** The source as if the site lived at `origin`: its own host (any scheme) rewritten everywhere. */
export function pointAt(source: BookSource, origin: string): BookSource {
  const host = new URL(source.bookSourceUrl.replace(/#.*$/, '')).host;
  const own = new RegExp(`(?:https?:)?//${host.replace(/\./g, '\\.')}`, 'g');
  return JSON.parse(JSON.stringify(source).replace(own, origin)) as BookSource;
}

function failure(step: Failure['step'], error: unknown): Failure {
  if (isLinhaiError(error))
    return { step, code: error.code, message: error.message, details: error.details };
  return { step, code: 'thrown', message: String(error), details: {} };
}

export async function runPair(
  source: BookSource,
  origin: string,
  bookPath: string,
  options: { readFirstChapter: boolean },
): Promise<Observed> {
  const dir = mkdtempSync(join(tmpdir(), 'linhai-real-pages-'));
  const app = await openApp({ dataDir: dir, allowHosts: ['127.0.0.1'], seedBuiltInSources: false });
  try {
    await app.catalog.save([pointAt(source, origin)]);
    let group;
    try {
      group = await bookAtUrl(app.library, origin + bookPath);
    } catch (error) {
      return { failure: failure('info', error) };
    }
    const { book } = await addBook(app.library, group);
    const seen = { title: book.title, author: book.author };
    const toc = await refreshToc(app.library, book.id);
    const failed = toc.outcomes.find((o) => o.status === 'failed');
    if (failed?.status === 'failed')
      return { ...seen, failure: { step: 'toc', ...failed.error, details: {} } };
    const chapters = toc.chapters.map((c) => c.title);
    const first = toc.chapters[0];
    if (!options.readFirstChapter || first === undefined) return { ...seen, chapters };
    try {
      const read = await readChapter(app.library, { bookId: book.id, chapterKey: first.key });
      return {
        ...seen,
        chapters,
        firstChapter: { title: read.chapter.title, paragraphs: read.paragraphs },
      };
    } catch (error) {
      return { ...seen, chapters, failure: failure('read', error) };
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
