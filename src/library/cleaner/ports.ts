/**
 * What the cleaner needs from the outside, declared here in the cleaner's own terms (DESIGN.md
 * "Ports and wiring"). The store layer implements `BoilerplateStore`; the composition root builds a
 * `RegexEngine` from `#rules` (Java-regex translation with a time limit per rule).
 */
import type { BoilerplateStatus } from '#model';

/** Lifecycle of a learned pattern: suggested by the learner, then reviewed by an administrator. */
export type PatternStatus = BoilerplateStatus;

/** Where the learner saw the line: at the head of chapters, the tail, or scattered through them. */
export type PatternPlace = 'head' | 'tail' | 'anywhere';

/** One learned boilerplate line of one source, as stored and shown for review. */
export interface BoilerplatePattern {
  /** Stable id: derived from `sourceKey` and `skeleton`, so relearning finds the same row. */
  readonly id: string;
  /** The source (its `bookSourceUrl`) the pattern belongs to. */
  readonly sourceKey: string;
  /**
   * The line with its varying slots replaced, e.g. `一秒记住{网址},精彩无弹窗免费阅读!`. A line
   * matches when its own skeleton is equal (see `skeletonOf`).
   */
  readonly skeleton: string;
  /** One real line the pattern was learned from, for the reviewer. */
  readonly example: string;
  readonly place: PatternPlace;
  readonly status: PatternStatus;
  /** Distinct chapters the line was seen in when it was learned. */
  readonly support: number;
  /** Lines removed by this pattern since it was learned. */
  readonly hits: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * One chapter as the learner counted it: its book and a short digest of each line's skeleton, in
 * order (`lineKey`). No text: a window of these is small enough to store per source.
 */
export interface CountedChapter {
  readonly bookKey: string;
  readonly keys: readonly string[];
}

/** Another source's pattern as cross-source knowledge reads it (`BoilerplateStore.elsewhere`). */
export type SharedPattern = Pick<BoilerplatePattern, 'sourceKey' | 'skeleton' | 'status'>;

/**
 * Persistence of learned patterns. `upsert` writes the whole row keyed by `id` (the cleaner keeps an
 * administrator's status when it relearns a pattern); `recordHits` adds to `hits` atomically.
 *
 * `recentChapters` and `rememberChapter` keep each source's learning window (the last chapters
 * counted) across processes and restarts: without them every process starts counting from
 * nothing, and a reader who runs `linhai read` once per chapter never teaches anything.
 */
export interface BoilerplateStore {
  list(sourceKey: string): Promise<readonly BoilerplatePattern[]>;
  upsert(pattern: BoilerplatePattern): Promise<void>;
  recordHits(hits: ReadonlyArray<{ readonly id: string; readonly count: number }>): Promise<void>;
  /** The source's remembered chapters by chapter key, oldest first. */
  recentChapters?(sourceKey: string): Promise<ReadonlyArray<readonly [string, CountedChapter]>>;
  /**
   * Every other source's patterns (all but `sourceKey`'s): what this instance has learned
   * elsewhere, which a new source's first chapters are cleaned with (`SharedKnowledge`).
   */
  elsewhere?(sourceKey: string): Promise<readonly SharedPattern[]>;
  /** Remembers a chapter (replacing one with the same key), keeping the newest `keep`. */
  rememberChapter?(
    sourceKey: string,
    chapterKey: string,
    chapter: CountedChapter,
    keep: number,
  ): Promise<void>;
}

/** A compiled replace-rule regex. Throws `LinhaiError('rule-error')` when its time limit passes. */
export interface CompiledRegex {
  /**
   * Replace every match. `replacement` uses Java syntax (`$1`, `\$` for a literal dollar), as
   * Legado's `String.replaceAll` does.
   */
  replaceAll(input: string, replacement: string): string | Promise<string>;
}

/**
 * Java-regex compilation with a time limit, provided by the rule engine (`#rules`). `compile`
 * throws when the pattern is invalid; Legado then falls back to a literal replace, and so do we.
 */
export interface RegexEngine {
  compile(pattern: string, options: { readonly timeoutMs: number }): CompiledRegex;
}
