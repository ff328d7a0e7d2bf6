import type { ChapterKind } from '../normalize/index.ts';

/** A listing's id: the store's numeric row id, or any string (tests, the CLI). */
export type ListingId = string | number;

/** Where one listing carries a canonical chapter. */
export interface ChapterLink {
  readonly listingId: ListingId;
  readonly url: string;
  /** Index in that listing's TOC as last merged (after duplicates and headings are dropped). */
  readonly position: number;
  /** When this listing first showed the chapter (ms since the epoch). */
  readonly firstSeenAt: number;
}

/** One entry of a book's canonical table of contents. */
export interface CanonicalChapter {
  /** Stable id: never changes once given, whatever is inserted before it. Reading positions use it. */
  readonly key: string;
  /** 0-based place in the canonical list; recomputed on every merge. */
  readonly ordinal: number;
  /** Display title, from the listing that first showed the chapter. */
  readonly title: string;
  /** Normalised title without the number prefix: what matching compares. */
  readonly normTitle: string;
  readonly number?: number;
  readonly volume?: number;
  /** Title of the volume heading above this chapter in the TOC it came from, if any. */
  readonly volumeTitle?: string;
  readonly kind: ChapterKind;
  /** True for an announcement only one listing carries (kept, never used to align). */
  readonly extra: boolean;
  readonly links: readonly ChapterLink[];
  /** Earliest `firstSeenAt` over all links ever made (a link removed later does not reset it). */
  readonly firstSeenAt: number;
  /** The listing that showed the chapter first: the freshest source for this chapter. */
  readonly firstListingId: ListingId;
}

export interface TocEntry {
  readonly title: string;
  readonly url: string;
}

/** One listing's table of contents as fetched at `seenAt`. */
export interface IncomingToc {
  readonly listingId: ListingId;
  readonly entries: readonly TocEntry[];
  readonly seenAt: number;
}

export interface AlignResult {
  readonly chapters: CanonicalChapter[];
  /** Keys of chapters this merge created. */
  readonly added: string[];
  /** How many incoming entries were matched to existing chapters. */
  readonly matched: number;
  /** Keys of chapters that lost this listing's link (the listing no longer shows them). */
  readonly unlinked: string[];
  /** Incoming entries dropped as duplicates (biquge's repeated "latest chapters" block). */
  readonly duplicates: number;
}
