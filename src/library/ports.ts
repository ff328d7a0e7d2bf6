/*
 * What the library's use cases need from the outside, in the library's own terms (DESIGN.md
 * "Ports and wiring"). The composition root passes objects that match structurally: the store's
 * repositories (`#store`), a gateway over the per-source driver (`#sources` + `#net`), the cleaner.
 */
import type {
  BookFields,
  BookFileFormat,
  BookFileRecord,
  BookRecord,
  BookmarkRecord,
  ShelfGroupRecord,
  ChapterFields,
  ChapterRecord,
  Clock,
  ContentRecord,
  CoverRecord,
  ListingRecord,
  LocalBookRecord,
  PositionRecord,
  RequestKind,
  UserRecord,
} from '#model';
// Records the store, the server and the jobs speak of too: declared once in #model (issue 24).
export type {
  BookFields,
  BookFileFormat,
  BookFileRecord,
  BookRecord,
  BookmarkRecord,
  ShelfGroupRecord,
  ChapterFields,
  ChapterLinkRecord,
  ChapterRecord,
  ContentRecord,
  CoverRecord,
  ListingRecord,
  LocalBookFormat,
  LocalBookRecord,
  PositionRecord,
  RequestKind,
  UserRecord,
} from '#model';
import type { BookNorm } from './cleaner/index.ts';

// ---------------------------------------------------------------- sources (through the driver)

/** A source that can be asked: its key is the Legado `bookSourceUrl`. */
export interface SourceRef {
  readonly key: string;
  readonly name: string;
}

/** One search result or book-detail page as a source presents it. Empty strings mean unknown. */
export interface SourceBook {
  readonly name: string;
  readonly author: string;
  readonly bookUrl: string;
  readonly coverUrl?: string;
  readonly intro?: string;
  readonly kind?: string;
  /** Title of the latest chapter as the site shows it. */
  readonly lastChapter?: string;
  /** As the site prints it: "123万字", "1234567". */
  readonly wordCount?: string;
  /** As the site prints it: "2025-06-01 12:00", "3天前", "06-01". */
  readonly updateTime?: string;
  readonly tocUrl?: string;
}

export interface SourceTocEntry {
  readonly title: string;
  readonly url: string;
  /** A volume heading, not a chapter. */
  readonly isVolume?: boolean;
}

export interface SourceChapterContent {
  /** The chapter as the source rule returned it: HTML, or text with one paragraph a line. */
  readonly text: string;
  /** A later page of the chapter failed: `text` is the pages before it (see ChapterGap). */
  readonly incomplete?: ChapterGap;
}

/** Where a chapter stops short: the page that failed, and why. */
export interface ChapterGap {
  readonly url: string;
  readonly message: string;
}

/**
 * The sources as the library sees them. Every call takes an AbortSignal and should stop when it
 * fires; the library also stops waiting by itself, so a call that ignores the signal still
 * cannot delay anything.
 */
export interface SourceGateway {
  /** Enabled sources that can search, in the order to ask them. */
  searchableSources(): Promise<readonly SourceRef[]>;
  search(sourceKey: string, query: string, signal: AbortSignal): Promise<readonly SourceBook[]>;
  /** The word a source's test searches for (Legado's `ruleSearch.checkKeyWord`), if it names one. */
  checkKeyword?(sourceKey: string): Promise<string | undefined>;
  /**
   * With `requireName`, a page on which the name rule finds nothing fails (rule-error naming the
   * source, URL and rule) instead of giving a book without a name.
   */
  bookInfo(
    sourceKey: string,
    book: { bookUrl: string; requireName?: boolean },
    signal: AbortSignal,
  ): Promise<SourceBook>;
  /** `onBookInfo` gets the book page read on the way (Legado reads it before the TOC), if any. */
  toc(
    sourceKey: string,
    listing: { bookUrl: string; tocUrl?: string },
    signal: AbortSignal,
    onBookInfo?: (book: SourceBook) => void,
    /** A later TOC page failed: the entries are those of the pages before it. */
    onIncomplete?: (gap: ChapterGap) => void,
  ): Promise<readonly SourceTocEntry[]>;
  /**
   * `nextUrl` is the listing's next chapter (a paged chapter stops before it); `bookUrl` is the
   * listing's book page.
   */
  content(
    sourceKey: string,
    chapter: {
      url: string;
      title: string;
      nextUrl?: string;
      bookUrl?: string;
      /** The book's name and author: content rules read `book.name` (e.g. to cut it out). */
      bookName?: string;
      bookAuthor?: string;
      /** The reader this read is for: a source they logged in to is read with their login. */
      forUser?: number;
    },
    signal: AbortSignal,
  ): Promise<SourceChapterContent>;
  /** Enabled sources with explore lists (`exploreUrl`), in the order to show them. */
  explorableSources?(): Promise<readonly SourceRef[]>;
  /** The source's explore entries (the `@js:` form evaluated); `url` is empty for a header. */
  exploreKinds?(
    sourceKey: string,
    signal: AbortSignal,
  ): Promise<ReadonlyArray<{ readonly title: string; readonly url: string }>>;
  /** One page (1-based) of an explore list, with the source's own paging. */
  explore?(
    sourceKey: string,
    url: string,
    page: number,
    signal: AbortSignal,
  ): Promise<readonly SourceBook[]>;
  /**
   * An image of the source's site (a book's cover), fetched like its pages (headers, politeness,
   * network guard); a body over `maxBytes` fails with `net-too-large`. Without it, no covers.
   */
  image?(
    sourceKey: string,
    url: string,
    options: { maxBytes: number },
    signal: AbortSignal,
  ): Promise<SourceImage>;
}

/** An image as the site sent it; the library checks what it really is. */
export interface SourceImage {
  /** The Content-Type the site claimed ('' when none); only informative. */
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

// ---------------------------------------------------------------- cleaner hook

export type CleanVerdict = 'ok' | { readonly bad: string; readonly reason: string };

/** The cleaner as reading uses it (`createCleaner` of ./cleaner matches). */
export interface ChapterCleaner {
  clean(input: {
    sourceKey: string;
    bookKey: string;
    bookTitle?: string;
    author?: string;
    chapterTitle?: string;
    chapterKey?: string;
    content: string;
    otherSourceCopy?: readonly string[];
    /** Cached neighbours: a page that repeats the previous chapter is a bad page. */
    neighbours?: { previous?: readonly string[] };
    /** The book's usual chapter length, from cached chapters: a much shorter page is truncated. */
    bookNorm?: BookNorm;
  }): Promise<{ readonly paragraphs: readonly string[]; readonly verdict: CleanVerdict }>;
  /** A cached copy with the source's patterns learned since `cleanedAt` applied; undefined when
   *  none is newer (`Cleaner.recheck`). */
  recheck?(input: {
    sourceKey: string;
    bookKey: string;
    bookTitle?: string;
    author?: string;
    chapterTitle?: string;
    paragraphs: readonly string[];
    cleanedAt: number;
  }): Promise<{ readonly paragraphs: readonly string[] } | undefined>;
}

// ---------------------------------------------------------------- store (repositories)

export interface SourceRecord {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  readonly enabled: boolean;
  /** Request outcomes per kind (search, info, toc, content). */
  readonly health: Readonly<Partial<Record<string, { readonly ok: number; readonly err: number }>>>;
  readonly latencyP50Ms: number | undefined;
}

/** A listing as the chase loads it: with its saved chase state and how many readers follow it. */
export interface ChasedListingRecord extends ListingRecord {
  readonly followers: number;
  /** The chase's saved state (JSON, see chase/saved-state.ts); undefined before the first check. */
  readonly cadence: unknown;
}

export interface ShelfEntryRecord {
  readonly bookId: number;
  readonly bookKey: string;
  readonly title: string;
  readonly author: string;
  readonly coverUrl: string | undefined;
  readonly addedAt: number;
  readonly position: PositionRecord | undefined;
  readonly chapterCount: number;
  readonly unreadCount: number;
  readonly latestChapterTitle: string | undefined;
  /** When the newest of its chapters was first seen ("sort by latest update"). */
  readonly latestChapterAt: number | undefined;
}

/** The repositories the use cases read and write (`openStore()` from #store matches). */
export interface LibraryStore {
  readonly sources: {
    getByUrl(url: string): Promise<SourceRecord | undefined>;
    list(filter?: { enabledOnly?: boolean; searchableOnly?: boolean }): Promise<SourceRecord[]>;
    recordOutcome(
      id: number,
      outcome: { kind: RequestKind; ok: boolean; latencyMs?: number; error?: string },
    ): Promise<void>;
  };
  readonly books: {
    upsert(fields: BookFields): Promise<BookRecord>;
    get(id: number): Promise<BookRecord | undefined>;
    getByKey(key: string): Promise<BookRecord | undefined>;
    /** Most recent first, by the latest chapter's time (`updated`) or by when added (`created`). */
    list(page?: {
      limit?: number;
      offset?: number;
      order?: 'updated' | 'created';
      /** Only books that one of these sources lists. */
      fromSources?: readonly number[];
    }): Promise<BookRecord[]>;
    /** Books on the most shelves first; `notOnShelfOf` leaves out that reader's books. */
    mostKept(options: {
      limit: number;
      offset?: number;
      notOnShelfOf?: number;
      fromSources?: readonly number[];
    }): Promise<BookRecord[]>;
    /** Books the readers who share a book with `userId` keep, most such readers first. */
    keptWith(userId: number, options: { limit: number }): Promise<BookRecord[]>;
    setLatestChapter(id: number, chapterId: number | undefined): Promise<void>;
    /** Deletes books on no shelf added and last updated before `before`; how many. */
    forgetUnkept?(before: number): Promise<number>;
  };
  readonly listings: {
    upsert(fields: {
      bookId: number;
      sourceId: number;
      bookUrl: string;
      tocUrl?: string | undefined;
      latestTitle?: string | undefined;
    }): Promise<{ id: number }>;
    listByBook(bookId: number): Promise<ListingRecord[]>;
    get(id: number): Promise<ListingRecord | undefined>;
    /** Listings of books on at least one shelf, with their chase state: what the chase watches. */
    listFollowed(): Promise<Array<ChasedListingRecord>>;
    saveChaseState(
      id: number,
      state: { nextCheckAt: number; cadence: unknown; lag: unknown },
    ): Promise<void>;
    recordCheck(
      id: number,
      check: {
        checkedAt: number;
        changedAt?: number | undefined;
        latestTitle?: string | undefined;
        chapterCount?: number | undefined;
      },
    ): Promise<void>;
    recordError(id: number, message: string): Promise<void>;
    /** Writes the listing's chase view (`lag`) alone (a reader's choice of preferred source). */
    saveLag(id: number, lag: unknown): Promise<void>;
  };
  readonly chapters: {
    listByBook(bookId: number): Promise<ChapterRecord[]>;
    getByKey(bookId: number, key: string): Promise<ChapterRecord | undefined>;
    getByOrdinal(bookId: number, ordinal: number): Promise<ChapterRecord | undefined>;
    /** With `basedOn`, fails with a `conflict` error when the stored TOC is no longer that one. */
    saveToc(
      bookId: number,
      chapters: readonly ChapterFields[],
      options?: { basedOn?: readonly ChapterRecord[] },
    ): Promise<ChapterRecord[]>;
  };
  readonly contents: {
    get(chapterId: number, sourceId?: number): Promise<ContentRecord | undefined>;
    listForChapter(chapterId: number): Promise<ContentRecord[]>;
    /** The newest copy of each chapter with an ordinal in [from, to], the highest ordinal first. */
    latestInOrdinalRange(
      bookId: number,
      fromOrdinal: number,
      toOrdinal: number,
    ): Promise<Array<ContentRecord & { readonly ordinal: number }>>;
    put(content: ContentRecord & { quality?: unknown }): Promise<void>;
  };
  /** The cover cache: one row per book. */
  readonly covers: {
    get(bookId: number): Promise<CoverRecord | undefined>;
    put(cover: CoverRecord): Promise<void>;
    /** The content type of each of `bookIds` whose cover is cached (no bytes read). */
    types(bookIds: readonly number[]): Promise<Map<number, string>>;
  };
  /** Whole-book files (EPUB, TXT) and the progress of their builds: one row per book and format. */
  readonly bookFiles: {
    get(bookId: number, format: BookFileFormat): Promise<BookFileRecord | undefined>;
    read(
      bookId: number,
      format: BookFileFormat,
    ): Promise<(BookFileRecord & { readonly bytes: Uint8Array }) | undefined>;
    start(input: {
      bookId: number;
      format: BookFileFormat;
      chapters: number;
      fileName: string;
    }): Promise<void>;
    progress(bookId: number, format: BookFileFormat, doneChapters: number): Promise<void>;
    finish(input: {
      bookId: number;
      format: BookFileFormat;
      chapters: number;
      fileName: string;
      bytes: Uint8Array;
    }): Promise<BookFileRecord>;
    fail(bookId: number, format: BookFileFormat, error: string): Promise<void>;
  };
  readonly users: {
    create(input: { name: string; passwordHash?: string; role?: string }): Promise<UserRecord>;
    get(id: number): Promise<UserRecord | undefined>;
    getByName(name: string): Promise<UserRecord | undefined>;
    updateSettings(id: number, settings: Readonly<Record<string, unknown>>): Promise<void>;
  };
  readonly sessions: {
    create(session: { id: string; userId: number; expiresAt: number }): Promise<unknown>;
    get(id: string, now: number): Promise<{ userId: number; expiresAt: number } | undefined>;
    remove(id: string): Promise<void>;
  };
  readonly shelves: {
    add(userId: number, bookId: number, addedAt: number): Promise<void>;
    remove(userId: number, bookId: number): Promise<void>;
    get(
      userId: number,
      bookId: number,
    ): Promise<{ position: PositionRecord | undefined } | undefined>;
    list(userId: number): Promise<ShelfEntryRecord[]>;
    savePosition(userId: number, bookId: number, position: PositionRecord): Promise<void>;
    /** Users who keep the book on their shelf. */
    followers(bookId: number): Promise<number[]>;
  };
  /** A reader's shelf groups; every call is scoped by the user, so ids not theirs do nothing. */
  readonly shelfGroups: {
    list(userId: number): Promise<ShelfGroupRecord[]>;
    /** undefined when the user has a group of that name. */
    create(userId: number, name: string, createdAt: number): Promise<ShelfGroupRecord | undefined>;
    rename(userId: number, id: number, name: string): Promise<'renamed' | 'missing' | 'taken'>;
    remove(userId: number, id: number): Promise<boolean>;
    reorder(userId: number, ids: readonly number[]): Promise<void>;
    /** Returns the group ids kept (the user's own). */
    setBookGroups(userId: number, bookId: number, groupIds: readonly number[]): Promise<number[]>;
    addBook(userId: number, groupId: number, bookId: number): Promise<boolean>;
  };
  readonly bookmarks: {
    add(
      input: Omit<BookmarkRecord, 'id' | 'updatedAt'> & { readonly userId: number },
    ): Promise<BookmarkRecord>;
    listByBook(userId: number, bookId: number): Promise<BookmarkRecord[]>;
    setNote(
      userId: number,
      id: number,
      note: string | undefined,
      at: number,
    ): Promise<BookmarkRecord | undefined>;
    remove(userId: number, id: number): Promise<boolean>;
  };
  /** Local books: the mark that makes an uploaded book its reader's own. */
  readonly localBooks: {
    /** The source id local books' text is cached under (their `content` rows need one). */
    sourceId(): Promise<number>;
    put(
      input: Omit<LocalBookRecord, 'createdAt'> & { readonly text?: string | undefined },
    ): Promise<void>;
    get(bookId: number): Promise<LocalBookRecord | undefined>;
    /** The TXT's decoded text, kept for a re-split. */
    text(bookId: number): Promise<string | undefined>;
    /** Which of `bookIds` are local books, with their owners' ids. */
    owners(bookIds: readonly number[]): Promise<Map<number, number>>;
    listByUser(userId: number): Promise<LocalBookRecord[]>;
  };
}

/** Everything a use case may be given. Each use case names the parts it uses. */
export interface LibraryDeps {
  readonly store: LibraryStore;
  readonly gateway: SourceGateway;
  readonly clock: Clock;
  readonly cleaner?: ChapterCleaner;
}
