/**
 * Noise every aggregator site shares, recognised without any learning: the "we fetch the fastest
 * updates for you" banner, "remember our domain" lines, recommendation lists, navigation links.
 * Only runs of such lines touching the top or the bottom of a chapter are removed, so a sentence
 * in the story that happens to use these words is kept.
 */
import { skeletonOf, hasUrlSlot, lettersOf } from './normalise.ts';

interface NoiseRule {
  readonly name: string;
  readonly test: (line: string) => boolean;
}

// The aggregator banner. Sample: "315中文网 通过搜索各大小说站为您自动抓取各类小说的最快更新供您阅读!".
const banner =
  /为您自动抓取|通过搜索各大小说站|最快更新.{0,12}(?:供您|阅读)|最新章节.{0,6}免费阅读/;

// A labelled list of other books. Samples: "315中文网推荐阅读:总裁老公…", "搜藏榜：婚然心动…".
const bookList =
  /^.{0,16}(?:推荐阅读|搜藏榜|收藏榜|最新小说|热门小说|热门推荐|猜你喜欢|相关推荐|新书推荐|完本小说|排行榜|本站推荐|强烈推荐|友情链接)\s*[:：]/;

// "Remember our address" and "add a bookmark" lines.
// Samples: "一秒记住【biquge.com】，精彩无弹窗免费阅读！", "请记住本书首发域名：xx.com".
const remember =
  /一秒记住|记住本站|记住网址|记住本书|本站网址|最新网址|新网址|收藏本站|首发域名|手机版阅读|手机阅读网址|手机用户请|无弹窗|天才一秒|本书首发|首发于|由.{0,30}首发|转载请注明|本站地址|本章未完.{0,4}点击下一页|请大家收藏|加入书签|投推荐票|求月票|求推荐票/;

// Short navigation lines. Samples: "上一章 ← 章节目录 → 下一章", "返回书页".
const navigation = /上一章|下一章|上一页|下一页|返回目录|章节目录|返回书页|章节错误|报错|加入书架/;

// The end-of-chapter mark sites append. Samples: "(本章完)", "【本章完】".
const chapterEnd = /^[(（[【]?本章完[)）\]】]?$/;

// Page-turn notes of paged sites, wherever the pages were joined.
// Samples: "-->>本章未完，点击下一页继续阅读", "本章未完，请点击下一页继续阅读》》".
const pagination = /本章未完.{0,6}(?:点击|请点|请翻|翻)下一页/;

// English promotion around an address. Samples: "Visit x.com for the latest chapters",
// "Chapter 9 was first published at x.com", "Support the author at x.me".
const englishAdvert =
  /\b(?:visit|read (?:it |this )?(?:at|on)|first published|published at|support the author|latest chapters?|stolen|bookmark)\b/i;

// Anti-theft notes English sites slip into chapters (Royal Road's, often hidden by CSS).
// Samples: "This narrative has been unlawfully taken from Royal Road. If you spot it on Amazon,
// please report it.", "Stolen content warning: this tale belongs on Royal Road."
const antiTheft =
  /\b(?:story|narrative|tale|content|novel|chapter)\b[^.;]{0,60}\b(?:stolen|unlawfully|misappropriated|without [^.;]{0,20}consent)|\b(?:stolen|misappropriated|unauthori[sz]ed)\b[^.;]{0,80}\b(?:amazon|royal ?road)\b/i;
const antiTheftWhere = /amazon|royal ?road|report|violation/i;

/** A line that carries a web address. */
function hasAddress(line: string): boolean {
  return hasUrlSlot(skeletonOf(line));
}

/**
 * A line that is a web address and little else.
 * Samples: "www.315zw.com", "（ｗｗｗ．ｘ３３ｘｓ．ｃｏｍ）", "最新：x.la"; not "他说：“去看看 google.com 吧。”".
 */
function isAddress(line: string): boolean {
  const skeleton = skeletonOf(line);
  return hasUrlSlot(skeleton) && lettersOf(skeleton.replaceAll('{网址}', '')).length <= 4;
}

// A sentence with its closing mark. Sample: "他走了。请收藏本站x.com！" → "他走了。", "请收藏本站x.com！".
const sentences = /[^。！？!?]+[。！？!?]*/g;

// A breadcrumb trail. Sample: "新笔趣阁 > 便民窗口 > 第1章 余烬一线".
const breadcrumb = /^[^>›»]{1,30}(?:\s*[>›»]\s*[^>›»]{1,40}){2,}$/;

const rules: readonly NoiseRule[] = [
  { name: 'banner', test: (line) => banner.test(line) && isAllAdvert(line) },
  { name: 'book-list', test: (line) => bookList.test(line) },
  {
    name: 'remember',
    test: (line) => line.length <= 80 && remember.test(line) && isAllAdvert(line),
  },
  { name: 'navigation', test: (line) => navigation.test(line) && line.length <= 30 },
  { name: 'breadcrumb', test: (line) => line.length <= 80 && breadcrumb.test(line) },
  { name: 'chapter-end', test: (line) => chapterEnd.test(line) },
  { name: 'address', test: isAddress },
];

/** The name of the built-in rule a line matches, if any. */
export function builtinNoiseOf(line: string): string | undefined {
  return rules.find((rule) => rule.test(line))?.name;
}

/**
 * The built-in rule a line matches wherever it stands: an advertisement that names a web address,
 * a bare address, a page-turn note. A story line almost never holds a domain name.
 */
export function anywhereNoiseOf(line: string): string | undefined {
  if (pagination.test(line)) return 'pagination';
  if (line.length <= 200 && antiTheft.test(line) && antiTheftWhere.test(line)) return 'anti-theft';
  if (isAddress(line)) return 'address';
  if (line.length > 160 || !hasAddress(line)) return undefined;
  return isAllAdvert(line) ? 'advert' : undefined;
}

function promotes(text: string): boolean {
  return remember.test(text) || banner.test(text) || englishAdvert.test(text);
}

/**
 * Every sentence of the line promotes the site or names an address (and one promotes): the
 * line is an advert. A line with a sentence of story in it keeps the story (`stripInlineAdverts`).
 * Samples: "天才一秒记住本站地址：x.co。手机版阅读网址：m.x.co" → true; "他走了。请收藏本站x.com！" → false.
 */
function isAllAdvert(line: string): boolean {
  const parts = line.match(sentences) ?? [line];
  const each = parts.every((part) => promotes(part) || hasAddress(part) || lettersOf(part) === '');
  return each && parts.some(promotes);
}

// A bracketed aside. Sample: "他走了。（天才一秒记住：ｗｗｗ．ａ．ｃｏｍ）她笑了。" → the （…） part.
const bracketed = /[（(【[]([^（()）【】[\]\n]{1,60})[)）】\]]/g;

/**
 * A story paragraph with an advert stuck inside it: a bracketed aside that names a web address,
 * or a sentence that names one and promotes the site. Returns the paragraph without them.
 * Example: "他走了。（一秒记住ａ.com）" → { line: "他走了。", removed: ["（一秒记住ａ.com）"] }.
 */
export function stripInlineAdverts(line: string): { line: string; removed: string[] } {
  const removed: string[] = [];
  let out = line.replace(bracketed, (all, inner: string) => {
    if (!hasAddress(inner)) return all;
    removed.push(all);
    return '';
  });
  out = out.replace(sentences, (sentence) => {
    const promotes =
      remember.test(sentence) || banner.test(sentence) || englishAdvert.test(sentence);
    if (!promotes || !hasAddress(sentence) || sentence.length === out.length) return sentence;
    removed.push(sentence);
    return '';
  });
  const rest = out.trim();
  // Nothing of the story left: the whole line is an advert, which the line rules handle.
  if (removed.length === 0 || lettersOf(rest).length < 2) return { line, removed: [] };
  return { line: rest, removed };
}

/**
 * Indices of noise lines in the runs that touch the top and the bottom of the chapter. `isNoise`
 * lets learned patterns extend the runs (a banner below a learned line is still at the edge).
 */
export function edgeNoise(
  paragraphs: readonly string[],
  isNoise: (index: number) => boolean,
  maxRun = 8,
): Map<number, string> {
  const found = new Map<number, string>();
  const visit = (index: number): boolean => {
    const line = paragraphs[index];
    if (line === undefined) return false;
    if (isNoise(index)) return true;
    const name = builtinNoiseOf(line);
    if (name !== undefined) found.set(index, name);
    return name !== undefined;
  };
  for (let i = 0; i < Math.min(maxRun, paragraphs.length) && visit(i); i++);
  for (let i = paragraphs.length - 1, n = 0; i >= 0 && n < maxRun && visit(i); i--, n++);
  return found;
}
