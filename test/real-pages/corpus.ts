/**
 * The replay corpus: real saved pages of biquge-family sites (../shared/data/real-pages/, see its
 * README) with what a person sees on them, and the real community sources paired with them.
 * `exact` pairs are sources written for the page's template: they must extract what a person sees.
 * The others must fail, and the failure must name its real cause (stage, rule, URL).
 */
import { readFileSync } from 'node:fs';
import { decodeHTML } from 'entities';
import { sharedData } from '../support/outside-material.ts';

export interface RealPage {
  /** The page's path on its site (where the replay serves it). */
  readonly path: string;
  /** Relative to ../shared/data. */
  readonly file: string;
}

/** What a person sees on the book page and, when saved, on its first chapter. */
export interface PersonSees {
  readonly title: string;
  readonly author: string;
  /** Chapter titles in reading order; undefined when the TOC page is not in the corpus. */
  readonly chapters?: () => readonly string[];
  readonly firstChapter?: { readonly title: string; readonly paragraphs: () => readonly string[] };
}

export interface RealSite {
  readonly name: string;
  /** The registrable domain: every absolute URL on it is served by the replay. */
  readonly domain: string;
  readonly bookPath: string;
  readonly pages: readonly RealPage[];
  readonly sees: PersonSees;
}

const text = (file: string): string => readFileSync(sharedData(file), 'utf8');

/**
 * The chapter links of a biquge `<dl>` as a person reads them: every `<dd><a>` in page order,
 * without the "latest chapters" block printed above the list (`skip` links).
 */
function ddTitles(file: string, skip: number): string[] {
  const titles = [...text(file).matchAll(/<dd>\s*<a [^>]*>([^<]*)<\/a>/g)].map((m) =>
    decodeHTML(m[1]!).trim(),
  );
  return titles.slice(skip);
}

/** The lines of `#content` split at `<br>`, each trimmed of its `&nbsp;` indent. */
function contentLines(file: string): string[] {
  const inner = /<div id="content">([\s\S]*?)<\/div>/.exec(text(file))?.[1] ?? '';
  return inner
    .split(/<br\s*\/?>/i)
    .map((line) => decodeHTML(line.replace(/<[^>]+>/g, '')).trim())
    .filter((line) => line !== '');
}

const biqugeInfoIndex = 'real-pages/biquge.info_74_74132_index.html';
const biqugeInfoChapter = 'real-pages/biquge.info_74_74132_14482860.html';
const shuqugeIndex = 'real-pages/shuquge_30668_index.html';

export const sites: readonly RealSite[] = [
  {
    name: '笔趣阁 biquge.info',
    domain: 'biquge.info',
    bookPath: '/74_74132/',
    pages: [
      { path: '/74_74132/', file: biqugeInfoIndex },
      { path: '/74_74132/14482860.html', file: biqugeInfoChapter },
    ],
    sees: {
      title: '我师兄实在太稳健了',
      author: '言归正传',
      chapters: () => ddTitles(biqugeInfoIndex, 0),
      firstChapter: { title: '第一章 小小灵娥', paragraphs: () => contentLines(biqugeInfoChapter) },
    },
  },
  {
    name: '书趣阁 shuquge',
    domain: 'shuquge.com',
    bookPath: '/txt/30668/index.html',
    pages: [{ path: '/txt/30668/index.html', file: shuqugeIndex }],
    // The first 12 links repeat the newest chapters above the list.
    sees: {
      title: '修真聊天群',
      author: '圣骑士的传说(书坊)',
      chapters: () => ddTitles(shuqugeIndex, 12),
    },
  },
  {
    name: '斋书苑 zhaishuyuan (GBK)',
    domain: 'zhaishuyuan.com',
    bookPath: '/book/36788',
    pages: [{ path: '/book/36788', file: 'real-pages/zhaishuyuan_book_36788.html' }],
    sees: { title: '武谪仙', author: '流浪的蛤蟆' },
  },
];

/** What a pair must do. */
export type Expectation =
  /** The source is written for this template: everything a person sees, exactly. */
  | { readonly kind: 'exact' }
  /**
   * The rules do not fit the page: the run stops at `step` with `code`, and the message names
   * the real cause (each of `mentions`: the rule field, its text, the page's path…). With
   * `seesBook`, the book's title and author were read exactly before that.
   */
  | {
      readonly kind: 'fails';
      readonly step: 'info' | 'toc' | 'read';
      readonly code: string;
      readonly mentions: readonly string[];
      readonly seesBook?: boolean;
    }
  /**
   * The source is written for a variant of the template and reads it without an error but
   * differently, as it would in Legado: `why` says how, and the observed difference is exact.
   */
  | { readonly kind: 'differs'; readonly why: string; readonly differs: Difference };

/** How a `differs` pair departs from what a person sees. */
export type Difference = { readonly dropsFirstChapters: number } | { readonly author: string };

export interface Pair {
  /** Relative to ../shared/data/booksources. */
  readonly collection: string;
  readonly source: string;
  readonly site: RealSite['name'];
  readonly expect: Expectation;
}

const collections = {
  heji: 'bushixuanqi__book-source/书源合集.json',
  dahuilang: 'shidahuilang__shuyuan/shuyuans_data/4078_aa9b7c79d9bca687023f1e1ae6cce7ab.json',
  books: (name: string) => `Gladtbam__BookS/Source/${name}.json`,
};
const [biqugeInfo, shuquge, zhaishuyuan] = sites.map((s) => s.name) as [string, string, string];
const exact = { kind: 'exact' } as const;

export const pairs: readonly Pair[] = [
  // biquge.info: `#info h1`, `#info p`, `#list dd a`, `#content`, og:novel meta.
  { collection: collections.heji, source: '书家文学', site: biqugeInfo, expect: exact },
  { collection: collections.books('muqiuye'), source: '暮秋夜', site: biqugeInfo, expect: exact },
  { collection: collections.books('x33xs'), source: '33小说网', site: biqugeInfo, expect: exact },
  {
    collection: collections.books('fengwug'),
    source: '凤舞阁(笔趣阁)',
    site: biqugeInfo,
    expect: exact,
  },
  { collection: collections.books('5hzw'), source: '五湖中文网', site: biqugeInfo, expect: exact },
  { collection: collections.dahuilang, source: '八一中文①', site: biqugeInfo, expect: exact },
  { collection: collections.dahuilang, source: '闪舞小说', site: biqugeInfo, expect: exact },
  {
    collection: collections.heji,
    source: '文学巴士',
    site: biqugeInfo,
    expect: {
      kind: 'differs',
      why: 'chapterList `id.list@tag.dd!0:1:…:11` skips a 12-link "latest" block this page does not have',
      differs: { dropsFirstChapters: 12 },
    },
  },
  {
    collection: collections.heji,
    source: '书包网',
    site: biqugeInfo,
    expect: {
      kind: 'differs',
      why: 'chapterList `tag.dl@tag.dd!0` skips a first link this page does not repeat',
      differs: { dropsFirstChapters: 1 },
    },
  },
  {
    collection: collections.books('xiaoshuo530'),
    source: '小说书网',
    site: biqugeInfo,
    expect: {
      kind: 'differs',
      why: 'author `id.info@tag.p.0@tag.a@text` expects the author as a link; here it is plain text',
      differs: { author: '' },
    },
  },
  {
    collection: collections.books('ishuquge'),
    source: '书趣阁',
    site: biqugeInfo,
    expect: {
      kind: 'fails',
      step: 'info',
      code: 'rule-error',
      mentions: ['ruleBookInfo.name', '`class.cover@tag.img@alt`', '/74_74132/'],
    },
  },
  {
    collection: collections.heji,
    source: '有度中文',
    site: biqugeInfo,
    expect: {
      kind: 'fails',
      step: 'toc',
      code: 'rule-error',
      mentions: ['ruleToc.chapterList', '`id.chapterList@tag.li`', '/74_74132/'],
      seesBook: true,
    },
  },
  {
    collection: collections.dahuilang,
    source: '笔趣阁㉖',
    site: biqugeInfo,
    expect: {
      kind: 'fails',
      step: 'read',
      code: 'rule-error',
      mentions: ['ruleContent.content', '`id.htmlContent@p@html', '/74_74132/14482860.html'],
      seesBook: true,
    },
  },
  {
    collection: collections.books('555x'),
    source: '无限小说网',
    site: biqugeInfo,
    expect: {
      kind: 'fails',
      step: 'read',
      code: 'rule-error',
      mentions: ['ruleContent.content', '`id.booktxt@html', '/74_74132/14482860.html'],
    },
  },
  // shuquge: `.info h2`, `.small span`, `.listmain dd` with a 12-link latest block first.
  { collection: collections.books('ishuquge'), source: '书趣阁', site: shuquge, expect: exact },
  { collection: collections.dahuilang, source: '鬼吹灯', site: shuquge, expect: exact },
  {
    collection: collections.dahuilang,
    source: '笔趣阁③',
    site: shuquge,
    expect: {
      kind: 'fails',
      step: 'info',
      code: 'rule-error',
      mentions: ['ruleBookInfo.name', '`class.info@h1@text', '/txt/30668/index.html'],
    },
  },
  {
    collection: collections.dahuilang,
    source: '闪舞小说',
    site: shuquge,
    expect: {
      kind: 'fails',
      step: 'toc',
      code: 'rule-error',
      mentions: ['ruleToc.chapterList', '`#list dd a`', '/txt/30668/index.html'],
      seesBook: true,
    },
  },
  // zhaishuyuan (GBK): the book page only; its TOC page (/read/36788) was not saved.
  {
    collection: collections.heji,
    source: '斋书苑',
    site: zhaishuyuan,
    expect: {
      kind: 'fails',
      step: 'toc',
      code: 'net-http-status',
      mentions: ['/read/36788', '404'],
      seesBook: true,
    },
  },
  {
    collection: collections.books('x33xs'),
    source: '33小说网',
    site: zhaishuyuan,
    expect: {
      kind: 'fails',
      step: 'toc',
      code: 'rule-error',
      mentions: ['ruleToc.chapterList', '`id.list@tag.dd`', '/book/36788'],
    },
  },
];
