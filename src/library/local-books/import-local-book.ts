import { createHash } from 'node:crypto';
import { LinhaiError } from '#model';
import type { LocalBookFormat } from '#model';
import type { ChapterFields, LibraryDeps } from '../ports.ts';
import { cacheChapter } from '../read-chapter.ts';
import { parseLocalFile } from './parse-local-file.ts';
import type { ParsedLocalBook } from './parse-local-file.ts';
import { splitTxt } from './split-txt.ts';

/** What an import or a re-split made: the book, how it was read and its chapter titles. */
export interface LocalImportResult {
  readonly bookId: number;
  readonly title: string;
  readonly author: string;
  readonly format: LocalBookFormat;
  readonly encoding: string | undefined;
  /** The TXT table-of-contents rule used; undefined for an EPUB or when none fit. */
  readonly rule: { readonly id: number; readonly name: string } | undefined;
  readonly chapters: readonly string[];
}

/** Progress of storing the chapters: `done` of `total`. */
export type ImportProgress = (done: number, total: number) => void;

/**
 * Imports an uploaded TXT or EPUB as the reader's own book: stored like any book (its chapters,
 * their text as the cached copy), put on the reader's shelf, and marked theirs — other readers
 * never see it, the chase never checks it. The same file imported again by the same reader is the
 * same book (read again, its chapters replaced).
 */
export async function importLocalBook(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  input: {
    readonly userId: number;
    readonly fileName: string;
    readonly bytes: Uint8Array;
    readonly ruleId?: number | undefined;
    readonly onProgress?: ImportProgress;
  },
): Promise<LocalImportResult> {
  const parsed = await parseLocalFile(input);
  const digest = createHash('sha256').update(input.bytes).digest('hex').slice(0, 24);
  const book = await deps.store.books.upsert({
    key: `local:${input.userId}:${digest}`,
    title: parsed.title,
    author: parsed.author,
    intro: parsed.intro,
  });
  await deps.store.localBooks.put({
    bookId: book.id,
    userId: input.userId,
    fileName: input.fileName,
    format: parsed.format,
    encoding: parsed.encoding,
    ruleId: parsed.rule?.id,
    text: parsed.text,
  });
  await storeChapters(deps, book.id, parsed, input.onProgress);
  await deps.store.shelves.add(input.userId, book.id, deps.clock.now());
  return resultOf(book.id, parsed);
}

/**
 * Splits one of the reader's TXT books again with another table-of-contents rule. Chapters whose
 * titles stay keep their keys, so a reading position in one of them holds.
 */
export async function resplitLocalBook(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  input: {
    readonly userId: number;
    readonly bookId: number;
    readonly ruleId: number;
    readonly onProgress?: ImportProgress;
  },
): Promise<LocalImportResult> {
  const local = await ownLocalBook(deps, input.userId, input.bookId);
  const text = local.format === 'txt' ? await deps.store.localBooks.text(local.bookId) : undefined;
  if (text === undefined) {
    throw new LinhaiError(
      'invalid-input',
      `${local.fileName} is an EPUB: its chapters come from its spine, there is no rule to pick`,
      { details: { field: 'rule' } },
    );
  }
  const book = (await deps.store.books.get(local.bookId))!;
  const split = splitTxt(text, { ruleId: input.ruleId });
  const parsed: ParsedLocalBook = {
    format: 'txt',
    title: book.title,
    author: book.author,
    intro: book.intro,
    chapters: split.chapters,
    encoding: local.encoding,
    rule: split.rule && { id: split.rule.id, name: split.rule.name },
  };
  await deps.store.localBooks.put({ ...local, ruleId: input.ruleId });
  await storeChapters(deps, local.bookId, parsed, input.onProgress);
  return resultOf(local.bookId, parsed);
}

/** The reader's local book; not-found for anyone else's (theirs is not even said to exist). */
export async function ownLocalBook(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  bookId: number,
) {
  const local = await deps.store.localBooks.get(bookId);
  if (local === undefined || local.userId !== userId) {
    throw new LinhaiError('not-found', `you have no local book ${bookId}`, {
      details: { bookId },
    });
  }
  return local;
}

/** The TOC (keys from titles) and each chapter's text as its cached copy. */
async function storeChapters(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  bookId: number,
  parsed: ParsedLocalBook,
  onProgress: ImportProgress | undefined,
): Promise<void> {
  const now = deps.clock.now();
  const seen = new Map<string, number>();
  const fields: ChapterFields[] = parsed.chapters.map((chapter, ordinal) => {
    const nth = (seen.get(chapter.title) ?? 0) + 1;
    seen.set(chapter.title, nth);
    return {
      key: chapterKey(chapter.title, nth),
      ordinal,
      title: chapter.title,
      kind: 'chapter',
      firstSeenAt: now,
      links: [],
    };
  });
  const saved = await deps.store.chapters.saveToc(bookId, fields);
  const sourceId = await deps.store.localBooks.sourceId();
  const total = saved.length;
  for (const [i, chapter] of saved.entries()) {
    await cacheChapter(deps, chapter.id, sourceId, parsed.chapters[chapter.ordinal]!.paragraphs);
    onProgress?.(i + 1, total);
  }
  await deps.store.books.setLatestChapter(bookId, saved.at(-1)?.id);
}

/**
 * A chapter's key from its title (and which of the same-titled chapters it is): the same file
 * imported again, or split again with a rule that finds the same heading, gives the same key.
 */
function chapterKey(title: string, nth: number): string {
  return `L${createHash('sha256').update(`${title}\n${nth}`).digest('hex').slice(0, 16)}`;
}

function resultOf(bookId: number, parsed: ParsedLocalBook): LocalImportResult {
  return {
    bookId,
    title: parsed.title,
    author: parsed.author,
    format: parsed.format,
    encoding: parsed.encoding,
    rule: parsed.rule,
    chapters: parsed.chapters.map((c) => c.title),
  };
}
