import iconv from 'iconv-lite';
import type { ChapterSource, ExportBook, ExportOptions } from './types.ts';

export interface TxtOptions extends ExportOptions {
  /** UTF-8 (default) or GB18030 for older Chinese readers. */
  readonly charset?: 'utf-8' | 'gb18030';
}

/**
 * Plain text: the title block, then each chapter as a heading line followed by its paragraphs,
 * separated by blank lines — the layout TXT readers split chapters by.
 */
export async function writeTxt(
  book: ExportBook,
  chapters: ChapterSource,
  options: TxtOptions = {},
): Promise<Uint8Array> {
  const parts: string[] = [`${book.title}\n${book.author}\n`];
  if (book.intro?.trim()) parts.push(`${book.intro.trim()}\n`);
  let done = 0;
  for await (const chapter of chapters) {
    if (chapter.volume) parts.push(`${chapter.volume}\n`);
    parts.push(`${chapter.title}\n\n${chapter.paragraphs.join('\n\n')}\n`);
    done++;
    options.onProgress?.({ done, total: options.total, title: chapter.title });
  }
  const text = parts.join('\n');
  return options.charset === 'gb18030'
    ? new Uint8Array(iconv.encode(text, 'gb18030'))
    : new TextEncoder().encode(text);
}
