import type { SourceBook } from '../ports.ts';

/** One search result from one source (Legado's SearchBook): the book as the source shows it. */
export interface SearchHit extends Omit<SourceBook, 'tocUrl'> {
  /** The source's key (its `bookSourceUrl`). */
  readonly sourceKey: string;
  readonly sourceName: string;
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
