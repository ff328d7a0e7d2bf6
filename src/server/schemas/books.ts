/*
 * A book as the library shows it: its page (source pool, figures), what adding it reports, its
 * whole-book files, and the books a reader brings (TXT/EPUB uploads, a Legado backup). Schemas
 * only: the web app imports their types (web/src/api/types.ts), so nothing here may import
 * server code.
 */
import { Type } from 'typebox';
import { bookFileFormats } from '#model';
import { Book, PoolMember } from '../schemas.ts';

export const BookView = Type.Object({
  book: Book,
  pool: Type.Array(PoolMember),
  chapterCount: Type.Integer(),
  storyChapterCount: Type.Integer({
    description: 'chapters of the story: notes and announcements left out',
  }),
  latestChapter: Type.Optional(Type.Object({ key: Type.String(), title: Type.String() })),
});

export const TocRefresh = Type.Object({
  chapters: Type.Integer(),
  added: Type.Array(Type.String()),
  outcomes: Type.Array(
    Type.Object(
      {
        listingId: Type.Integer(),
        sourceKey: Type.String(),
        status: Type.String(),
      },
      { additionalProperties: true },
    ),
  ),
});

/** `POST /books`: the book stored, its listings and, when asked, its first TOC. */
export const AddedBook = Type.Object({
  book: Book,
  listings: Type.Array(
    Type.Object(
      { sourceKey: Type.String(), status: Type.String() },
      { additionalProperties: true },
    ),
  ),
  toc: Type.Optional(TocRefresh),
});

/** `POST /books/preview`: the book stored without shelving it. */
export const PreviewedBook = Type.Object({
  book: Book,
  chapters: Type.Integer(),
  known: Type.Boolean(),
});

/** A whole-book file (EPUB, TXT) and its build. */
export const BookFileStatus = Type.Object({
  state: Type.Union(
    [Type.Literal('none'), Type.Literal('building'), Type.Literal('done'), Type.Literal('failed')],
    { description: 'none: never built; building: a job is at work; done: ready to download' },
  ),
  doneChapters: Type.Integer({ description: 'chapters written so far (stored every few)' }),
  totalChapters: Type.Integer({ description: 'chapters the file is (being) built from' }),
  stale: Type.Boolean({
    description: 'a done file built from fewer chapters than the TOC has now',
  }),
  fileName: Type.Union([Type.String(), Type.Null()]),
  size: Type.Union([Type.Integer(), Type.Null()], { description: 'bytes, once done' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the last build failed' }),
});

/** One of Legado's TXT table-of-contents rules. */
export const TocRule = Type.Object({
  id: Type.Integer({ description: "Legado's serialNumber: what `rule` takes" }),
  name: Type.String(),
  enabled: Type.Boolean({ description: 'tried when a TXT is split automatically' }),
});

/** A TXT or EPUB the reader uploaded, as imported or split again. */
export const LocalImport = Type.Object({
  bookId: Type.Integer(),
  title: Type.String(),
  author: Type.String(),
  format: Type.Enum(bookFileFormats),
  encoding: Type.Optional(Type.String({ description: 'TXT: the encoding it was read with' })),
  rule: Type.Optional(
    Type.Object(
      { id: Type.Integer(), name: Type.String() },
      { description: 'TXT: the table-of-contents rule that split it; absent: no rule fit' },
    ),
  ),
  chapterCount: Type.Integer(),
  chapters: Type.Array(Type.String(), { description: 'the first 200 chapter titles' }),
});

export const LocalBook = Type.Object({
  bookId: Type.Integer(),
  fileName: Type.String(),
  format: Type.Enum(bookFileFormats),
  encoding: Type.Optional(Type.String()),
  ruleId: Type.Optional(Type.Integer()),
  createdAt: Type.Number(),
});

/** A legado backup's records, each with what became of it. */
export const LegadoImportItem = Type.Object({
  kind: Type.String({ description: 'book, bookmark, group, replace-rule, sources or file' }),
  name: Type.String(),
  status: Type.Union([
    Type.Literal('imported'),
    Type.Literal('unchanged'),
    Type.Literal('skipped'),
  ]),
  reason: Type.Optional(Type.String()),
  bookId: Type.Optional(Type.Integer()),
});

export const LegadoImportReport = Type.Object({
  items: Type.Array(LegadoImportItem),
  counts: Type.Object({
    imported: Type.Integer(),
    unchanged: Type.Integer(),
    skipped: Type.Integer(),
  }),
});
