/** A book as the exporters see it: everything they need, nothing they must fetch. */
export interface ExportBook {
  /** Stable across re-exports of the same book (the library's book key); becomes the EPUB identifier. */
  readonly key: string;
  readonly title: string;
  readonly author: string;
  /** BCP 47 language tag, e.g. "zh-CN", "zh-TW", "en". */
  readonly language: string;
  readonly intro?: string;
  /** Names of the sources the text came from (the book's source pool). */
  readonly sources: readonly string[];
  readonly cover?: {
    readonly bytes: Uint8Array;
    readonly mediaType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/svg+xml';
  };
  /** When the book last changed; defaults to now. */
  readonly modifiedAt?: Date;
}

export interface ExportChapter {
  readonly title: string;
  /** Clean paragraphs of plain text (the cleaner's output). */
  readonly paragraphs: readonly string[];
  /** Optional volume heading this chapter starts. */
  readonly volume?: string;
}

/** Chapters may be produced lazily (fetched and cleaned as the export goes). */
export type ChapterSource = Iterable<ExportChapter> | AsyncIterable<ExportChapter>;

export interface ExportProgress {
  /** Chapters written so far. */
  readonly done: number;
  /** Total when known. */
  readonly total: number | undefined;
  readonly title: string;
}

export interface ExportOptions {
  /** Number of chapters, when known, for progress reporting. */
  readonly total?: number;
  readonly onProgress?: (progress: ExportProgress) => void;
}
