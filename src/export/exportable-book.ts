import { bookCover, viewBook } from '#library';
import type { LibraryDeps } from '#library';
import type { ExportBook } from './types.ts';

/**
 * A stored book as the exporters take it: title, author, language, intro, the names of its
 * sources, and its cover from Linhai's cover cache (fetched once through the library when not yet
 * kept). The one place that builds it, for `linhai export`, export jobs and OPDS downloads. A book
 * whose cover cannot be had is exported without one; `not-found` for an unknown book.
 */
export async function exportableBook(
  deps: Pick<LibraryDeps, 'store' | 'gateway' | 'clock'>,
  bookId: number,
): Promise<ExportBook> {
  const view = await viewBook(deps, bookId);
  const cover = await bookCover(deps, bookId).catch(() => undefined);
  return {
    key: view.book.key,
    title: view.book.title,
    author: view.book.author,
    // The demo and most sources are Chinese; an English title says otherwise.
    language: /[\u4e00-\u9fff]/.test(view.book.title) ? 'zh-CN' : 'en',
    ...(view.book.intro ? { intro: view.book.intro } : {}),
    sources: [...new Set(view.pool.map((p) => p.sourceName))],
    ...(cover && epubSafe(cover)
      ? { cover: { bytes: cover.bytes, mediaType: cover.contentType } }
      : {}),
  };
}

/**
 * An SVG with scripts or embedded HTML would need the EPUB's `scripted` mark and is unwelcome in
 * an e-book anyway: such a cover is left out (raster covers are always fine).
 */
function epubSafe(cover: { contentType: string; bytes: Uint8Array }): boolean {
  if (cover.contentType !== 'image/svg+xml') return true;
  const text = new TextDecoder().decode(cover.bytes);
  return !/<script|<foreignObject|\son\w+\s*=/i.test(text);
}
