/*
 * What the reader reads: a chapter, the sources that carry it, a search in the book and the
 * reader's bookmarks. Schemas only (TypeBox, the model's records): the web app imports their
 * types (web/src/api/types.ts), so nothing here may import server code.
 */
import { Type } from 'typebox';

export const ChapterParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  key: Type.String({ minLength: 1, maxLength: 200 }),
});

export const ChapterView = Type.Object({
  bookId: Type.Integer(),
  key: Type.String(),
  ordinal: Type.Integer(),
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
  source: Type.Optional(Type.String()),
  fromCache: Type.Boolean(),
  prevKey: Type.Optional(Type.String()),
  nextKey: Type.Optional(Type.String()),
  attempts: Type.Array(
    Type.Object({ sourceKey: Type.String(), code: Type.String(), message: Type.String() }),
  ),
  incomplete: Type.Optional(
    Type.Object(
      { url: Type.String(), message: Type.String() },
      {
        description:
          'the text stops short: this later page of the chapter failed; reading it again later fetches the whole chapter again',
      },
    ),
  ),
});

/** 换源: one source that carries a chapter. */
export const ChapterSource = Type.Object({
  listingId: Type.Integer({ description: 'pass as `source` to read the chapter from it' }),
  sourceKey: Type.String(),
  sourceName: Type.String(),
  url: Type.String({ description: "the chapter's address at that source" }),
  enabled: Type.Boolean(),
  preferred: Type.Boolean({ description: "the book's preferred source" }),
  served: Type.Boolean({ description: 'the cached copy of the chapter came from it' }),
});

export const ChapterSources = Type.Object({
  title: Type.String(),
  sources: Type.Array(ChapterSource),
});

export const BookSearchHit = Type.Object({
  chapterKey: Type.String(),
  chapterTitle: Type.String(),
  ordinal: Type.Integer(),
  paragraph: Type.Integer({ description: "the paragraph's index in the chapter" }),
  offsetChars: Type.Integer({ description: "the paragraph's start, as a position keeps it" }),
  anchor: Type.String(),
  before: Type.String(),
  match: Type.String(),
  after: Type.String(),
});

export const BookSearchResult = Type.Object({
  hits: Type.Array(BookSearchHit),
  truncated: Type.Boolean(),
  chaptersSearched: Type.Integer(),
  chapterCount: Type.Integer(),
});

export const Bookmark = Type.Object({
  id: Type.Integer(),
  bookId: Type.Integer(),
  chapterKey: Type.String(),
  chapterTitle: Type.String(),
  anchor: Type.String(),
  offsetChars: Type.Integer(),
  excerpt: Type.String({ description: 'the start of the marked paragraph' }),
  note: Type.Optional(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
