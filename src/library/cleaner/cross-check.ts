/**
 * Comparison with another source's copy of the same chapter. Text present in both copies is the
 * author's; text present in only one is suspect (each site adds its own noise, never the other's).
 */
import { lettersOf } from './normalize.ts';

const gram = 3;

function grams(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + gram <= text.length; i++) out.push(text.slice(i, i + gram));
  return out;
}

/** An index of the other copy that answers "is this line in it?" tolerantly. */
export class OtherCopy {
  readonly #joined: string;
  readonly #grams: Set<string>;

  constructor(paragraphs: readonly string[]) {
    this.#joined = paragraphs.map(lettersOf).join('\n');
    this.#grams = new Set(grams(this.#joined));
  }

  get isEmpty(): boolean {
    return this.#joined.replace(/\n/g, '').length === 0;
  }

  /**
   * True when the line's letters occur in the other copy, exactly or for most of their trigrams
   * (the copies may differ in punctuation, a typo fix or a replaced word).
   */
  has(line: string): boolean {
    const letters = lettersOf(line);
    if (letters.length === 0) return true;
    if (this.#joined.includes(letters)) return true;
    const own = grams(letters);
    if (own.length === 0) return false;
    const shared = own.filter((g) => this.#grams.has(g)).length;
    return shared / own.length >= 0.8;
  }
}

/** How much of `paragraphs` (by letters) the other copy also holds, 0..1. */
export function sharedShare(paragraphs: readonly string[], other: OtherCopy): number {
  let total = 0;
  let shared = 0;
  for (const line of paragraphs) {
    const size = lettersOf(line).length;
    total += size;
    if (other.has(line)) shared += size;
  }
  return total === 0 ? 0 : shared / total;
}

/**
 * For each line, whether another source's copy of the chapter has it. All false when there is no
 * copy, or when the copy shares less than half of the text (then it is not the same chapter).
 */
export function linesInOtherCopy(
  lines: readonly string[],
  otherSourceCopy: readonly string[] | undefined,
): boolean[] {
  const other = otherSourceCopy === undefined ? undefined : new OtherCopy(otherSourceCopy);
  const trusted = other !== undefined && !other.isEmpty && sharedShare(lines, other) >= 0.5;
  return lines.map((line) => trusted && other.has(line));
}
