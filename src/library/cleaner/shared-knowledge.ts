/**
 * What this instance has learned on other sources, applied to a source it has just met: sites
 * reuse each other's templates and phrasings (the same "一秒钟记住本小说" on dozens of sites is why
 * community replace rules work at all), so an edge line made only of clauses that other sources'
 * learned patterns hold goes from the new source's first chapter, before its own window could
 * confirm it. Knowledge is read from the stored patterns themselves, so it is as reviewable as
 * they are: a clause of a pattern an administrator rejected anywhere is never applied.
 */
import type { SharedPattern } from './ports.ts';
import { lettersOf } from './normalize.ts';

export interface SharedOptions {
  /** Distinct other sources whose patterns must hold a clause (default 2). */
  readonly minSources?: number;
}

// A skeleton's slots and chapter ordinals ("第{数}章"), then punctuation: where clauses are cut.
// Sample: "一秒钟记住本小说,本站访问地址(第{数}章)" → "一秒钟记住本小说", "本站访问地址".
const slots = /第\{数\}[章节回卷集部篇]|\{[^{}]+\}/gu;
const clauseBreak = /[\p{P}\p{S}\s]+/gu;

/** Letters a clause needs to be known: shorter pieces ("他说", "好") are anyone's. */
const minClauseLetters = 4;

/** The pieces of a skeleton that carry letters, as letters only. */
export function clausesOf(skeleton: string): string[] {
  return skeleton
    .replace(slots, ',')
    .split(clauseBreak)
    .map(lettersOf)
    .filter((piece) => piece !== '');
}

/** A Chinese character of the basic planes (CJK unified ideographs, extension A, compatibility). */
function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/**
 * The pairs of Chinese characters in a clause: words, or parts of words. Letter pairs of other
 * scripts ("th", "in") are in every sentence and say nothing.
 * Sample: "最快更新" → "最快", "快更", "更新"; "read更新" → "更新".
 */
export function hanPairsOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= text.length; i++) {
    if (isHan(text.charCodeAt(i)) && isHan(text.charCodeAt(i + 1))) out.push(text.slice(i, i + 2));
  }
  return out;
}

export class SharedKnowledge {
  readonly #skeletons: ReadonlySet<string>;
  readonly #clauses: ReadonlySet<string>;
  readonly #words: ReadonlySet<string>;

  /** Built from other sources' patterns (`BoilerplateStore.elsewhere`). */
  constructor(patterns: readonly SharedPattern[], options: SharedOptions = {}) {
    const minSources = options.minSources ?? 2;
    const skeletonSources = new Map<string, Set<string>>();
    const clauseSources = new Map<string, Set<string>>();
    const rejected = new Set<string>();
    const pairSources = new Map<string, Set<string>>();
    const rejectedPairs = new Set<string>();
    const add = (map: Map<string, Set<string>>, key: string, source: string) => {
      const set = map.get(key) ?? new Set<string>();
      set.add(source);
      map.set(key, set);
    };
    for (const pattern of patterns) {
      const clauses = clausesOf(pattern.skeleton).filter((c) => c.length >= minClauseLetters);
      const pairs = clausesOf(pattern.skeleton).flatMap(hanPairsOf);
      if (pattern.status === 'rejected') {
        rejected.add(pattern.skeleton);
        for (const clause of clauses) rejected.add(clause);
        for (const pair of pairs) rejectedPairs.add(pair);
        continue;
      }
      for (const pair of pairs) add(pairSources, pair, pattern.sourceKey);
      add(skeletonSources, pattern.skeleton, pattern.sourceKey);
      for (const clause of clauses) add(clauseSources, clause, pattern.sourceKey);
    }
    const confirmed = (map: Map<string, Set<string>>) =>
      new Set(
        [...map]
          .filter(([key, sources]) => sources.size >= minSources && !rejected.has(key))
          .map(([key]) => key),
      );
    this.#skeletons = confirmed(skeletonSources);
    this.#clauses = confirmed(clauseSources);
    this.#words = new Set(
      [...pairSources]
        .filter(([pair, sources]) => sources.size >= minSources && !rejectedPairs.has(pair))
        .map(([pair]) => pair),
    );
  }

  /**
   * The words of other sources' patterns, as pairs of letters each held by at least two other
   * sources (none of a rejected pattern): what a note in new words is recognised by (`tailNotes`).
   * Sample: "一秒钟记住本小说" on two sources gives "一秒", "秒钟", … "小说".
   */
  get words(): ReadonlySet<string> {
    return this.#words;
  }

  get size(): number {
    return this.#skeletons.size + this.#clauses.size;
  }

  /**
   * True when other sources confirm the line: its skeleton is their pattern, or every piece of it
   * (slots and chapter ordinals aside) is a clause of their patterns.
   * Sample: with "一秒钟记住本小说" and "本站访问地址" known, "一秒钟记住本小说，本站访问地址（第3章）"
   * is; "一秒钟记住本小说，他笑了笑" is not.
   */
  confirms(skeleton: string): boolean {
    if (this.#skeletons.has(skeleton)) return true;
    const pieces = clausesOf(skeleton);
    return pieces.length > 0 && pieces.every((piece) => this.#clauses.has(piece));
  }
}
