/**
 * Test material for the cleaner (tests and bench only): the seed chapter as the aggregator served
 * it, and a generated book whose chapters carry injected boilerplate that varies in a slot (domain,
 * chapter number, book name, zero-width and full-width characters), with the truth kept apart.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { seededRandom } from '#model';

const root = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

/** The seed page: banner, the chapter's paragraphs, the three footer lists. */
export function seedPage(): { banner: string; paragraphs: string[]; footer: string[] } {
  const lines = readFileSync(resolve(root, '../shared/data/seed/chapter.txt'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return { banner: lines[0] ?? '', paragraphs: lines.slice(1, -3), footer: lines.slice(-3) };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

const domains = [
  'biquge.com',
  'x33xs.com',
  'www.315zw.net',
  'm.dingdian.la',
  'xbiquge.cc',
  'www.69shu.org',
];

function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function sprinkleZeroWidth(text: string, random: () => number): string {
  return [...text].map((c) => (random() < 0.15 ? `${c}\u200b` : c)).join('');
}

interface SyntheticChapter {
  readonly index: number;
  readonly title: string;
  /** The served lines, boilerplate included, in page order. */
  readonly lines: readonly string[];
  /** Which of `lines` are injected boilerplate. */
  readonly injected: readonly boolean[];
  /** The author's paragraphs. */
  readonly truth: readonly string[];
}

/** Chapter text made from the seed's sentences, recombined so chapters differ. */
function prose(random: () => number, sentences: readonly string[]): string[] {
  const count = 25 + Math.floor(random() * 30);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Three to five sentences: like real prose, a paragraph does not recur word for word.
    const parts = 3 + Math.floor(random() * 3);
    let paragraph = '';
    for (let j = 0; j < parts; j++) paragraph += pick(random, sentences);
    out.push(paragraph);
  }
  return out;
}

/**
 * A book of `chapters` chapters with head, tail and scattered boilerplate.
 * `book` names the book (it appears in some boilerplate lines as a slot).
 */
export function syntheticBook(options: {
  chapters: number;
  seed: number;
  book: string;
}): SyntheticChapter[] {
  const random = seededRandom(options.seed);
  const seed = seedPage();
  const sentences = seed.paragraphs
    .flatMap((p) => p.split(/(?<=[。!?！？])/))
    .filter((s) => s.length > 4);
  const result: SyntheticChapter[] = [];
  for (let index = 1; index <= options.chapters; index++) {
    const title = `第${index}章 ${pick(random, ['夜雨', '归来', '长街', '旧约', '密信'])}`;
    const truth = prose(random, sentences);
    const vary = (line: string) => {
      let out = line;
      if (random() < 0.3) out = fullWidth(out);
      if (random() < 0.4) out = sprinkleZeroWidth(out, random);
      return out;
    };
    const head: string[] = [];
    const tail: string[] = [];
    if (random() < 0.9)
      head.push(vary(`一秒记住【${pick(random, domains)}】，精彩小说无弹窗免费阅读！`));
    if (random() < 0.5)
      head.push(
        vary(
          `${options.book}最新章节由网友提供，《${options.book}》第${index}章首发于${pick(random, domains)}`,
        ),
      );
    if (random() < 0.8)
      tail.push(
        vary(
          `本章节由${pick(random, domains)}更新，第${index}章 ${title.slice(title.indexOf(' ') + 1)}手打完成`,
        ),
      );
    if (random() < 0.6)
      tail.push(
        vary(
          `请记住本书首发域名：${pick(random, domains)}。手机版阅读网址：m.${pick(random, domains)}`,
        ),
      );
    if (random() < 0.4)
      tail.push(
        vary(
          `喜欢${options.book}请大家收藏：(${pick(random, domains)})${options.book}更新速度最快。`,
        ),
      );
    const body = [...truth];
    const flags = body.map(() => false);
    if (random() < 0.3) {
      const at = 3 + Math.floor(random() * (body.length - 6));
      body.splice(at, 0, vary(`（${pick(random, domains)}）`));
      flags.splice(at, 0, true);
    }
    result.push({
      index,
      title,
      lines: [...head, ...body, ...tail],
      injected: [...head.map(() => true), ...flags, ...tail.map(() => true)],
      truth,
    });
  }
  return result;
}
