import type { Generated } from 'kysely';

/*
 * The database schema as Kysely sees it. Column names are camelCase here and snake_case in SQL
 * (Kysely's CamelCasePlugin translates). Conventions that hold on both dialects:
 * - timestamps are integers, milliseconds since the epoch (bigint on PostgreSQL, parsed to number);
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - structured values are JSON text.
 */

export interface SourceTable {
  id: Generated<number>;
  url: string;
  name: string;
  groupName: string | null;
  type: number;
  /** The Legado book-source JSON, kept whole so export round-trips. */
  rules: string;
  enabled: number;
  weight: number;
  canSearch: number;
  /** JSON: capability flags computed by the sources layer. */
  capabilities: string;
  /** JSON: `{ [kind]: { ok, err } }` per request kind (search, info, toc, content). */
  health: string;
  /** JSON: the most recent latencies in ms (a short ring), from which p50/p95 are computed. */
  recentLatencies: string;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  breakerState: string;
  createdAt: number;
  updatedAt: number;
}

export interface BookTable {
  id: Generated<number>;
  key: string;
  title: string;
  author: string;
  coverUrl: string | null;
  intro: string | null;
  kind: string | null;
  status: string | null;
  words: number | null;
  latestChapterId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ListingTable {
  id: Generated<number>;
  bookId: number;
  sourceId: number;
  bookUrl: string;
  tocUrl: string | null;
  latestTitle: string | null;
  chapterCount: number;
  probeEtag: string | null;
  probeLastModified: string | null;
  checkedAt: number | null;
  changedAt: number | null;
  nextCheckAt: number | null;
  /** JSON: the chase scheduler's cadence model for this listing. */
  cadence: string | null;
  /** JSON: freshness lag statistics against the other listings of the book. */
  lag: string | null;
  errorCount: number;
  lastError: string | null;
  createdAt: number;
}

export interface ChapterTable {
  id: Generated<number>;
  bookId: number;
  /** Stable key from alignment: survives chapters inserted before it (reading positions use it). */
  key: string;
  ordinal: number;
  title: string;
  normTitle: string | null;
  number: number | null;
  volume: number | null;
  volumeTitle: string | null;
  /** chapter | volume | extra | announcement | unknown, as chapter-title parsing says. */
  kind: string;
  isExtra: number;
  firstSeenAt: number;
  firstListingId: number | null;
}

interface ChapterLinkTable {
  chapterId: number;
  listingId: number;
  url: string;
  position: number;
  firstSeenAt: number;
}

export interface ContentTable {
  chapterId: number;
  sourceId: number;
  text: string;
  hash: string;
  fetchedAt: number;
  /** JSON: quality flags the cleaner reported. */
  quality: string | null;
}

export interface UserTable {
  id: Generated<number>;
  name: string;
  /** The name's comparison form (`userNameKey`), unique; NULL for look-alikes older than it. */
  nameKey: string | null;
  passwordHash: string | null;
  role: string;
  /** JSON: per-user settings (display script, font size…). */
  settings: string;
  createdAt: number;
}

interface SessionTable {
  /** A hash of the session token; the token itself is never stored. */
  id: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
}

export interface ShelfTable {
  userId: number;
  bookId: number;
  addedAt: number;
  chapterKey: string | null;
  /** The title the reader saw: finds the chapter again if its key ever disappears. */
  chapterTitle: string | null;
  anchor: string | null;
  offsetChars: number | null;
  readAt: number | null;
}

export interface ReplaceRuleTable {
  id: Generated<number>;
  name: string;
  groupName: string | null;
  pattern: string;
  replacement: string;
  isRegex: number;
  scope: string | null;
  scopeTitle: number;
  scopeContent: number;
  excludeScope: string | null;
  enabled: number;
  timeoutMs: number;
  sortOrder: number;
}

export interface BoilerplateTable {
  id: string;
  sourceKey: string;
  /** The line with its varying slots replaced, e.g. `一秒记住{网址},精彩无弹窗免费阅读!`. */
  skeleton: string;
  example: string;
  /** head | tail | anywhere */
  place: string;
  /** suggested | accepted | rejected */
  status: string;
  support: number;
  hits: number;
  createdAt: number;
  updatedAt: number;
}

export interface Database {
  source: SourceTable;
  book: BookTable;
  listing: ListingTable;
  chapter: ChapterTable;
  chapterLink: ChapterLinkTable;
  content: ContentTable;
  user: UserTable;
  session: SessionTable;
  shelf: ShelfTable;
  replaceRule: ReplaceRuleTable;
  boilerplate: BoilerplateTable;
  job: JobTable;
  sharedDocument: SharedDocumentTable;
  bookCover: BookCoverTable;
  bookFile: BookFileTable;
  bookmark: BookmarkTable;
  sourceLogin: SourceLoginTable;
  sourceBudget: SourceBudgetTable;
  cookieJar: CookieJarTable;
  cookieJarCookie: CookieJarCookieTable;
  localBook: LocalBookTable;
  shelfGroup: ShelfGroupTable;
  shelfGroupBook: ShelfGroupBookTable;
}

/** A reader's named group of shelved books, in their order (migration 014). */
interface ShelfGroupTable {
  id: Generated<number>;
  userId: number;
  name: string;
  position: number;
  createdAt: number;
}

/** A book in a shelf group; a book may be in several. */
interface ShelfGroupBookTable {
  groupId: number;
  bookId: number;
}

/** A book a reader uploaded (TXT or EPUB): theirs alone, never chased (migration 012). */
export interface LocalBookTable {
  bookId: number;
  userId: number;
  fileName: string;
  /** txt | epub */
  format: string;
  encoding: string | null;
  /** The TXT table-of-contents rule that split it (Legado's serialNumber); null: none fit. */
  ruleId: number | null;
  /** The TXT's decoded text, for a re-split with another rule; null for an EPUB. */
  text: string | null;
  createdAt: number;
}

/** A user's login for a source: the loginUi fields, sealed with the instance key (migration 010). */
interface SourceLoginTable {
  userId: number;
  sourceUrl: string;
  sealed: string;
  updatedAt: number;
}

/** A cookie jar shared by every process; its version moves on each change (migration 015). */
interface CookieJarTable {
  jarKey: string;
  version: number;
  updatedAt: number;
}

/** One cookie of a jar, serialised by the network layer (migration 015). */
interface CookieJarCookieTable {
  jarKey: string;
  cookieKey: string;
  cookie: string;
  expiresAt: number | null;
}

/** An administrator's raised politeness budget for a source (migration 013). */
interface SourceBudgetTable {
  sourceUrl: string;
  concurrency: number | null;
  minIntervalMs: number | null;
  updatedAt: number;
}

/** A reader's bookmark: a place in a book (as a position keeps it) and an optional note. */
export interface BookmarkTable {
  id: Generated<number>;
  userId: number;
  bookId: number;
  chapterKey: string;
  chapterTitle: string;
  anchor: string;
  offsetChars: number;
  /** The start of the marked paragraph, as the list shows it. */
  excerpt: string;
  note: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The cover cache: one row per book, the image or the failure of its last fetch. */
export interface BookCoverTable {
  bookId: number;
  sourceUrl: string;
  contentType: string | null;
  bytes: Uint8Array | null;
  fetchedAt: number;
  failure: string | null;
  retryAt: number | null;
}

/** Whole-book files (EPUB, TXT): one row per book and format, with its build's progress. */
export interface BookFileTable {
  bookId: number;
  format: string;
  /** The TOC length the file is (being) built from. */
  chapters: number;
  state: string;
  doneChapters: number;
  bytes: Uint8Array | null;
  size: number | null;
  digest: string | null;
  fileName: string;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Small JSON documents shared by every process (instance settings, e-reader credentials). */
interface SharedDocumentTable {
  name: string;
  /** JSON. */
  value: string;
  updatedAt: number;
}

/** The embedded job queue (src/jobs). */
export interface JobTable {
  id: Generated<number>;
  type: string;
  key: string;
  /** JSON payload. */
  payload: string;
  state: string;
  priority: number;
  runAt: number;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}
