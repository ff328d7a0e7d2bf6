/*
 * Discover (发现): the sources' explore entries, a page of one list as book cards, and the home
 * sections merged across sources. Schemas only: the web app imports their types
 * (web/src/api/types.ts), so nothing here may import server code.
 */
import { Type } from 'typebox';

const Opt = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

export const SourceRef = Type.Object({ key: Type.String(), name: Type.String() });

export const SourceError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** The home sections (the library's `exploreSections`; explore-routes checks they agree). */
export const ExploreSectionName = Type.Union([
  Type.Literal('ranking'),
  Type.Literal('newest'),
  Type.Literal('updated'),
  Type.Literal('completed'),
]);

export const ExploreEntry = Type.Object({
  title: Type.String(),
  url: Type.String({ description: 'empty for a header that groups the entries after it' }),
  section: Opt(ExploreSectionName),
});

/** One source's answer for a book, as a search or an explore list gives it. */
const FoundHit = Type.Object({
  sourceKey: Type.String(),
  sourceName: Type.String(),
  name: Type.String(),
  author: Type.String(),
  bookUrl: Type.String(),
  coverUrl: Opt(Type.String()),
  intro: Opt(Type.String()),
  kind: Opt(Type.String()),
  lastChapter: Opt(Type.String()),
  wordCount: Opt(Type.String()),
  updateTime: Opt(Type.String()),
});

/** A book found at one or more sources (a search's group, an explore card). */
export const FoundBook = Type.Object({
  key: Type.String({ description: 'the library book key (normalised title + author)' }),
  title: Type.String(),
  author: Type.String(),
  hits: Type.Array(FoundHit),
  sourceCount: Type.Integer(),
  coverUrl: Opt(Type.String()),
  intro: Opt(Type.String()),
  kind: Opt(Type.String()),
  wordCount: Opt(Type.String()),
  latestChapter: Opt(Type.Object({ title: Type.String(), sourceKey: Type.String() })),
  updatedAt: Opt(Type.Number()),
});

export const ExploreCard = Type.Object({
  ...FoundBook.properties,
  bookId: Opt(Type.Integer({ description: 'the stored book, when the library has it' })),
  ranks: Opt(
    Type.Array(
      Type.Object({ sourceKey: Type.String(), sourceName: Type.String(), rank: Type.Integer() }),
    ),
  ),
});

/** `GET /explore`: each source's entries, or why it has none. */
export const SourceExplore = Type.Object({
  source: SourceRef,
  entries: Opt(Type.Array(ExploreEntry)),
  error: Opt(SourceError),
});

export const ExploreListPage = Type.Object({
  source: SourceRef,
  url: Type.String(),
  page: Type.Integer(),
  cards: Type.Array(ExploreCard),
  next: Opt(Type.Integer()),
  cached: Type.Boolean(),
});

export const ExploreSection = Type.Object({
  section: ExploreSectionName,
  cards: Type.Array(ExploreCard),
  lists: Type.Array(Type.Object({ source: SourceRef, entry: ExploreEntry })),
  failures: Type.Array(Type.Object({ source: SourceRef, error: SourceError })),
});
