/**
 * The seed chapter: a real page captured from a Chinese aggregator (`../shared/data/seed/chapter.txt`
 * relative to the project root, or `LINHAI_SEED_CHAPTER`). Line 1 is the aggregator's banner, the
 * last three lines are its footer lists, everything between is the chapter. It is read at run time
 * and never copied into the project; when it is missing the book's chapter is generated instead.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export interface SeedChapter {
  readonly path: string;
  /** The aggregator's banner line (shown at the top of `#content` on the biquge site). */
  readonly banner: string;
  /** The chapter's paragraphs: the truth. */
  readonly paragraphs: readonly string[];
  /** The three footer lists (推荐阅读 / 搜藏榜 / 最新小说), outside `#content`. */
  readonly footer: readonly string[];
}

const projectRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export function seedChapterPath(): string {
  return process.env.LINHAI_SEED_CHAPTER || resolve(projectRoot, '../shared/data/seed/chapter.txt');
}

let cached: { path: string; seed: SeedChapter | undefined } | undefined;

/** The parsed seed chapter, or undefined when the file is missing or too short to split. */
export function loadSeedChapter(): SeedChapter | undefined {
  const path = seedChapterPath();
  if (cached && cached.path === path) return cached.seed;
  let seed: SeedChapter | undefined;
  try {
    const lines = readFileSync(path, 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (lines.length >= 5) {
      seed = {
        path,
        banner: lines[0] as string,
        paragraphs: lines.slice(1, -3),
        footer: lines.slice(-3),
      };
    }
  } catch {
    seed = undefined;
  }
  cached = { path, seed };
  return seed;
}
