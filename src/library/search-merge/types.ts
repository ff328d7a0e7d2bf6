/** One search result from one source, as the source driver returns it (Legado's SearchBook). */
export interface SearchHit {
  /** The source's key (its `bookSourceUrl`). */
  readonly sourceKey: string;
  readonly sourceName: string;
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
}

/** How well a book matches the query, best first. */
export type MatchKind = 'exact' | 'prefix' | 'contains' | 'fuzzy' | 'none';

/** The parts of a book group's rank, each 0..1, and their weighted sum. */
export interface RankParts {
  readonly match: number;
  readonly sources: number;
  readonly freshness: number;
  readonly health: number;
  readonly score: number;
}

/** Hits from many sources that are the same book (same normalised title and author). */
export interface BookGroup {
  readonly key: string;
  /** Display title and author: from the first hit that arrived. */
  readonly title: string;
  readonly author: string;
  /** One hit per source and book URL, in arrival order. */
  readonly hits: readonly SearchHit[];
  /** Distinct sources carrying the book. */
  readonly sourceCount: number;
  readonly coverUrl?: string;
  readonly intro?: string;
  readonly kind?: string;
  readonly wordCount?: string;
  /** The most advanced latest chapter any source shows (by chapter number, then update time). */
  readonly latestChapter?: {
    readonly title: string;
    readonly number?: number;
    readonly sourceKey: string;
  };
  /** The most recent parsed update time (ms since the epoch), if any source gave one. */
  readonly updatedAt?: number;
  readonly match: MatchKind;
  readonly rank: RankParts;
}
