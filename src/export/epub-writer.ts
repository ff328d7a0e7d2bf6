import type JSZip from 'jszip';
import { lazyRequire } from '#model';
import { bookUuid } from './book-identifier.ts';
import { chapterXhtml, containerXml, navXhtml, titlePageXhtml, tocNcx } from './epub-documents.ts';
import type { EpubChapterEntry } from './epub-documents.ts';
import { contentOpf } from './epub-package.ts';
import { epubStyle } from './epub-style.ts';
import type { ChapterSource, ExportBook, ExportOptions } from './types.ts';

// Loaded by the first EPUB, not by every command that imports the export layer.
const jszip = lazyRequire<typeof JSZip>('jszip');

const coverExtension: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/**
 * Writes an EPUB 3 (with an NCX for older readers). Chapter files are named by position
 * (`text/c00001.xhtml`) and the identifier derives from the book key, so exporting the same book
 * again after new chapters arrived gives the same book with the new chapters appended.
 */
export async function writeEpub(
  book: ExportBook,
  chapters: ChapterSource,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  const zip = new (jszip())();
  // The mimetype entry must come first and be stored uncompressed (OCF 3.0 §4.3).
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file('META-INF/container.xml', containerXml);
  const oebps = zip.folder('OEBPS')!;
  oebps.file('style.css', epubStyle);

  const entries: EpubChapterEntry[] = [];
  for await (const chapter of chapters) {
    const n = String(entries.length + 1).padStart(5, '0');
    const entry: EpubChapterEntry = {
      id: `c${n}`,
      href: `text/c${n}.xhtml`,
      title: chapter.title,
      ...(chapter.volume ? { volume: chapter.volume } : {}),
    };
    oebps.file(entry.href, chapterXhtml(book, chapter));
    entries.push(entry);
    options.onProgress?.({ done: entries.length, total: options.total, title: chapter.title });
  }

  const uuid = bookUuid(book.key);
  let cover: { href: string; mediaType: string } | undefined;
  if (book.cover) {
    cover = {
      href: `images/cover.${coverExtension[book.cover.mediaType]}`,
      mediaType: book.cover.mediaType,
    };
    oebps.file(cover.href, book.cover.bytes);
  }
  oebps.file('text/title.xhtml', titlePageXhtml(book, cover?.href));
  oebps.file('nav.xhtml', navXhtml(book, entries));
  oebps.file('toc.ncx', tocNcx(book, uuid, entries));
  oebps.file(
    'content.opf',
    contentOpf({
      book,
      uuid,
      chapters: entries,
      ...(cover ? { cover } : {}),
      modifiedAt: book.modifiedAt ?? new Date(),
    }),
  );
  return zip.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    mimeType: 'application/epub+zip',
  });
}
