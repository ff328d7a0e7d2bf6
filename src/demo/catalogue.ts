/**
 * The deterministic catalogue every demo site serves: a fixed table of books (Chinese and
 * English), chapters generated on demand from (book id, index), a publication schedule driven by
 * a clock, and each site template's own view of a book's table of contents (its numbering
 * style, its missing or extra chapters, its volumes).
 */
import { rng, hashString } from './random.ts';
import {
  castFor,
  chineseChapterName,
  chineseNumber,
  chineseParagraphs,
  englishChapterName,
  englishParagraphs,
} from './text.ts';
import { loadSeedChapter } from './seed.ts';

export type DemoTemplate = 'biquge' | 'paged' | 'json' | 'english';

/** The instant the catalogue's schedule is anchored to (2025-06-01T00:00:00Z); DemoClock starts here. */
export const DEMO_EPOCH = Date.UTC(2025, 5, 1, 0, 0, 0);

export interface DemoBook {
  readonly id: number;
  readonly title: string;
  readonly author: string;
  readonly intro: string;
  /** Genre, e.g. 玄幻 or Fantasy. */
  readonly kind: string;
  readonly status: 'ongoing' | 'completed';
  readonly language: 'zh' | 'en';
  /** Chapters the book will have once everything is published. */
  readonly chapterCount: number;
  /** Chapters already published at DEMO_EPOCH. */
  readonly initialCount: number;
  /** Time between two new chapters after DEMO_EPOCH (ongoing books). */
  readonly intervalMs: number;
  /** Site templates that carry this book. */
  readonly carriedBy: readonly DemoTemplate[];
  /** Rough word count of the whole book (what sites print as 字数). */
  readonly words: number;
  /** True for the book whose first chapter is the seed chapter (when the seed file is present). */
  readonly hasSeedChapter: boolean;
  /** Chapters visible at `nowMs` (a site with lag L calls this with now − L). */
  publishedCount(nowMs: number): number;
  /** When chapter `index` is (or was) published. */
  publishedAt(index: number): number;
}

export interface DemoChapter {
  readonly bookId: number;
  readonly index: number;
  /** 1-based chapter number. */
  readonly number: number;
  /** The name without its number, e.g. 风起云涌. */
  readonly name: string;
  /** The canonical title: 第12章 风起云涌 / Chapter 12 - The Iron Gate. */
  readonly title: string;
  /** The text, one paragraph per item, without any site boilerplate: the truth. */
  readonly paragraphs: readonly string[];
  readonly publishedAt: number;
  /** True when the text comes from the seed chapter file. */
  readonly seed: boolean;
}

/** One row of a site's table of contents. */
export interface DemoTocEntry {
  /** Site-local key: `c12` = true chapter index 12, `x0` = extra chapter 0, `v1` = volume 1. */
  readonly key: string;
  /** The title exactly as this site prints it. */
  readonly title: string;
  readonly kind: 'chapter' | 'extra' | 'volume';
  /** Index into the book's true chapters; null for extra chapters and volume headings. */
  readonly chapterIndex: number | null;
  readonly publishedAt: number;
}

export interface DemoExtraChapter {
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** The true chapter index it follows. */
  readonly after: number;
}

interface BookRow {
  title: string;
  author: string;
  kind: string;
  language: 'zh' | 'en';
  chapters: number;
  /** Chapters published at the epoch; equal to `chapters` for completed books. */
  initial?: number;
  intervalMinutes?: number;
  /** b = biquge, p = paged, j = json, e = english */
  sites: string;
  seed?: boolean;
  premise: string;
}

// The table. Titles and authors are invented. Most books are on several sites (same title and
// author), each site also has a few of its own.
// prettier-ignore
const rows: BookRow[] = [
  { title: '青锋问道', author: '墨染秋', kind: '仙侠', language: 'zh', chapters: 3200, initial: 3150, intervalMinutes: 120, sites: 'bpj', premise: '山村少年误入剑宗，一柄锈剑牵出三百年前的旧案' },
  { title: '长夜行歌', author: '白鹿野', kind: '玄幻', language: 'zh', chapters: 2150, initial: 2140, intervalMinutes: 60, sites: 'bpj', premise: '长夜降临的大陆上，守灯人之子踏上寻找黎明的远路' },
  { title: '便民窗口', author: '青石岸', kind: '都市', language: 'zh', chapters: 120, sites: 'bpj', seed: true, premise: '一座小城的政务服务中心里，窗口后面的人和窗口前面的事' },
  { title: '星河归途', author: '南山有雪', kind: '科幻', language: 'zh', chapters: 300, sites: 'bpj', premise: '远航舰队失联百年之后，一艘旧船载着最后的船员返航' },
  { title: '江城旧事', author: '一盏清茶', kind: '都市', language: 'zh', chapters: 480, initial: 470, intervalMinutes: 30, sites: 'bpj', premise: '老城改造前夜，一家三代人的旧账被重新翻开' },
  { title: '大明布衣', author: '老街说书人', kind: '历史', language: 'zh', chapters: 1500, initial: 1480, intervalMinutes: 360, sites: 'bpj', premise: '一个落第书生在嘉靖年间的市井里谋生，也卷进了朝堂的风波' },
  { title: '雾隐山庄', author: '夜半听雨', kind: '悬疑', language: 'zh', chapters: 260, sites: 'bpj', premise: '七位客人被困在大雾封山的庄园，每天清晨都少一个人' },
  { title: '剑起长安', author: '风过无痕', kind: '武侠', language: 'zh', chapters: 860, initial: 850, intervalMinutes: 10, sites: 'bpj', premise: '长安城外的无名剑客，为一纸婚约闯入江湖' },
  { title: '九州异闻录', author: '山海客', kind: '玄幻', language: 'zh', chapters: 640, sites: 'bp', premise: '游方郎中走遍九州，记下每一桩怪事背后的人心' },
  { title: '月下书生', author: '温酒', kind: '古言', language: 'zh', chapters: 420, initial: 400, intervalMinutes: 1440, sites: 'bj', premise: '落魄书生与将门之女，一场错嫁引出的半生纠葛' },
  { title: '深海信号', author: '林间鹿', kind: '科幻', language: 'zh', chapters: 150, initial: 140, intervalMinutes: 120, sites: 'pj', premise: '深海科考站收到一段来自海沟底部的重复信号' },
  { title: '旧城灯火', author: '北巷', kind: '都市', language: 'zh', chapters: 90, sites: 'b', premise: '夜班出租车司机载过的乘客，拼成了一座城市的夜晚' },
  { title: '山河无恙', author: '长歌', kind: '历史', language: 'zh', chapters: 210, initial: 200, intervalMinutes: 240, sites: 'b', premise: '乱世里的一支押粮小队，走完了一条没人走通的路' },
  { title: '妙手仁心', author: '杏林春', kind: '都市', language: 'zh', chapters: 330, initial: 320, intervalMinutes: 180, sites: 'p', premise: '急诊科新来的规培医生，第一年就遇上了最难的一个冬天' },
  { title: '荒村夜话', author: '鸦九', kind: '灵异', language: 'zh', chapters: 75, sites: 'p', premise: '搬回老家的年轻人，在祠堂里找到一本只写了一半的族谱' },
  { title: '机甲纪元', author: '钢铁之心', kind: '科幻', language: 'zh', chapters: 560, initial: 550, intervalMinutes: 90, sites: 'j', premise: '报废场里捡来的旧机甲，藏着一整场战争的记忆' },
  { title: '仙途漫漫', author: '小鱼干', kind: '仙侠', language: 'zh', chapters: 45, initial: 40, intervalMinutes: 720, sites: 'j', premise: '资质最差的外门弟子，靠种田修成了一方仙途' },
  { title: 'The Iron Ledger', author: 'Mara Quill', kind: 'Fantasy', language: 'en', chapters: 640, initial: 630, intervalMinutes: 720, sites: 'ej', premise: 'A bookkeeper discovers that the guild ledger records debts owed by the dead' },
  { title: 'Ashes of the Pale Crown', author: 'T. R. Holloway', kind: 'Fantasy', language: 'en', chapters: 320, sites: 'ej', premise: 'The last heir of a fallen house bargains with the fire that ended it' },
  { title: 'Lanternfall', author: 'Wren Ashby', kind: 'Adventure', language: 'en', chapters: 180, initial: 170, intervalMinutes: 180, sites: 'e', premise: 'When the sky lanterns stop rising, a courier carries the last flame across the mountains' },
  { title: 'The Clockwork Apprentice', author: 'Juniper Vale', kind: 'Steampunk', language: 'en', chapters: 95, sites: 'ej', premise: 'An apprentice tinkerer builds a friend and then has to keep it secret' },
  { title: 'Harbor of Small Gods', author: 'Elias Wren', kind: 'Mystery', language: 'en', chapters: 45, initial: 40, intervalMinutes: 360, sites: 'e', premise: 'Every shrine in the harbor town goes quiet on the same night' },
];

const siteLetters: Record<string, DemoTemplate> = {
  b: 'biquge',
  p: 'paged',
  j: 'json',
  e: 'english',
};

function introFor(row: BookRow, protagonist: string): string {
  if (row.language === 'en') {
    return `${row.premise}. ${protagonist} never wanted to be a hero, but the story does not ask. Updated regularly; thank you for reading.`;
  }
  return `${row.premise}。${protagonist}原本只想过平静的日子，命运却一次次把他推到风口浪尖。本书${row.chapters > 1000 ? '长篇连载' : '精彩纷呈'}，欢迎收藏。`;
}

class Book implements DemoBook {
  readonly id: number;
  readonly title: string;
  readonly author: string;
  readonly intro: string;
  readonly kind: string;
  readonly status: 'ongoing' | 'completed';
  readonly language: 'zh' | 'en';
  readonly chapterCount: number;
  readonly initialCount: number;
  readonly intervalMs: number;
  readonly carriedBy: readonly DemoTemplate[];
  readonly words: number;
  readonly hasSeedChapter: boolean;
  readonly seedKey: number;
  readonly cast: readonly string[];

  constructor(id: number, row: BookRow) {
    this.id = id;
    this.title = row.title;
    this.author = row.author;
    this.kind = row.kind;
    this.language = row.language;
    this.chapterCount = row.chapters;
    this.initialCount = Math.min(row.initial ?? row.chapters, row.chapters);
    this.status = this.initialCount < this.chapterCount ? 'ongoing' : 'completed';
    this.intervalMs = (row.intervalMinutes ?? 1440) * 60_000;
    this.carriedBy = [...row.sites].map((letter) => siteLetters[letter] as DemoTemplate);
    this.words = row.chapters * (row.language === 'zh' ? 3000 : 2200);
    this.hasSeedChapter = row.seed === true;
    this.seedKey = hashString(`book:${row.title}:${row.author}`);
    this.cast = castFor(rng('cast', this.seedKey), row.language).names;
    this.intro = introFor(row, this.cast[0] as string);
  }

  publishedAt(index: number): number {
    return DEMO_EPOCH + (index - this.initialCount + 1) * this.intervalMs;
  }

  publishedCount(nowMs: number): number {
    if (nowMs === Infinity) return this.chapterCount;
    const count = Math.floor((nowMs - DEMO_EPOCH) / this.intervalMs) + this.initialCount;
    return Math.max(0, Math.min(this.chapterCount, count));
  }
}

/** Extra (non-story) chapters that the biquge template inserts: after which true index, and the title. */
function extrasFor(book: Book): Array<{ after: number; title: string }> {
  if (book.language !== 'zh') return [];
  const extras: Array<{ after: number; title: string }> = [];
  if (book.chapterCount >= 40) extras.push({ after: 29, title: '上架感言' });
  if (book.chapterCount >= 200) extras.push({ after: 149, title: '请假条' });
  return extras;
}

/** Volume boundaries used by the json template for Chinese books: volume k starts at starts[k]. */
function volumeStarts(book: Book): number[] {
  const r = rng('volumes', book.seedKey);
  const starts: number[] = [];
  for (let at = 0; at < book.chapterCount; at += r.range(60, 160)) starts.push(at);
  return starts;
}

// prettier-ignore
const volumeNames = ['初出茅庐', '风起青萍', '暗潮汹涌', '山雨欲来', '龙战于野', '破而后立', '天下大势', '万里归途', '群星闪耀', '长夜将尽', '拨云见日', '尘埃落定'];

export class DemoCatalogue {
  private readonly list: Book[];
  private readonly byId = new Map<number, Book>();
  private readonly volumeCache = new Map<number, number[]>();
  private readonly tocCache = new Map<string, readonly DemoTocEntry[]>();

  constructor() {
    this.list = rows.map((row, i) => new Book(i + 1, row));
    for (const book of this.list) this.byId.set(book.id, book);
  }

  books(): DemoBook[] {
    return [...this.list];
  }

  book(id: number | string): DemoBook {
    return this.get(id);
  }

  private get(id: number | string): Book {
    const book = this.byId.get(Number(id));
    if (!book) throw new RangeError(`no demo book ${id}`);
    return book;
  }

  /** The book whose first chapter is the seed chapter. */
  seedBook(): DemoBook {
    return this.list.find((book) => book.hasSeedChapter) as Book;
  }

  /** The true chapter: canonical title and paragraphs, no boilerplate. */
  chapter(bookId: number | string, index: number): DemoChapter {
    const book = this.get(bookId);
    if (!Number.isInteger(index) || index < 0 || index >= book.chapterCount) {
      throw new RangeError(`book ${book.id} has no chapter ${index}`);
    }
    const number = index + 1;
    const name =
      book.language === 'zh'
        ? chineseChapterName(book.seedKey, index)
        : englishChapterName(book.seedKey, index);
    const title = book.language === 'zh' ? `第${number}章 ${name}` : `Chapter ${number} - ${name}`;
    const seed = book.hasSeedChapter && index === 0 ? loadSeedChapter() : undefined;
    const r = rng('chapter', book.seedKey, index);
    const paragraphs = seed
      ? [...seed.paragraphs]
      : book.language === 'zh'
        ? chineseParagraphs(r, book.cast)
        : englishParagraphs(r, book.cast);
    return {
      bookId: book.id,
      index,
      number,
      name,
      title,
      paragraphs,
      publishedAt: book.publishedAt(index),
      seed: seed !== undefined,
    };
  }

  /** Books a template carries. */
  siteBooks(template: DemoTemplate): DemoBook[] {
    return this.list.filter((book) => book.carriedBy.includes(template));
  }

  /** Books of a template whose title or author contains the keyword (case-insensitive). */
  search(template: DemoTemplate, keyword: string): DemoBook[] {
    const key = keyword.trim().toLowerCase();
    if (!key) return [];
    return this.siteBooks(template).filter(
      (book) => book.title.toLowerCase().includes(key) || book.author.toLowerCase().includes(key),
    );
  }

  /** True when the paged template leaves this chapter out (about one in forty, never the first or last). */
  missingOnPaged(bookId: number | string, index: number): boolean {
    const book = this.get(bookId);
    if (index <= 0 || index >= book.chapterCount - 1) return false;
    return hashString(`missing:${book.seedKey}:${index}`) % 40 === 0;
  }

  /** The extra chapter `k` of the biquge template (上架感言 / 请假条). */
  extraChapter(bookId: number | string, k: number): DemoExtraChapter {
    const book = this.get(bookId);
    const extra = extrasFor(book)[k];
    if (!extra) throw new RangeError(`book ${book.id} has no extra chapter ${k}`);
    const paragraphs =
      extra.title === '上架感言'
        ? [
            `各位书友好，《${book.title}》明天就要上架了，先在这里谢谢一路追到这里的每一位读者。`,
            '写这本书的初衷很简单，就是想把心里那个故事完整地讲出来。',
            '上架之后会保持每日更新，订阅和月票就拜托大家了。',
            `${book.author}  敬上`,
          ]
        : [
            '今天家里有点急事，更新暂停一天，明天会把欠下的章节补上。',
            '给大家添麻烦了，感谢理解。',
            `${book.author}`,
          ];
    return { title: extra.title, paragraphs, after: extra.after };
  }

  /**
   * A template's table of contents of a book at `siteNowMs` (the site's own time, i.e. now
   * minus its lag): the chapters it shows, in its own titles.
   * - biquge: 第123章 name, plus extra chapters (上架感言 after 30, 请假条 after 150);
   * - paged: 第一百二十三章 name, with about one chapter in forty missing;
   * - json: volumes whose chapter numbers restart at 1 (第二卷 name / 第1章 name) for Chinese
   *   books, `Chapter 12: name` for English ones;
   * - english: Chapter 12 - name.
   */
  siteToc(
    template: DemoTemplate,
    bookId: number | string,
    siteNowMs = Infinity,
  ): readonly DemoTocEntry[] {
    const book = this.get(bookId);
    const count = book.publishedCount(siteNowMs);
    const cacheKey = `${template}:${book.id}:${count}`;
    const cached = this.tocCache.get(cacheKey);
    if (cached) return cached;
    const toc = Object.freeze(this.buildToc(template, book, count).map((e) => Object.freeze(e)));
    this.tocCache.set(cacheKey, toc);
    if (this.tocCache.size > 64) this.tocCache.delete(this.tocCache.keys().next().value as string);
    return toc;
  }

  private buildToc(template: DemoTemplate, book: Book, count: number): DemoTocEntry[] {
    const out: DemoTocEntry[] = [];
    const name = (index: number) =>
      book.language === 'zh'
        ? chineseChapterName(book.seedKey, index)
        : englishChapterName(book.seedKey, index);
    switch (template) {
      case 'biquge': {
        const extras = extrasFor(book);
        for (let i = 0; i < count; i++) {
          out.push({
            key: `c${i}`,
            title: `第${i + 1}章 ${name(i)}`,
            kind: 'chapter',
            chapterIndex: i,
            publishedAt: book.publishedAt(i),
          });
          extras.forEach((extra, k) => {
            if (extra.after === i) {
              out.push({
                key: `x${k}`,
                title: extra.title,
                kind: 'extra',
                chapterIndex: null,
                publishedAt: book.publishedAt(i),
              });
            }
          });
        }
        break;
      }
      case 'paged':
        for (let i = 0; i < count; i++) {
          if (this.missingOnPaged(book.id, i)) continue;
          out.push({
            key: `c${i}`,
            title: `第${chineseNumber(i + 1)}章 ${name(i)}`,
            kind: 'chapter',
            chapterIndex: i,
            publishedAt: book.publishedAt(i),
          });
        }
        break;
      case 'json': {
        if (book.language === 'en') {
          for (let i = 0; i < count; i++) {
            out.push({
              key: `c${i}`,
              title: `Chapter ${i + 1}: ${name(i)}`,
              kind: 'chapter',
              chapterIndex: i,
              publishedAt: book.publishedAt(i),
            });
          }
          break;
        }
        const starts = this.volumes(book);
        for (let v = 0; v < starts.length; v++) {
          const start = starts[v] as number;
          if (start >= count) break;
          const volumeName = volumeNames[v % volumeNames.length] as string;
          out.push({
            key: `v${v}`,
            title: `第${chineseNumber(v + 1)}卷 ${volumeName}`,
            kind: 'volume',
            chapterIndex: null,
            publishedAt: book.publishedAt(start),
          });
          const end = Math.min(count, starts[v + 1] ?? book.chapterCount);
          for (let i = start; i < end; i++) {
            out.push({
              key: `c${i}`,
              title: `第${i - start + 1}章 ${name(i)}`,
              kind: 'chapter',
              chapterIndex: i,
              publishedAt: book.publishedAt(i),
            });
          }
        }
        break;
      }
      case 'english':
        for (let i = 0; i < count; i++) {
          out.push({
            key: `c${i}`,
            title: `Chapter ${i + 1} - ${name(i)}`,
            kind: 'chapter',
            chapterIndex: i,
            publishedAt: book.publishedAt(i),
          });
        }
        break;
    }
    return out;
  }

  private volumes(book: Book): number[] {
    let starts = this.volumeCache.get(book.id);
    if (!starts) {
      starts = volumeStarts(book);
      this.volumeCache.set(book.id, starts);
    }
    return starts;
  }
}

/** The one catalogue every demo site serves. */
export const catalogue = new DemoCatalogue();
