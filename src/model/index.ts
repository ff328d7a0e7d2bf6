export { LinhaiError, isLinhaiError, errorCodes } from './errors.ts';
export { asServiceUnavailable } from './service-unavailable.ts';
export type { ErrorCode, LinhaiErrorOptions } from './errors.ts';
export { systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { seededRandom } from './seeded-random.ts';
export { userNameKey } from './user-name.ts';
/** Records and value types more than one layer speaks of, and the literal lists they come from. */
export { bookFileFormats, boilerplateStatuses, shelfSorts } from './records.ts';
export type {
  BoilerplateRecord,
  BoilerplateStatus,
  ShelfSort,
  BookFields,
  BookRecord,
  ChapterFields,
  ChapterLinkRecord,
  ChapterRecord,
  ContentRecord,
  ListingRecord,
  PositionRecord,
  StoredListing,
  UserRecord,
  BookFileFormat,
  LocalBookFormat,
  LocalBookRecord,
  BookFileRecord,
  BookFileState,
  BookmarkRecord,
  ShelfGroupRecord,
  CoverRecord,
  JobRecord,
  JobState,
  ReplaceRuleFields,
  ReplaceRuleRecord,
  RequestKind,
} from './records.ts';
export { lazyRequire } from './lazy-require.ts';
