// The library layer's public door (see DESIGN.md, Layers): use cases over the ports it declares.

/** The ports: what the composition root passes in (store repositories, source gateway, cleaner). */
export type {
  BookFields,
  BookRecord,
  ChapterCleaner,
  ChapterFields,
  ChapterLinkRecord,
  ChapterRecord,
  CleanVerdict,
  ContentRecord,
  BookFileFormat,
  BookFileRecord,
  CoverRecord,
  LibraryDeps,
  LibraryStore,
  LocalBookRecord,
  ListingRecord,
  PositionRecord,
  BookmarkRecord,
  RequestKind,
  ShelfEntryRecord,
  SourceBook,
  SourceChapterContent,
  SourceGateway,
  SourceImage,
  SourceRecord,
  SourceRef,
  SourceTocEntry,
  UserRecord,
} from './ports.ts';

/** Search fan-out: every searchable source at once, results streamed as they arrive. */
export { searchBooks } from './search-books.ts';
export { withDeadline } from './with-deadline.ts';
/** Failed-login limits (per address, per name): the sign-in policy the server's routes run. */
export { MemoryFailureLimiter, limitedLogin } from './login-limits.ts';
export type { FailureLimiter, LoginLimits, RateLimit } from './login-limits.ts';
/** An administrator's step-by-step test of one source (CLI and server). */
export { testSource } from './test-source.ts';
export type { SourceTestRun, SourceTestStep } from './test-source.ts';
export { searchWithHealth, healthScore } from './search-with-health.ts';
export type { SearchError, SearchEvent, SearchOptions } from './search-books.ts';
export { createSearchMerger, compareGroups, matchQuality } from './search-merge/index.ts';
export type {
  BookGroup,
  MatchKind,
  RankParts,
  SearchHit,
  SearchMerger,
  SearchMergerOptions,
} from './search-merge/index.ts';

/** Discover: sources' explore lists, merged home sections, cached. */
export {
  Explorer,
  EXPLORE_ENTRIES_TTL_MS,
  EXPLORE_PAGE_TTL_MS,
  exploreSections,
  sectionOf,
} from './explore/index.ts';
export type {
  ExploreCard,
  ExploreEntry,
  ExplorePage,
  ExploreSection,
  ExplorerOptions,
  MergedSection,
  SectionRank,
  SourceExplore,
} from './explore/index.ts';

/** Books and their source pools. */
export { addBook, linkListings } from './add-book.ts';
export { bookAtUrl, searchRanked } from './book-at-url.ts';
export { searchedGroup } from './searched-group.ts';
export type { AddBookResult, ListingOutcome } from './add-book.ts';
export { findMoreSources } from './find-more-sources.ts';
export { forgetPreviews, previewBook, PREVIEW_KEEP_MS } from './preview-book.ts';
export type { PreviewResult } from './preview-book.ts';
export type { FindMoreSourcesResult } from './find-more-sources.ts';
export { refreshToc, mapLimited } from './refresh-toc.ts';
export type { NewChapter, RefreshTocOptions, RefreshTocResult, TocOutcome } from './refresh-toc.ts';

/** What the book pages show: a book with its source pool, its TOC, the stored books. */
export { viewBook, viewToc, listBooks } from './view-book.ts';
export { publicBook, publicBooks, publicChapter } from './public-reading.ts';
export type { PublicChapter, PublicList, PublicScope } from './public-reading.ts';
export type { BookView, PoolMember, TocItem } from './view-book.ts';

/** Covers: fetched once through a source, checked, kept in the store, served by Linhai. */
export {
  bookCover,
  imageType,
  COVER_MAX_BYTES,
  COVER_RETRY_MS,
  COVER_TRANSIENT_RETRY_MS,
} from './book-cover.ts';
export type { BookCover, CoverType } from './book-cover.ts';

/** Reading: cache, best listing, fallback, cleaner. */
export { readChapter, rankListings, INCOMPLETE_RETRY_MS } from './read-chapter.ts';
export { choosePreferredSource, listChapterSources } from './switch-source.ts';
export {
  addBookmark,
  listBookmarks,
  removeBookmark,
  setBookmarkNote,
  BOOKMARK_NOTE_MAX,
} from './bookmarks.ts';
export type { BookmarkPlace } from './bookmarks.ts';
export { searchInBook } from './search-in-book.ts';
export type { BookSearchHit, BookSearchResult } from './search-in-book.ts';
export type { ChapterSource } from './switch-source.ts';
export type { ReadAttempt, ReadChapterOptions, ReadChapterResult } from './read-chapter.ts';
export { downloadChapters } from './download-chapters.ts';
export type { DownloadChaptersOptions, DownloadedChapter } from './download-chapters.ts';
export type { ChapterGap } from './ports.ts';

/** Users, shelves and reading positions. */
export { createUser, verifyUser, hashPassword, checkPassword } from './create-user.ts';
export { startSession, resolveSession, endSession } from './user-sessions.ts';
export { updateUserSettings } from './user-settings.ts';
export type { UserSettings } from './user-settings.ts';
export type { StartedSession } from './user-sessions.ts';
export { addToShelf, removeFromShelf, listShelf, shelfSorts } from './manage-shelf.ts';
export type { ShelfListing, ShelfSort } from './manage-shelf.ts';
export {
  createShelfGroup,
  deleteShelfGroup,
  listShelfGroups,
  renameShelfGroup,
  reorderShelfGroups,
  setBookGroups,
  shelfGroupNamed,
} from './shelf-groups.ts';
export { savePosition, getPosition } from './reading-position.ts';
export type { ReadingPosition, ResolvedPosition } from './reading-position.ts';

/** Normalisation and chapter alignment (pure functions). */
export {
  bookKey,
  normalizeTitle,
  normalizeAuthor,
  normalizeChapterTitle,
  parseChapterTitle,
  parseChineseNumber,
  toChineseNumeral,
} from './normalize/index.ts';
export type { ChapterKind, ParsedChapterTitle } from './normalize/index.ts';
export { alignTocs, alignAll, resolvePosition } from './align/index.ts';
export type {
  AlignResult,
  CanonicalChapter,
  ChapterLink,
  IncomingToc,
  ReadingAnchor,
} from './align/index.ts';

/** The cleaner (chapter text without ads, boilerplate or bad pages). */
export {
  createCleaner,
  importReplaceRules,
  judgePage,
  htmlToParagraphs,
  toScript,
  badContentError,
  MemoryBoilerplateStore,
} from './cleaner/index.ts';
/** A replace rule from Legado's JSON in the fields the store keeps. */
export { replaceRuleFields } from './replace-rule-fields.ts';
export type {
  Cleaner,
  CleanerOptions,
  CleanInput,
  CleanResult,
  BoilerplatePattern,
  BoilerplateStore,
  RegexEngine,
  CompiledRegex,
  ReplaceRule,
  ScriptVariant,
  Verdict,
} from './cleaner/index.ts';

/**
 * The chase: when to check which listing (adaptive, within per-host budgets), one check (probe,
 * TOC, verified new chapters) and the runner that plans them.
 */
export {
  ChaseScheduler,
  ChaseRunner,
  checkListing,
  readersNearEnd,
  learnPublishingModel,
  intensityPerHour,
  planNextCheck,
} from './chase/index.ts';
export type {
  ChaseBudget,
  ChaseCheckOptions,
  ChaseCheckResult,
  ChaseRunnerOptions,
  ChaseSchedulerOptions,
  CheckOutcome,
  CheckResult,
  DueCheck,
  ListingChaseReport,
  ListingChaseView,
  PlannedCheck,
  PublishingModel,
} from './chase/index.ts';

/** Local books: a reader's own TXT or EPUB, split into chapters, private to them. */
export {
  importLocalBook,
  resplitLocalBook,
  ownLocalBook,
  assertBookVisible,
  parseLocalFile,
  splitTxt,
  txtTocRules,
  decodeText,
  readEpub,
} from './local-books/index.ts';
export type { ImportProgress, LocalImportResult, TxtTocRule } from './local-books/index.ts';

/** Moving in from Legado: its backup zip (import, export) and its WebDAV progress files. */
export {
  importLegadoBackup,
  exportLegadoBackup,
  applyLegadoProgress,
  legadoProgressOf,
  readLegadoProgress,
  BACKUP_ZIP_MAX_BYTES,
} from './legado/index.ts';
export type {
  LegadoImportItem,
  LegadoImportPorts,
  LegadoImportProgress,
  LegadoImportReport,
  LegadoExportPorts,
  LegadoBookProgress,
} from './legado/index.ts';
