// Synthetic tables of contents for tests and benchmarks: one "true" book rendered by several
// imaginary sources with different numbering styles and the faults real sites have.
import { seededRandom } from '#model';
import { toChineseNumeral } from '../normalize/index.ts';
import type { TocEntry } from './types.ts';

const CHARS =
  '风起云涌少年江湖剑气长歌天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏夜雨孤灯山河万里' +
  '青衫白马红尘旧梦归途烟火人间星辰大海刀光血影故人重逢离别长夜初雪春深花落鸟鸣钟声古道西风';

export type NumberStyle = 'chinese' | 'arabic' | 'dot' | 'english' | 'bare';

interface TrueChapter {
  readonly id: number;
  readonly number: number;
  readonly title: string;
}

export function makeBook(chapters: number, seed: number): TrueChapter[] {
  const random = seededRandom(seed);
  const word = () => {
    const len = 2 + Math.floor(random() * 5);
    let s = '';
    for (let i = 0; i < len; i++) s += CHARS[Math.floor(random() * CHARS.length)];
    return s;
  };
  return Array.from({ length: chapters }, (_, i) => ({ id: i, number: i + 1, title: word() }));
}

export function renderTitle(number: number, title: string, style: NumberStyle): string {
  switch (style) {
    case 'chinese':
      return `第${toChineseNumeral(number)}章 ${title}`;
    case 'arabic':
      return `第${number}章 ${title}`;
    case 'dot':
      return `${number}. ${title}`;
    case 'english':
      return `Chapter ${number}: ${title}`;
    case 'bare':
      return `第${number}章`;
  }
}

export interface Perturbation {
  readonly deleteRate?: number;
  readonly insertRate?: number;
  readonly renameRate?: number;
  readonly duplicateRate?: number;
  /** Repeat the latest N chapters at the top, as biquge-family sites do. */
  readonly latestBlock?: number;
}

export interface RenderedToc {
  readonly entries: TocEntry[];
  /** True chapter id per entry; undefined for inserted announcements. */
  readonly truth: (number | undefined)[];
  /** Ids of chapters shown unchanged (not deleted, not renamed). */
  readonly intact: Set<number>;
}

/** One source's TOC of `book`: its numbering style, URL scheme and faults. */
export function renderToc(
  book: readonly TrueChapter[],
  site: string,
  style: NumberStyle,
  seed: number,
  p: Perturbation = {},
): RenderedToc {
  const random = seededRandom(seed);
  const entries: TocEntry[] = [];
  const truth: (number | undefined)[] = [];
  const intact = new Set<number>();
  let notes = 0;
  for (const ch of book) {
    if (random() < (p.insertRate ?? 0)) {
      entries.push({
        title: notes % 2 ? '请假条' : `上架感言${notes}`,
        url: `https://${site}/n${notes}.html`,
      });
      truth.push(undefined);
      notes++;
    }
    if (random() < (p.deleteRate ?? 0)) continue;
    const renamed = random() < (p.renameRate ?? 0);
    const title = renamed ? `${ch.title}改${Math.floor(random() * 1000)}` : ch.title;
    const entry = {
      title: renderTitle(ch.number, title, style),
      url: `https://${site}/${ch.id * 7 + 3}.html`,
    };
    if (!renamed) intact.add(ch.id);
    entries.push(entry);
    truth.push(ch.id);
    if (random() < (p.duplicateRate ?? 0)) {
      entries.push(entry);
      truth.push(ch.id);
    }
  }
  const block = p.latestBlock ?? 0;
  if (block > 0) {
    const latest = entries.slice(-block).reverse();
    const latestTruth = truth.slice(-block).reverse();
    entries.unshift(...latest);
    truth.unshift(...latestTruth);
  }
  return { entries, truth, intact };
}
