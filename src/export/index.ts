/** EPUB 3 and TXT export of a book from clean chapters. Fetches nothing: chapters are passed in. */
export { writeEpub } from './epub-writer.ts';
export { writeTxt } from './txt-writer.ts';
export type { TxtOptions } from './txt-writer.ts';
export { bookUuid } from './book-identifier.ts';
export { asciiBookFileName } from './ascii-file-name.ts';
export { xmlSafe } from './xml-text.ts';
export { exportableBook } from './exportable-book.ts';
export type {
  ExportBook,
  ExportChapter,
  ChapterSource,
  ExportOptions,
  ExportProgress,
} from './types.ts';
export {
  buildBookFile,
  buildStoredBookFile,
  bookFileName,
  bookFileTypes,
  gapParagraph,
  readChaptersInOrder,
} from './book-file-builder.ts';
export type { BuildBookFileOptions, BuiltBookFile, MissingChapter } from './book-file-builder.ts';
