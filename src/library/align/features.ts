import type { ChapterKind } from '../normalize/index.ts';

/** What matching compares for one chapter, canonical or incoming. */
export interface Features {
  readonly normTitle: string;
  readonly number: number | undefined;
  readonly volume: number | undefined;
  readonly kind: ChapterKind;
  /**
   * Sorted distinct character bigrams of "^normTitle$", as numbers, for Dice similarity. Filled
   * on first use by `bigramsOf`: most chapters match by anchor and never need them.
   */
  bigrams?: number[];
}

const EDGE = 0x110000; // above every code point: marks the start and end of the title

function bigramsOf(f: Features): number[] {
  if (f.bigrams !== undefined) return f.bigrams;
  const cps: number[] = [EDGE];
  for (const ch of f.normTitle) cps.push(ch.codePointAt(0)!);
  cps.push(EDGE + 1);
  const out: number[] = [];
  for (let i = 0; i + 1 < cps.length; i++) out.push(cps[i]! * 0x120000 + cps[i + 1]!);
  out.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < out.length; r++) if (r === 0 || out[r] !== out[w - 1]) out[w++] = out[r]!;
  out.length = w;
  f.bigrams = out;
  return out;
}

/** Sørensen–Dice coefficient of two sorted distinct bigram sets, 0..1. */
function dice(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

/** A pair is worth matching when its similarity exceeds this; the alignment maximises Σ(sim − T). */
export const MATCH_THRESHOLD = 1;

/**
 * How alike two chapters are. Equal titles score 3, similar titles up to 2 (Dice); equal numbers
 * add 1.5 and different numbers take 1.5 away, so a renamed chapter (same number) still matches,
 * and so does a chapter whose number differs only because one source restarts numbering per
 * volume (same title). An announcement never matches a story chapter.
 */
export function similarity(a: Features, b: Features): number {
  if ((a.kind === 'announcement') !== (b.kind === 'announcement')) return 0;
  let score = 0;
  if (a.normTitle.length > 0 && b.normTitle.length > 0) {
    score = a.normTitle === b.normTitle ? 3 : 2 * dice(bigramsOf(a), bigramsOf(b));
  }
  if (
    a.number !== undefined &&
    b.number !== undefined &&
    (a.kind === 'extra') === (b.kind === 'extra')
  ) {
    if (a.number === b.number) {
      score +=
        a.volume !== undefined && b.volume !== undefined && a.volume !== b.volume ? 0.5 : 1.5;
    } else {
      score -= 1.5;
    }
  }
  return score;
}
