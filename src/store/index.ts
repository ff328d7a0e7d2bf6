// The store layer's public door (see DESIGN.md, Layers): repositories over SQLite or PostgreSQL.
// Callers get repositories, never the query builder; dialect differences stay in ./dialect/.

/** Opens the store (SQLite by default, PostgreSQL for a postgres:// URL). */
export { openStore } from './open-store.ts';
export type { Store, StoreOptions } from './open-store.ts';
export type { DialectCapabilities } from './dialect/index.ts';
/** Repository classes, exported for their types (build them through openStore). */
export type { SourceRepository } from './repositories/source-repository.ts';
export type { BookRepository } from './repositories/book-repository.ts';
export type { ListingRepository } from './repositories/listing-repository.ts';
export type { ChapterRepository } from './repositories/chapter-repository.ts';
export type { ContentRepository } from './repositories/content-repository.ts';
export type { UserRepository, SessionRepository } from './repositories/user-repository.ts';
export type { ShelfRepository } from './repositories/shelf-repository.ts';
export type { ShelfGroupRepository } from './repositories/shelf-group-repository.ts';
export type {
  BookmarkInput,
  BookmarkRepository,
  BookmarkRow,
} from './repositories/bookmark-repository.ts';
export type {
  SourceBudgetRepository,
  SourceBudgetRow,
} from './repositories/source-budget-repository.ts';
export type {
  SourceLoginRepository,
  SourceLoginRow,
} from './repositories/source-login-repository.ts';
export type {
  CookieChange,
  CookieJarRepository,
  StoredCookieJar,
} from './repositories/cookie-jar-repository.ts';
export type {
  LocalBookInput,
  LocalBookRepository,
  LocalBookRow,
} from './repositories/local-book-repository.ts';
export { LOCAL_FILES_SOURCE_URL } from './repositories/local-book-repository.ts';
export type { ReplaceRuleRepository } from './repositories/replace-rule-repository.ts';
export type { BoilerplateRepository } from './repositories/boilerplate-repository.ts';
export type { JobRepository } from './repositories/job-repository.ts';
export type { SharedDocumentRepository } from './repositories/shared-document-repository.ts';
export type { CoverRepository } from './repositories/cover-repository.ts';
export type { BookFileRepository } from './repositories/book-file-repository.ts';
/** The values repositories take and return. */
export type {
  BoilerplateRow,
  BoilerplateStatus,
  BookFileFormat,
  BookFileRow,
  BookFileState,
  BookInput,
  BookRow,
  ChapterInput,
  ChapterLinkRow,
  ChapterRow,
  ContentRow,
  CoverRow,
  JobRow,
  JobRowState,
  ListingCheck,
  ListingInput,
  ListingRow,
  ListingView,
  ReplaceRuleInput,
  ReplaceRuleRow,
  RequestKind,
  SessionRow,
  ShelfEntryView,
  ShelfPosition,
  ShelfRow,
  SourceHealth,
  SourceInput,
  SourceRow,
  UserRow,
} from './rows.ts';
/** Copies one store into another (linhai migrate: SQLite into PostgreSQL). */
export { copyStore } from './copy-store.ts';
export type { CopyProgress, CopyReport, CopyStoreOptions } from './copy-store.ts';
