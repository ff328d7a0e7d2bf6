/**
 * Boilerplate removal on a 300-chapter book with injected boilerplate (head banners, tail notes,
 * scattered watermarks; varying domains, chapter numbers, book names, zero-width and full-width
 * characters). Precision and recall are counted per line against the generator's truth, for:
 * the built-in aggregator rules alone, learning while cleaning (each chapter once, in order, as a
 * reader meets them), and learning from the book first, then cleaning. Target: both ≥ 0.99.
 */
import { createCleaner, MemoryBoilerplateStore, tidyLine } from '../src/library/cleaner/index.ts';
import type { Cleaner } from '../src/library/cleaner/index.ts';
import { syntheticBook } from '../src/library/cleaner/testing/synthetic-book.ts';
import type { SyntheticChapter } from '../src/library/cleaner/testing/synthetic-book.ts';
import { plainRegexEngine } from '../src/library/cleaner/testing/regex-engine.ts';

interface Score {
  mode: string;
  precision: number;
  recall: number;
  boilerplate: number;
  removed: number;
  lostParagraphs: number;
  msPerChapter: number;
}

const bookTitle = '临海听潮';
const sourceKey = 'http://127.0.0.1/bench-site';

function input(chapter: SyntheticChapter) {
  return {
    sourceKey,
    bookKey: 'linhai',
    bookTitle,
    chapterTitle: chapter.title,
    content: chapter.lines.join('\n'),
  };
}

async function score(
  mode: string,
  book: readonly SyntheticChapter[],
  prepare: (cleaner: Cleaner) => Promise<void>,
  windowSize?: number,
  learning = true,
): Promise<Score> {
  const store = new MemoryBoilerplateStore();
  const cleaner = createCleaner({
    boilerplate: store,
    regex: plainRegexEngine,
    windowSize,
    learn: learning ? undefined : { minChapters: Number.POSITIVE_INFINITY },
  });
  const started = performance.now();
  await prepare(cleaner);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let lost = 0;
  for (const chapter of book) {
    const result = await cleaner.clean(input(chapter));
    const kept = new Set(result.paragraphs);
    chapter.lines.forEach((line, index) => {
      const removed = !kept.has(tidyLine(line));
      const injected = chapter.injected[index] === true;
      if (injected && removed) tp++;
      else if (injected) fn++;
      else if (removed) fp++;
    });
    lost += chapter.truth.filter((line) => !kept.has(line)).length;
  }
  const ms = performance.now() - started;
  return {
    mode,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp / (tp + fn),
    boilerplate: tp + fn,
    removed: tp + fp,
    lostParagraphs: lost,
    msPerChapter: ms / book.length,
  };
}

export async function run(): Promise<boolean> {
  const book = syntheticBook({ chapters: 300, seed: 2026, book: bookTitle });
  const scores = [
    await score('built-in rules only', book, async () => {}, undefined, false),
    await score('learning while cleaning', book, async () => {}),
    await score('learned from the book first', book, async (cleaner) => {
      await cleaner.learn(sourceKey, book.map(input));
    }),
  ];
  console.table(
    scores.map((s) => ({
      mode: s.mode,
      precision: s.precision.toFixed(4),
      recall: s.recall.toFixed(4),
      'boilerplate lines': s.boilerplate,
      'lines removed': s.removed,
      'real paragraphs lost': s.lostParagraphs,
      'ms / chapter': s.msPerChapter.toFixed(2),
    })),
  );
  const learned = scores.slice(1);
  const ok = learned.every((s) => s.precision >= 0.99 && s.recall >= 0.99);
  console.log(`target precision ≥ 0.99 and recall ≥ 0.99 with learning: ${ok ? 'met' : 'MISSED'}`);
  return ok;
}
