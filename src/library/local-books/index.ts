// Local books (issue 22): a reader's own TXT and EPUB files, read like any other book.
export { importLocalBook, resplitLocalBook, ownLocalBook } from './import-local-book.ts';
export type { ImportProgress, LocalImportResult } from './import-local-book.ts';
export { parseLocalFile, titleOfFileName, TXT_MAX_BYTES } from './parse-local-file.ts';
export type { ParsedLocalBook } from './parse-local-file.ts';
export { splitTxt, bestRule, compileTocRule, RULE_SAMPLE_CHARS, PART_CHARS } from './split-txt.ts';
export type { TxtChapter, TxtSplit } from './split-txt.ts';
export { txtTocRules } from './txt-toc-rules.ts';
export type { TxtTocRule } from './txt-toc-rules.ts';
export { decodeText } from './decode-text.ts';
export { readEpub, EPUB_MAX_BYTES } from './read-epub.ts';
export { assertBookVisible } from './local-book-access.ts';
