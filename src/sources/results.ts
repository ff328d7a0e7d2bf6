/** What the driver returns for each stage. Plain JSON-able records; `variables` carry `@put` values. */

export interface SearchResult {
  name: string;
  author: string;
  /** Categories joined with ",". */
  kind: string;
  wordCount: string;
  lastChapter: string;
  intro: string;
  coverUrl: string;
  /** Absolute detail-page URL; may carry a `,{options}` suffix. */
  bookUrl: string;
  /** The source's key (`bookSourceUrl`). */
  origin: string;
  /** `@put` values written while this item was read; persist them with the book (§3.9). */
  variables: Record<string, string>;
}

export interface BookInfo extends SearchResult {
  /** Absolute TOC URL; equals `bookUrl` when the detail page holds the TOC. */
  tocUrl: string;
  /** Type-3 sources only. */
  downloadUrls: string[];
  updateTime: string;
}

/** The minimum a caller needs to ask for a book's details again (e.g. from storage). */
export interface BookRef {
  bookUrl: string;
  name?: string;
  author?: string;
  tocUrl?: string;
  variables?: Record<string, string>;
}

export interface TocEntry {
  /** 0-based position in the final list. */
  index: number;
  title: string;
  /** Absolute URL, may carry `,{options}`; for a volume heading without URL, `title + index`. */
  url: string;
  isVolume: boolean;
  isVip: boolean;
  isPay: boolean;
  /** Legado `updateTime`, shown under the title. */
  tag: string;
  variables: Record<string, string>;
}

export interface ChapterContent {
  /** Formatted text: one paragraph a line, indented with two U+3000, `<img src="…">` kept. */
  text: string;
  /** Title from `ruleContent.title`, when the source sets one. */
  title?: string;
  /** Every page URL fetched, in order (1 + nextContentUrl pages). */
  pages: string[];
  /** True when pagination stopped at the page cap. */
  truncated: boolean;
  /**
   * Set when a later page (`nextContentUrl`) failed: `text` holds the pages read before it, and
   * the chapter should be fetched again later. `url` is the page that failed.
   */
  incomplete?: { url: string; message: string };
  /** `ruleContent.imageStyle` (FULL, TEXT…): how a reader should lay out images. */
  imageStyle?: string;
}

export interface ExploreKind {
  title: string;
  /** Empty for a section header. */
  url: string;
}
