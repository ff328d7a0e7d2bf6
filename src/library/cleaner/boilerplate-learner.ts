/**
 * Learns a source's boilerplate from its chapters: lines whose skeleton recurs in several chapters,
 * nearly always near the top or the bottom (or anywhere, when the line carries a web address).
 * A story's own repeated lines ("“嗯。”", a refrain) fail the edge test: they land near an edge
 * only as often as chance puts them there. "Chance" is a binomial tail: a line seen in c chapters,
 * e of them at an edge, where an edge holds a share p of a chapter's lines, is learned only when
 * P(X ≥ e | c, p) is below `maxChance`; or, for a line that keeps one place (the last line, say),
 * where a story line lands by chance with p ≈ 1/lines, when that chance is. Pure: counting only.
 */
import { createHash } from 'node:crypto';
import type { CountedChapter, PatternPlace } from './ports.ts';
import { hasUrlSlot, lettersOf, slot, withoutSlots } from './normalize.ts';

/** One chapter as the learner sees it: its lines and their skeletons. */
export interface ChapterSample {
  /** Which book the chapter belongs to: lines shared by different books are surely the site's. */
  readonly bookKey: string;
  readonly lines: readonly string[];
  readonly skeletons: readonly string[];
}

/**
 * The short digest a line is counted by: a window of chapters is kept (and stored, to resume after
 * a restart) as digests rather than text. 60 bits: a collision among a window's lines is
 * practically impossible.
 */
export function lineKey(skeleton: string): string {
  return createHash('sha1').update(skeleton).digest('base64url').slice(0, 10);
}

/** The chapter as counted: its book and one digest per line. */
export function countedOf(sample: ChapterSample): CountedChapter {
  return { bookKey: sample.bookKey, keys: sample.skeletons.map(lineKey) };
}

export interface LearnOptions {
  /** Distinct chapters a line must appear in (default 3). */
  readonly minChapters?: number;
  /** Share of a line's occurrences that must be near an edge (default 0.8). */
  readonly minEdgeShare?: number;
  /** How many lines from each end count as the edge (default 4, at most a quarter of the chapter). */
  readonly edgeSpan?: number;
  /** Largest chance that a line of the story sits at the edges that often (default 0.001). */
  readonly maxChance?: number;
}

/** A learned line. */
export interface Candidate {
  readonly skeleton: string;
  readonly example: string;
  readonly place: PatternPlace;
  readonly chapters: number;
  readonly books: number;
}

interface Tally {
  /** Known once a chapter with the line's text was counted (a resumed window holds digests only). */
  skeleton: string | undefined;
  example: string | undefined;
  /** Distinct chapters holding the line. */
  chapters: number;
  /** Chapters per book. */
  books: Map<string, number>;
  head: number;
  tail: number;
  middle: number;
  /** Occurrences by place counted from the nearer end (0 first line, -1 last line), at the edges. */
  ranks: Map<number, number>;
}

/**
 * Letters a skeleton holds besides its slots: too few, and the line says nothing of its own. A
 * site's name counts as two: "{站名},{站名}(第{数}章)" is a site's line, "{数}。" is anyone's.
 */
function ownLetters(skeleton: string): number {
  return lettersOf(withoutSlots(skeleton)).length + 2 * skeleton.split(slot.site).length - 2;
}

/** Own letters a line needs to be confirmed by two chapters (`keptAtEnd`). */
const minEndLetters = 6;

const edgeOf = (lines: number, span: number) => Math.max(1, Math.min(span, Math.floor(lines / 4)));

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (p >= 1) return 1;
  let term = Math.pow(1 - p, n); // P(X = 0)
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term = (term * (n - i) * p) / ((i + 1) * (1 - p));
  }
  return Math.max(0, 1 - below);
}

/**
 * Running counts over a set of chapters; chapters can be added and removed (a sliding window),
 * and any skeleton can be judged at any time without recounting.
 */
export class Tallies {
  readonly #options: Required<LearnOptions>;
  readonly #tallies = new Map<string, Tally>();
  #samples = 0;
  #edgeShareSum = 0;
  /** Sum of 1/lines over the chapters: the chance that a given line sits at one given place. */
  #placeShareSum = 0;

  constructor(options: LearnOptions = {}) {
    this.#options = {
      minChapters: options.minChapters ?? 3,
      minEdgeShare: options.minEdgeShare ?? 0.8,
      edgeSpan: options.edgeSpan ?? 4,
      maxChance: options.maxChance ?? 0.001,
    };
  }

  /** Counts a chapter: with its text, or as digests only (a chapter of a resumed window). */
  add(sample: ChapterSample | CountedChapter): void {
    this.#count(sample, 1);
  }

  remove(sample: ChapterSample | CountedChapter): void {
    this.#count(sample, -1);
  }

  #count(sample: ChapterSample | CountedChapter, sign: 1 | -1): void {
    const full = 'skeletons' in sample ? sample : undefined;
    const keys = full === undefined ? (sample as CountedChapter).keys : countedOf(full).keys;
    const n = keys.length;
    const edge = edgeOf(n, this.#options.edgeSpan);
    this.#samples += sign;
    this.#edgeShareSum += sign * Math.min(1, (2 * edge) / Math.max(1, n));
    this.#placeShareSum += sign / Math.max(1, n);
    const seen = new Set<string>();
    keys.forEach((key, index) => {
      let tally = this.#tallies.get(key);
      if (tally === undefined) {
        if (sign < 0) return;
        tally = {
          skeleton: undefined,
          example: undefined,
          chapters: 0,
          books: new Map(),
          head: 0,
          tail: 0,
          middle: 0,
          ranks: new Map(),
        };
        this.#tallies.set(key, tally);
      }
      if (full !== undefined && tally.skeleton === undefined) {
        tally.skeleton = full.skeletons[index];
        tally.example = full.lines[index];
      }
      if (!seen.has(key)) {
        seen.add(key);
        tally.chapters += sign;
        const inBook = (tally.books.get(sample.bookKey) ?? 0) + sign;
        if (inBook > 0) tally.books.set(sample.bookKey, inBook);
        else tally.books.delete(sample.bookKey);
      }
      if (index < edge) tally.head += sign;
      else if (n - 1 - index < edge) tally.tail += sign;
      else tally.middle += sign;
      const rank = index < edge ? index : n - 1 - index < edge ? index - n : undefined;
      if (rank !== undefined) tally.ranks.set(rank, (tally.ranks.get(rank) ?? 0) + sign);
      if (tally.chapters <= 0) this.#tallies.delete(key);
    });
  }

  /** The candidate for one skeleton, if the counts make it boilerplate. */
  judge(skeleton: string, example?: string): Candidate | undefined {
    const tally = this.#tallies.get(lineKey(skeleton));
    if (tally === undefined) return undefined;
    const { minChapters, minEdgeShare, maxChance } = this.#options;
    const chapters = tally.chapters;
    const books = tally.books.size;
    // A line shared by different books of one site is the site's, not an author's.
    const acrossBooks = books >= 2;
    const total = tally.head + tally.tail + tally.middle;
    // The very first or last line of each of two chapters, word for word (slots aside), and a
    // sentence rather than an exclamation: a site's or author's note, confirmed in two chapters.
    // A story's refrain seldom lands there twice: on the unseen-sites bench it cost no story line.
    const endLine = Math.max(tally.ranks.get(0) ?? 0, tally.ranks.get(-1) ?? 0);
    const keptAtEnd =
      chapters === 2 && total === 2 && endLine === 2 && ownLetters(skeleton) >= minEndLetters;
    // Infinity switches learning off (to measure the built-in rules alone).
    const needed = !Number.isFinite(minChapters)
      ? minChapters
      : acrossBooks || keptAtEnd
        ? 2
        : minChapters;
    if (chapters < needed) return undefined;
    const atEdge = tally.head + tally.tail;
    const edgeShare = atEdge / total;
    const url = hasUrlSlot(skeleton);
    // A long line repeated word for word in most chapters is the site's, wherever it stands
    // (a page-turn note between joined pages, a promotion in the middle). A story's refrain (a
    // motto, a character's words, a system message) can recur in one chapter in seven, and in
    // four of a book's first five: at a tenth of the chapters (at least 4) the unseen-sites bench
    // lost 16 such story lines; at half of them and at least 8, none.
    const often = Math.max(minChapters, 8, acrossBooks ? 0 : Math.ceil(0.5 * this.#samples));
    const repeatedLongLine = chapters >= often && ownLetters(skeleton) >= 12;
    if (!url && !repeatedLongLine && !keptAtEnd) {
      if (edgeShare < minEdgeShare || ownLetters(skeleton) < 3) return undefined;
      const byChance = this.#edgeShareSum / Math.max(1, this.#samples);
      // Or at one and the same place (the last line, the second…), which chance fills far more
      // rarely: such a line is learned in fewer chapters. Times the places there are to pick from.
      const atPlace = Math.max(0, ...tally.ranks.values());
      const placeChance =
        binomialTail(total, atPlace, this.#placeShareSum / Math.max(1, this.#samples)) *
        2 *
        this.#options.edgeSpan;
      const chance = Math.min(binomialTail(total, atEdge, byChance), placeChance);
      if (chance > (acrossBooks ? maxChance * 50 : maxChance)) return undefined;
    }
    const place: PatternPlace =
      edgeShare < minEdgeShare
        ? 'anywhere'
        : tally.head >= minEdgeShare * total
          ? 'head'
          : tally.tail >= minEdgeShare * total
            ? 'tail'
            : 'anywhere';
    return { skeleton, example: tally.example ?? example ?? skeleton, place, chapters, books };
  }

  /** Every candidate among the counted chapters. */
  candidates(): Candidate[] {
    const out: Candidate[] = [];
    for (const { skeleton } of this.#tallies.values()) {
      const candidate = skeleton === undefined ? undefined : this.judge(skeleton);
      if (candidate !== undefined) out.push(candidate);
    }
    return out;
  }
}

/**
 * Boilerplate candidates among the samples.
 * Example: three chapters ending with "一秒记住【a.com】" / "【b.net】" / "【c.cc】" yield the
 * candidate `一秒记住【{网址}】` at the tail.
 */
export function learnBoilerplate(
  samples: readonly ChapterSample[],
  options: LearnOptions = {},
): Candidate[] {
  const tallies = new Tallies(options);
  for (const sample of samples) tallies.add(sample);
  return tallies.candidates();
}
