/*
 * The API's response shapes, as src/server/schemas.ts and the routes declare them
 * (the OpenAPI document at /api/openapi.json is the reference).
 */

export interface User {
  id: number;
  name: string;
  role: 'admin' | 'reader' | string;
  settings: Record<string, unknown>;
}

export interface Book {
  id: number;
  key: string;
  title: string;
  author: string;
  coverUrl?: string;
  intro?: string;
  kind?: string;
  status?: string;
  createdAt: number;
  updatedAt: number;
}

export interface PoolMember {
  listingId: number;
  sourceKey: string;
  sourceName: string;
  enabled: boolean;
  bookUrl: string;
  chapterCount: number;
  latestTitle?: string;
  checkedAt?: number;
  changedAt?: number;
  latencyP50Ms?: number;
  errorCount: number;
  lastError?: string;
  /** How far behind the first source to show a chapter it is (ms); absent until measured. */
  lagMs?: number;
  /** New chapters are served from it first. */
  preferred: boolean;
  /** A reader chose it as the book's source (换源); otherwise the chase prefers the fastest. */
  chosen: boolean;
  /** The book's story chapters it carries (notes left out). */
  storyChapters: number;
  /** Story chapters the fullest source has and this one lacks. */
  behind: number;
  /** When the chase checks it next (ms epoch), and why (English, from the server). */
  nextCheckAt?: number;
  checkReason?: string;
}

export interface BookView {
  book: Book;
  pool: PoolMember[];
  chapterCount: number;
  /** Chapters of the story: notes and announcements left out. */
  storyChapterCount: number;
  latestChapter?: { key: string; title: string };
}

export type BookFileFormat = 'epub' | 'txt';

/** A whole-book file on the server: GET/POST /api/books/:id/files/:format. */
export interface BookFileStatus {
  state: 'none' | 'building' | 'done' | 'failed';
  doneChapters: number;
  totalChapters: number;
  /** Done, but built from fewer chapters than the book has now. */
  stale: boolean;
  fileName: string | null;
  size: number | null;
  error: string | null;
}

export interface TocItem {
  key: string;
  ordinal: number;
  title: string;
  volumeTitle?: string;
  isExtra: boolean;
  /** An author's note or announcement: listed, not counted as a chapter. */
  note: boolean;
  sources: number;
  firstSeenAt: number;
}

export interface Position {
  chapterKey: string;
  chapterTitle?: string;
  anchor: string;
  offsetChars: number;
  readAt: number;
  ordinal?: number;
}

export interface ShelfEntry {
  bookId: number;
  bookKey: string;
  title: string;
  author: string;
  coverUrl?: string;
  addedAt: number;
  position?: Position;
  chapterCount: number;
  unreadCount: number;
  latestChapterTitle?: string;
  /** When its newest chapter was found. */
  latestChapterAt?: number;
  /** Your shelf groups it is in. */
  groupIds: number[];
}

/** One of your shelf groups (a book may be in several). */
export interface ShelfGroup {
  id: number;
  name: string;
  position: number;
  bookIds: number[];
}

export interface ChapterView {
  bookId: number;
  key: string;
  ordinal: number;
  title: string;
  paragraphs: string[];
  source?: string;
  fromCache: boolean;
  prevKey?: string;
  nextKey?: string;
  attempts: { sourceKey: string; code: string; message: string }[];
}

/** A reader's bookmark: a place in a book (as a position keeps it), its excerpt and note. */
export interface Bookmark {
  id: number;
  bookId: number;
  chapterKey: string;
  chapterTitle: string;
  anchor: string;
  offsetChars: number;
  excerpt: string;
  note?: string;
  createdAt: number;
  updatedAt: number;
}

/** A place a word was found in the book (`GET /api/books/:id/search`). */
export interface BookSearchHit {
  chapterKey: string;
  chapterTitle: string;
  ordinal: number;
  paragraph: number;
  offsetChars: number;
  anchor: string;
  before: string;
  match: string;
  after: string;
}

export interface BookSearchResult {
  hits: BookSearchHit[];
  truncated: boolean;
  chaptersSearched: number;
  chapterCount: number;
}

/** One source that carries a chapter (换源): read the chapter from it with `?source=listingId`. */
export interface ChapterSource {
  listingId: number;
  sourceKey: string;
  sourceName: string;
  url: string;
  enabled: boolean;
  /** The book's preferred source. */
  preferred: boolean;
  /** The cached copy of the chapter came from it. */
  served: boolean;
}

export interface SearchHit {
  sourceKey: string;
  sourceName: string;
  bookUrl: string;
  name: string;
  author: string;
  coverUrl?: string;
  intro?: string;
  lastChapter?: string;
  updateTime?: string;
}

export interface BookGroup {
  key: string;
  title: string;
  author: string;
  hits: SearchHit[];
  sourceCount: number;
  coverUrl?: string;
  intro?: string;
  kind?: string;
  wordCount?: string;
  latestChapter?: { title: string; number?: number; sourceKey: string };
  updatedAt?: number;
}

export interface SourceRef {
  key: string;
  name: string;
}

export interface Source {
  id: number;
  url: string;
  name: string;
  group?: string;
  enabled: boolean;
  weight: number;
  canSearch: boolean;
  health: Record<string, unknown>;
  latencyP50Ms?: number;
}

export interface ImportReport {
  imported: number;
  report: unknown[];
  errors: unknown[];
  warnings: string[];
  sourceUrls: string[];
}

export interface SourceStep {
  step: 'search' | 'info' | 'toc' | 'content';
  ok: boolean;
  ms: number;
  summary: string;
  /** Results, TOC entries or characters found. */
  count?: number;
  error?: { code: string; message: string };
}

export interface SourceTest {
  steps: SourceStep[];
  ok: boolean;
  query: string;
  hits: number;
  elapsedMs: number;
  sample: { name: string; author: string; bookUrl: string }[];
  error?: { code: string; message: string };
}

export interface Boilerplate {
  id: string;
  sourceKey: string;
  skeleton: string;
  example: string;
  place: string;
  status: string;
  support: number;
  hits: number;
}

export interface ReplaceRule {
  id: number;
  name: string;
  group?: string;
  pattern: string;
  replacement: string;
  isRegex: boolean;
  scopeTitle: boolean;
  scopeContent: boolean;
  enabled: boolean;
  timeoutMs: number;
  order: number;
}

export type Registration = 'open' | 'invite' | 'closed';

/** A book of an explore list: a search-style group, with the stored book's id when there is one. */
export interface ExploreCard extends BookGroup {
  bookId?: number;
  /** In a merged section: the book's place in each source's list. */
  ranks?: { sourceKey: string; sourceName: string; rank: number }[];
}

export type ExploreSectionName = 'ranking' | 'newest' | 'updated' | 'completed';

export interface ExploreEntry {
  title: string;
  /** Empty for a header. */
  url: string;
  section?: ExploreSectionName;
}

export interface SourceError {
  code: string;
  message: string;
}

export interface SourceExplore {
  source: SourceRef;
  entries?: ExploreEntry[];
  error?: SourceError;
}

export interface ExploreListPage {
  cards: ExploreCard[];
  next?: number;
}

export interface ExploreSection {
  section: ExploreSectionName;
  cards: ExploreCard[];
  failures: { source: SourceRef; error: SourceError }[];
}

/** A TXT or EPUB the reader uploaded, as imported or split again (`/api/local-books`). */
export interface LocalImport {
  bookId: number;
  title: string;
  author: string;
  format: 'txt' | 'epub';
  encoding?: string;
  rule?: { id: number; name: string };
  chapterCount: number;
  /** The first 200 chapter titles. */
  chapters: string[];
}

/** One of Legado's TXT table-of-contents rules. */
export interface TocRule {
  id: number;
  name: string;
  /** Tried when a TXT is split automatically. */
  enabled: boolean;
}
