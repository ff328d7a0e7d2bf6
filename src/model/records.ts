/*
 * Record and value types more than one layer speaks of (issue 24: they were declared two or three
 * times, in the store's rows, the library's and the server's ports and the jobs' types, and had
 * begun to drift). Types, and the few lists of literal values a type is derived from (the server
 * builds its request schemas from the same lists): importing them costs nothing at run time.
 */

/** What a request to a source was for (health figures are kept per kind). */
export type RequestKind = 'search' | 'info' | 'toc' | 'content' | 'explore';

/** The formats a whole book is built in (EPUB 3, plain text). */
export const bookFileFormats = ['epub', 'txt'] as const;
export type BookFileFormat = (typeof bookFileFormats)[number];

/** The formats a reader's own book is imported from: the two Linhai also writes. */
export type LocalBookFormat = BookFileFormat;

/** A book a reader uploaded (TXT, EPUB): theirs alone, never chased. */
export interface LocalBookRecord {
  readonly bookId: number;
  readonly userId: number;
  readonly fileName: string;
  readonly format: LocalBookFormat;
  readonly encoding: string | undefined;
  /** The TXT table-of-contents rule that split it; undefined when none fit (fixed-size parts). */
  readonly ruleId: number | undefined;
  readonly createdAt: number;
}

export type BookFileState = 'building' | 'done' | 'failed';

/**
 * A whole-book file as its status: `chapters` is the TOC length it is (being) built from,
 * `doneChapters` how many of them are written so far; `size` and `digest` (SHA-256, hex) once
 * `done`; `error` the message of a `failed` build.
 */
export interface BookFileRecord {
  readonly bookId: number;
  readonly format: BookFileFormat;
  readonly chapters: number;
  readonly state: BookFileState;
  readonly doneChapters: number;
  readonly fileName: string;
  readonly size: number | undefined;
  readonly digest: string | undefined;
  readonly error: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * A book's cached cover: either the image (`image`) or the failure of the last fetch (`failed`,
 * not to be fetched again before `retryAt`). `sourceUrl` is the cover URL it was fetched from, so
 * a book whose cover URL changed fetches the new one.
 */
export type CoverRecord =
  | {
      readonly bookId: number;
      readonly sourceUrl: string;
      readonly state: 'image';
      readonly contentType: string;
      readonly bytes: Uint8Array;
      readonly fetchedAt: number;
    }
  | {
      readonly bookId: number;
      readonly sourceUrl: string;
      readonly state: 'failed';
      readonly failure: string;
      readonly fetchedAt: number;
      readonly retryAt: number;
    };

/** How a shelf can be ordered; the reader's choice is kept in their settings (`shelfSort`). */
export const shelfSorts = ['read', 'updated', 'title'] as const;
export type ShelfSort = (typeof shelfSorts)[number];

/** A learned boilerplate line's review state: an administrator accepts or rejects a suggestion. */
export const boilerplateStatuses = ['suggested', 'accepted', 'rejected'] as const;
export type BoilerplateStatus = (typeof boilerplateStatuses)[number];

/** A learned boilerplate line (the cleaner's `BoilerplatePattern` has the same shape). */
export interface BoilerplateRecord {
  readonly id: string;
  readonly sourceKey: string;
  readonly skeleton: string;
  readonly example: string;
  readonly place: 'head' | 'tail' | 'anywhere';
  readonly status: BoilerplateStatus;
  readonly support: number;
  readonly hits: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A reader's replace rule as stored (Legado's fields; applied at display time). */
export interface ReplaceRuleFields {
  readonly name: string;
  readonly group: string | undefined;
  readonly pattern: string;
  readonly replacement: string;
  readonly isRegex: boolean;
  readonly scope: string | undefined;
  readonly scopeTitle: boolean;
  readonly scopeContent: boolean;
  readonly excludeScope: string | undefined;
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly order: number;
}

export interface ReplaceRuleRecord extends ReplaceRuleFields {
  readonly id: number;
}

/** A queued job's state: dead jobs used up their attempts (dead-lettered). */
export type JobState = 'waiting' | 'active' | 'completed' | 'dead';

/** A queued job as the queue reports it, whichever queue holds it. */
export interface JobRecord<P = unknown> {
  readonly id: string;
  readonly type: string;
  readonly key: string;
  readonly payload: P;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  readonly lastError: string | undefined;
  readonly createdAt: number;
  readonly finishedAt: number | undefined;
}

/** A reader's shelf group: a name, its place in their order, and the shelved books in it. */
export interface ShelfGroupRecord {
  readonly id: number;
  readonly name: string;
  readonly position: number;
  readonly bookIds: number[];
}

/** A reader's bookmark: a place in a book (as a position keeps it), its excerpt and note. */
export interface BookmarkRecord {
  readonly id: number;
  readonly bookId: number;
  readonly chapterKey: string;
  readonly chapterTitle: string;
  readonly anchor: string;
  readonly offsetChars: number;
  readonly excerpt: string;
  readonly note: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A book: the work itself, keyed by normalised title + author. */
export interface BookRecord {
  readonly id: number;
  readonly key: string;
  readonly title: string;
  readonly author: string;
  readonly coverUrl: string | undefined;
  readonly intro: string | undefined;
  readonly kind: string | undefined;
  readonly status: string | undefined;
  readonly words: number | undefined;
  readonly latestChapterId: number | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface BookFields {
  readonly key: string;
  readonly title: string;
  readonly author: string;
  readonly coverUrl?: string | undefined;
  readonly intro?: string | undefined;
  readonly kind?: string | undefined;
  readonly status?: string | undefined;
  readonly words?: number | undefined;
}

/** One book as one source presents it (a listing), as stored. */
export interface StoredListing {
  readonly id: number;
  readonly bookId: number;
  readonly sourceId: number;
  readonly bookUrl: string;
  readonly tocUrl: string | undefined;
  readonly latestTitle: string | undefined;
  readonly chapterCount: number;
  readonly probeEtag: string | undefined;
  readonly probeLastModified: string | undefined;
  readonly checkedAt: number | undefined;
  readonly changedAt: number | undefined;
  readonly nextCheckAt: number | undefined;
  readonly cadence: unknown;
  readonly lag: unknown;
  readonly errorCount: number;
  readonly lastError: string | undefined;
  readonly createdAt: number;
}

/** A listing with the facts of its source that ranking and fetching need. */
export interface ListingRecord extends StoredListing {
  readonly sourceUrl: string;
  readonly sourceName: string;
  readonly sourceEnabled: boolean;
  readonly sourceLatencyP50Ms: number | undefined;
  readonly sourceBreakerState: string;
}

export interface ChapterLinkRecord {
  readonly listingId: number;
  readonly url: string;
  readonly position: number;
  readonly firstSeenAt: number;
}

/** An entry of a book's canonical table of contents with the listings' links to it. */
export interface ChapterRecord {
  readonly id: number;
  readonly bookId: number;
  readonly key: string;
  readonly ordinal: number;
  readonly title: string;
  readonly normTitle: string | undefined;
  readonly number: number | undefined;
  readonly volume: number | undefined;
  readonly volumeTitle: string | undefined;
  readonly kind: string;
  readonly isExtra: boolean;
  readonly firstSeenAt: number;
  readonly firstListingId: number | undefined;
  readonly links: readonly ChapterLinkRecord[];
}

export interface ChapterFields {
  readonly key: string;
  readonly ordinal: number;
  readonly title: string;
  readonly normTitle?: string | undefined;
  readonly number?: number | undefined;
  readonly volume?: number | undefined;
  readonly volumeTitle?: string | undefined;
  readonly kind?: string | undefined;
  readonly isExtra?: boolean | undefined;
  readonly firstSeenAt: number;
  readonly firstListingId?: number | undefined;
  readonly links: readonly ChapterLinkRecord[];
}

/** A chapter's cached text from one source; `quality` says when it stopped short. */
export interface ContentRecord {
  readonly chapterId: number;
  readonly sourceId: number;
  readonly text: string;
  readonly hash: string;
  readonly fetchedAt: number;
  /** Quality flags; `incomplete` when a later page failed (the copy is retried, not final). */
  readonly quality?: unknown;
}

export interface UserRecord {
  readonly id: number;
  readonly name: string;
  readonly passwordHash: string | undefined;
  readonly role: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

/** A reading position: chapter, anchor text and offset, never a bare index. */
export interface PositionRecord {
  readonly chapterKey: string;
  readonly chapterTitle: string | undefined;
  readonly anchor: string;
  readonly offsetChars: number;
  readonly readAt: number;
}
