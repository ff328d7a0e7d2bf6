/**
 * Which lines of a chapter go, and why: learned patterns (unless an administrator rejected them,
 * or another source's copy has the line), the built-in aggregator rules, a note below the story
 * in the words of notes (`tailNotes`), and edge lines only this source has that look like adverts.
 */
import type { BoilerplatePattern } from './ports.ts';
import type { ChapterSample } from './boilerplate-learner.ts';
import { anywhereNoiseOf, builtinNoiseOf, edgeNoise, splitAdverts } from './builtin-noise.ts';
import { hasUrlSlot } from './normalize.ts';
import type { SkeletonContext } from './normalize.ts';
import { patternId } from './pattern-id.ts';
import { tailNotes } from './tail-notes.ts';

export type RemovalReason = 'title' | 'learned' | 'builtin' | 'other-source' | 'tail-note';

export interface Removal {
  readonly line: string;
  readonly reason: RemovalReason;
  readonly patternId?: string;
  /** For `builtin`: which rule (banner, book-list, remember, navigation, chapter-end, address,
   * advert, pagination, inline-advert). */
  readonly rule?: string;
  /** True when only this part of a paragraph was removed (an advert inside the story's line). */
  readonly inline?: boolean;
}

interface RemovalInput {
  readonly sourceKey: string;
  readonly sample: ChapterSample;
  /** Stored patterns of the source by skeleton. */
  readonly known: ReadonlyMap<string, BoilerplatePattern>;
  /** Skeletons learned from the current window (not necessarily stored yet). */
  readonly learned: ReadonlySet<string>;
  /** Per line: another source's copy has it (`linesInOtherCopy`). */
  readonly inOther: readonly boolean[];
  readonly builtin: boolean;
  /** The book's and chapter's names, which an advert line may carry. */
  readonly context?: SkeletonContext;
  /**
   * Look for notes below the story (`tailNotes`): with the words of other sources' patterns
   * (`SharedKnowledge.words`) and, when `builtinWords`, the built-in call-to-action words.
   */
  readonly notes?: { readonly words: ReadonlySet<string>; readonly builtinWords: boolean };
}

interface Removals {
  /** By line index. */
  readonly drop: Map<number, Removal>;
  /** Lines removed per pattern id. */
  readonly hits: Map<string, number>;
  readonly suspects: string[];
  /** Lines kept with an advert cut out of them, by index. */
  readonly edits: Map<number, string>;
  readonly inlineRemovals: Removal[];
}

export function decideRemovals(input: RemovalInput): Removals {
  const { lines, skeletons } = input.sample;
  const drop = new Map<number, Removal>();
  const hits = new Map<string, number>();

  // Text the other source also has is the author's: never removed by a learned pattern.
  const inOther = input.inOther;
  const trusted = inOther.includes(true);
  // An administrator's "rejected" overrides learning and the built-in rules alike.
  const isRejected = (index: number) =>
    input.known.get(skeletons[index] ?? '')?.status === 'rejected';

  skeletons.forEach((skeleton, index) => {
    const stored = input.known.get(skeleton);
    // An accepted pattern is the administrator's word: it goes even if another copy has it.
    if (isRejected(index) || (inOther[index] === true && stored?.status !== 'accepted')) return;
    if (stored === undefined && !input.learned.has(skeleton)) return;
    const id = stored?.id ?? patternId(input.sourceKey, skeleton);
    drop.set(index, { line: lines[index] ?? '', reason: 'learned', patternId: id });
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });

  if (input.builtin) {
    lines.forEach((line, index) => {
      const rule =
        drop.has(index) || isRejected(index) ? undefined : anywhereNoiseOf(line, skeletons[index]);
      if (rule !== undefined) drop.set(index, { line, reason: 'builtin', rule });
    });
    for (const [index, rule] of edgeNoise(lines, (i) => drop.has(i))) {
      if (!isRejected(index))
        drop.set(index, { line: lines[index] ?? '', reason: 'builtin', rule });
    }
  }

  const edits = new Map<number, string>();
  const inlineRemovals: Removal[] = [];
  // Where sites put their own lines: the first and last three of a chapter of some length.
  const edge = Math.min(3, Math.floor(lines.length / 4));
  if (input.builtin) {
    lines.forEach((line, index) => {
      if (drop.has(index) || isRejected(index)) return;
      const atEdge = index < edge || index >= lines.length - edge;
      const split = splitAdverts(line, input.context, atEdge);
      if (split.whole) {
        drop.set(index, { line, reason: 'builtin', rule: 'advert' });
        return;
      }
      if (split.removed.length === 0) return;
      edits.set(index, split.line);
      for (const part of split.removed) {
        inlineRemovals.push({ line: part, reason: 'builtin', rule: 'inline-advert', inline: true });
      }
    });
  }

  // A call to action below the story in words of notes (`tailNotes`): gone whole.
  if (input.notes !== undefined) {
    // The story as served (adverts cut out of its lines) is what a note's words are set against.
    const served = lines.map((line, index) => edits.get(index) ?? line);
    const notes = tailNotes(served, (i) => drop.has(i), { ...input.notes, context: input.context });
    for (const index of notes) {
      if (isRejected(index) || inOther[index] === true) continue;
      drop.set(index, { line: lines[index] ?? '', reason: 'tail-note' });
    }
  }

  // Lines outside the stretch both copies share: removed when they look like an advert.
  const suspects: string[] = [];
  if (trusted) {
    const first = inOther.indexOf(true);
    const last = inOther.lastIndexOf(true);
    lines.forEach((line, index) => {
      if ((index >= first && index <= last) || drop.has(index) || isRejected(index)) return;
      const advert = hasUrlSlot(skeletons[index] ?? '') || builtinNoiseOf(line) !== undefined;
      if (advert) drop.set(index, { line, reason: 'other-source' });
      else suspects.push(line);
    });
  }
  return { drop, hits, suspects, edits, inlineRemovals };
}
