/**
 * The cleaner: raw chapter HTML or text in, the author's paragraphs out, with a verdict on whether
 * the page may be cached. Steps: HTML → paragraphs, the repeated title, learned boilerplate (learning as it goes), built-in aggregator noise at the edges, the
 * cross-check with another source's copy, and the bad-page judgement. Replace rules and the
 * simplified/traditional conversion are display-time (`present`), as in Legado.
 */
import { patternId } from './pattern-id.ts';
import type { BoilerplatePattern, BoilerplateStore, RegexEngine } from './ports.ts';
import { htmlToParagraphs, toParagraphs } from './html-to-paragraphs.ts';
import { hiddenSelectorsOfPage } from './hidden-styles.ts';
import { skeletonOf, tidyLines } from './normalize.ts';
import type { SkeletonContext } from './normalize.ts';
import { stripRepeatedTitle } from './chapter-title.ts';
import { countedOf, learnBoilerplate } from './boilerplate-learner.ts';
import type { Candidate, ChapterSample, LearnOptions } from './boilerplate-learner.ts';
import { LearningWindow } from './learning-window.ts';
import { SharedKnowledge } from './shared-knowledge.ts';
import type { SharedOptions } from './shared-knowledge.ts';
import { decideRemovals } from './decide-removals.ts';
import { linesInOtherCopy } from './cross-check.ts';
import type { Removal } from './decide-removals.ts';
import { judgePage } from './judge-page.ts';
import { recheckCached } from './recheck-cached.ts';
import type { BookNorm, Verdict } from './judge-page.ts';
import { ReplaceRunner } from './replace-runner.ts';
import type { RuleProblem } from './replace-runner.ts';
import type { ReplaceRule } from './replace-rule-import.ts';
import { toScript } from './chinese-script.ts';
import type { ScriptVariant } from './chinese-script.ts';

export interface CleanInput {
  /** The source's key (`bookSourceUrl`): boilerplate is learned per source. */
  readonly sourceKey: string;
  readonly bookKey: string;
  readonly bookTitle?: string;
  readonly author?: string;
  readonly chapterTitle?: string;
  /** Identifies the chapter so a refetch is not counted twice (default: book key + title). */
  readonly chapterKey?: string;
  /** The content as the source rule returned it: HTML, or text with one paragraph a line. */
  readonly content: string;
  /**
   * The whole page the content was selected from, when at hand: its `<style>` rules tell which
   * classes are hidden (anti-theft sentences hidden by a random class).
   */
  readonly page?: string;
  /** Cleaned paragraphs of the neighbouring chapters from this book, when cached. */
  readonly neighbours?: {
    readonly previous?: readonly string[];
    readonly next?: readonly string[];
  };
  /** Cleaned paragraphs of the same chapter from another source, when cached. */
  readonly otherSourceCopy?: readonly string[];
  readonly bookNorm?: BookNorm;
}

export type { Removal, RemovalReason } from './decide-removals.ts';
export { patternId } from './pattern-id.ts';

export interface CleanResult {
  readonly paragraphs: readonly string[];
  readonly removed: readonly Removal[];
  /** Lines only this source has, kept because nothing else marks them as noise. */
  readonly suspects: readonly string[];
  /** `ok`, or why the page must not be cached (map to `LinhaiError('bad-content')`). */
  readonly verdict: Verdict;
}

export interface PresentInput {
  readonly sourceKey: string;
  readonly bookTitle: string;
  readonly paragraphs: readonly string[];
  /** The reader's replace rules (imported with `importReplaceRules`), any order. */
  readonly rules?: readonly ReplaceRule[];
  readonly script?: ScriptVariant;
}

export interface RecheckInput {
  readonly sourceKey: string;
  readonly bookKey: string;
  readonly bookTitle?: string;
  readonly author?: string;
  readonly chapterTitle?: string;
  /** The cached copy, one paragraph a line. */
  readonly paragraphs: readonly string[];
  /** When the copy was cleaned (epoch ms, the cleaner's `now` clock). */
  readonly cleanedAt: number;
}

export interface RecheckResult {
  readonly paragraphs: readonly string[];
  readonly removed: readonly Removal[];
}

export interface CleanerOptions {
  readonly boilerplate: BoilerplateStore;
  readonly regex: RegexEngine;
  readonly now?: () => number;
  readonly learn?: LearnOptions;
  /** Chapters per source kept for learning while cleaning (default 80). */
  readonly windowSize?: number;
  /** Apply the built-in aggregator rules (default true; off to measure learning alone). */
  readonly builtin?: boolean;
  /**
   * Clean a source's edge lines with what other sources' patterns confirm (default on; `false`
   * to measure without).
   */
  readonly shared?: SharedOptions | false;
  /**
   * Remove a note below the story that no pattern knows yet, by its shape and words (default on:
   * other sources' words when `shared`, and the built-in note words when `builtin`; `false` off;
   * `builtinWords: false` to measure with learned words alone).
   */
  readonly tailNotes?: { readonly builtinWords?: boolean } | false;
}

export interface Cleaner {
  clean(input: CleanInput): Promise<CleanResult>;
  /** Learns from many chapters at once (e.g. a book's cached chapters); returns the patterns. */
  learn(
    sourceKey: string,
    chapters: readonly Omit<CleanInput, 'sourceKey'>[],
  ): Promise<BoilerplatePattern[]>;
  /**
   * A cached chapter's paragraphs with the source's patterns learned after `cleanedAt` applied (a
   * first chapter cleaned before its boilerplate was learned); undefined when none is newer.
   * Learns nothing. The source's patterns are read at most once a minute, or again at once after
   * this cleaner stored one.
   */
  recheck(input: RecheckInput): Promise<RecheckResult | undefined>;
  /** Display-time processing: replace rules, then the reader's script. */
  present(input: PresentInput): Promise<{ paragraphs: string[]; problems: RuleProblem[] }>;
  /** A chapter title for display: title-scoped replace rules (`scopeTitle`), then the script. */
  presentTitle(
    title: string,
    input: Omit<PresentInput, 'paragraphs'>,
  ): Promise<{ title: string; problems: RuleProblem[] }>;
}

function contextOf(
  input: Pick<CleanInput, 'bookTitle' | 'author' | 'chapterTitle'>,
): SkeletonContext {
  return { bookTitle: input.bookTitle, author: input.author, chapterTitle: input.chapterTitle };
}

/** Builds a cleaner. The store and the regex engine are injected by the composition root. */
export function createCleaner(options: CleanerOptions): Cleaner {
  const now = options.now ?? Date.now;
  const window = new LearningWindow(options.windowSize, options.learn);
  const runner = new ReplaceRunner(options.regex);

  /**
   * Paragraphs after structure and the title step. The source's `replaceRegex` is not applied
   * here: the driver applies it once, in the full rule language (`@js:` forms too, which a fifth
   * of the community sources that have one use), before the content reaches the cleaner.
   */
  async function prepare(input: Omit<CleanInput, 'sourceKey'>) {
    const hidden = input.page === undefined ? undefined : hiddenSelectorsOfPage(input.page);
    const paragraphs = toParagraphs(input.content, hidden);
    const raw = paragraphs;
    const titled = stripRepeatedTitle(paragraphs, input.chapterTitle, input.bookTitle);
    const lines = titled.paragraphs;
    const sample: ChapterSample = {
      bookKey: input.bookKey,
      lines,
      skeletons: lines.map((line) => skeletonOf(line, contextOf(input))),
    };
    return { raw, titleLines: titled.removed, sample };
  }

  /** Stores candidates not yet known; an administrator's status is never overwritten. */
  async function persist(
    sourceKey: string,
    candidates: readonly Candidate[],
    known: Map<string, BoilerplatePattern>,
  ): Promise<BoilerplatePattern[]> {
    const out: BoilerplatePattern[] = [];
    for (const candidate of candidates) {
      const existing = known.get(candidate.skeleton);
      if (existing !== undefined) {
        out.push(existing);
        continue;
      }
      const time = now();
      const pattern: BoilerplatePattern = {
        id: patternId(sourceKey, candidate.skeleton),
        sourceKey,
        skeleton: candidate.skeleton,
        example: candidate.example,
        place: candidate.place,
        status: 'suggested',
        support: candidate.chapters,
        hits: 0,
        createdAt: time,
        updatedAt: time,
      };
      await options.boilerplate.upsert(pattern);
      sharedCache.clear();
      recentPatterns.delete(sourceKey);
      known.set(pattern.skeleton, pattern);
      out.push(pattern);
    }
    return out;
  }

  /** Once per source and process: the window other processes (or this one before a restart) counted. */
  const resumed = new Map<string, Promise<void>>();
  function resume(sourceKey: string): Promise<void> {
    const store = options.boilerplate;
    if (store.recentChapters === undefined) return Promise.resolve();
    let done = resumed.get(sourceKey);
    if (done === undefined) {
      done = store.recentChapters(sourceKey).then(
        (chapters) => window.resume(sourceKey, chapters),
        (error: unknown) => {
          resumed.delete(sourceKey);
          throw error;
        },
      );
      resumed.set(sourceKey, done);
    }
    return done;
  }

  // Other sources' patterns, read again after a minute (other processes learn too) or at once
  // when this process stores a pattern.
  const sharedTtlMs = 60_000;
  const sharedCache = new Map<
    string,
    { readonly at: number; readonly knowledge: SharedKnowledge }
  >();
  async function sharedKnowledge(sourceKey: string): Promise<SharedKnowledge | undefined> {
    const store = options.boilerplate;
    if (options.shared === false || store.elsewhere === undefined) return undefined;
    const cached = sharedCache.get(sourceKey);
    if (cached !== undefined && now() - cached.at < sharedTtlMs) return cached.knowledge;
    const knowledge = new SharedKnowledge(await store.elsewhere(sourceKey), options.shared);
    sharedCache.set(sourceKey, { at: now(), knowledge });
    return knowledge;
  }

  /** What notes below the story are recognised by (`tailNotes`), if anything. */
  function notesOf(shared: SharedKnowledge | undefined) {
    if (options.tailNotes === false) return undefined;
    const builtinWords = (options.builtin ?? true) && options.tailNotes?.builtinWords !== false;
    if (shared === undefined && !builtinWords) return undefined;
    return { words: shared?.words ?? new Set<string>(), builtinWords };
  }

  // A source's patterns for rechecking cached chapters (every cached read asks): read again after
  // a minute, or at once when this cleaner stored one for the source.
  const recentPatterns = new Map<
    string,
    { readonly at: number; readonly rows: readonly BoilerplatePattern[] }
  >();
  async function patternsForRecheck(sourceKey: string): Promise<readonly BoilerplatePattern[]> {
    const cached = recentPatterns.get(sourceKey);
    if (cached !== undefined && now() - cached.at < sharedTtlMs) return cached.rows;
    const rows = await options.boilerplate.list(sourceKey);
    recentPatterns.set(sourceKey, { at: now(), rows });
    return rows;
  }

  async function knownPatterns(sourceKey: string): Promise<Map<string, BoilerplatePattern>> {
    const rows = await options.boilerplate.list(sourceKey);
    return new Map(rows.map((row) => [row.skeleton, row]));
  }

  return {
    async clean(input) {
      const { raw, titleLines, sample } = await prepare(input);
      const chapterKey =
        input.chapterKey ??
        `${input.bookKey}\u0000${input.chapterTitle ?? raw.join('\n').slice(0, 200)}`;
      const known = await knownPatterns(input.sourceKey);
      await resume(input.sourceKey);
      const inOther = linesInOtherCopy(sample.lines, input.otherSourceCopy);
      // Counted now, judged on this chapter's own lines; undone if the page is bad. A line
      // another source also has is the author's: it is counted as a line of its own, so it
      // never teaches a pattern.
      const teaching: ChapterSample = inOther.includes(true)
        ? {
            ...sample,
            skeletons: sample.skeletons.map((s, i) =>
              inOther[i] === true ? `\u0000${chapterKey}\u0000${i}` : s,
            ),
          }
        : sample;
      const counted = window.add(input.sourceKey, chapterKey, teaching);
      const candidates = [...new Set(sample.skeletons)]
        .map((skeleton) =>
          counted.tallies.judge(skeleton, sample.lines[sample.skeletons.indexOf(skeleton)]),
        )
        .filter((candidate) => candidate !== undefined);
      const shared = await sharedKnowledge(input.sourceKey);
      if (shared !== undefined && shared.size > 0) {
        candidates.push(...confirmedElsewhere(sample, shared, known, candidates));
      }
      const removed: Removal[] = titleLines.map((line) => ({ line, reason: 'title' as const }));
      const { lines } = sample;
      const { drop, hits, suspects, edits, inlineRemovals } = decideRemovals({
        sourceKey: input.sourceKey,
        sample,
        known,
        learned: new Set(candidates.map((c) => c.skeleton)),
        inOther,
        builtin: options.builtin ?? true,
        context: contextOf(input),
        notes: notesOf(shared),
      });
      const paragraphs = lines
        .map((line, index) => edits.get(index) ?? line)
        .filter((_, index) => !drop.has(index));
      // Loops, not spreads: a page can drop hundreds of thousands of lines (stack overflow).
      for (const [, r] of [...drop.entries()].sort((a, b) => a[0] - b[0])) removed.push(r);
      for (const r of inlineRemovals) removed.push(r);
      const verdict = judgePage({
        paragraphs: raw,
        cleaned: paragraphs,
        chapterTitle: input.chapterTitle,
        bookNorm: input.bookNorm,
        neighbours: input.neighbours,
        otherSourceCopy: input.otherSourceCopy,
        page: input.page === undefined ? undefined : htmlToParagraphs(input.page),
      });
      if (verdict !== 'ok') counted.undo();
      else {
        // Only real chapters teach: a run of ban notices must not become "boilerplate".
        await persist(input.sourceKey, candidates, known);
        await options.boilerplate.rememberChapter?.(
          input.sourceKey,
          chapterKey,
          countedOf(teaching),
          window.size,
        );
        if (hits.size > 0) {
          await options.boilerplate.recordHits([...hits].map(([id, count]) => ({ id, count })));
        }
      }
      return { paragraphs, removed, suspects, verdict };
    },

    async learn(sourceKey, chapters) {
      const samples: ChapterSample[] = [];
      for (const chapter of chapters) samples.push((await prepare(chapter)).sample);
      const candidates = learnBoilerplate(samples, options.learn);
      return persist(sourceKey, candidates, await knownPatterns(sourceKey));
    },

    async recheck(input) {
      const rechecked = recheckCached({
        ...input,
        patterns: await patternsForRecheck(input.sourceKey),
        context: contextOf(input),
      });
      if (rechecked === undefined) return undefined;
      const { paragraphs, removed, hits } = rechecked;
      if (hits.size > 0) {
        await options.boilerplate.recordHits([...hits].map(([id, count]) => ({ id, count })));
      }
      return { paragraphs, removed };
    },

    async present(input) {
      const out = await runner.applyRules(
        input.paragraphs.join('\n'),
        sortByOrder(input.rules ?? []),
        {
          bookTitle: input.bookTitle,
          sourceKey: input.sourceKey,
          target: 'content',
        },
      );
      return {
        paragraphs: toScript(tidyLines(out.text), input.script ?? 'original'),
        problems: out.problems,
      };
    },

    async presentTitle(title, input) {
      const out = await runner.applyRules(title, sortByOrder(input.rules ?? []), {
        bookTitle: input.bookTitle,
        sourceKey: input.sourceKey,
        target: 'title',
      });
      const [converted = ''] = toScript([out.text.trim()], input.script ?? 'original');
      return { title: converted, problems: out.problems };
    },
  };
}

/**
 * Lines among a chapter's first and last four (a quarter of a short one) that other sources'
 * patterns confirm, as candidates of this source: stored for review like any learned line.
 */
function confirmedElsewhere(
  sample: ChapterSample,
  shared: SharedKnowledge,
  known: ReadonlyMap<string, BoilerplatePattern>,
  learned: readonly Candidate[],
): Candidate[] {
  const n = sample.skeletons.length;
  const edge = Math.max(1, Math.min(4, Math.floor(n / 4)));
  const seen = new Set([...known.keys(), ...learned.map((c) => c.skeleton)]);
  const out: Candidate[] = [];
  sample.skeletons.forEach((skeleton, index) => {
    const place = index < edge ? 'head' : index >= n - edge ? 'tail' : undefined;
    if (place === undefined || seen.has(skeleton) || !shared.confirms(skeleton)) return;
    seen.add(skeleton);
    out.push({ skeleton, example: sample.lines[index] ?? skeleton, place, chapters: 1, books: 1 });
  });
  return out;
}

function sortByOrder(rules: readonly ReplaceRule[]): ReplaceRule[] {
  return [...rules].sort((a, b) => a.order - b.order);
}
