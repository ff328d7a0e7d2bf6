/**
 * Noise every aggregator site shares, recognised without any learning: the "we fetch the fastest
 * updates for you" banner, "remember our domain" lines, recommendation lists, navigation links.
 * Only runs of such lines touching the top or the bottom of a chapter are removed, so a sentence
 * in the story that happens to use these words is kept.
 */
import { advertForm, skeletonOf, hasUrlSlot, lettersOf, withoutSlots } from './normalize.ts';
import type { SkeletonContext } from './normalize.ts';

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

// What sites say around their name and address, besides the story: once a line's addresses,
// site, book and chapter names (the skeleton's slots) and these words are gone, an advert has
// nothing left. Phrasings from real sites, e.g. "一秒记住【…】，精彩小说无弹窗免费阅读！",
// "（笔趣阁 https://… 无广告！）", "《书名》最新章节第12章地址：…", "No ads at x.com!".
const advertWords =
  /一秒钟?记住|天才一秒|记住|欢迎|本站|本书|精彩|小说|无弹窗|弹窗|免费|阅读|无广告|广告|更新|速度|最快|全网|最新|章节|全文|手机版?|网址|地址|域名|首发|收藏|加入|书签|访问|下载|用户|提供|无错|全本|文字|第一时间|请|您|的|为|在|和|与|就|是|可以|地|网|站|版|页|www|https?|visit|read|first|at|on|for|the|latest|chapters?|no|ads?|free|online|please|support|author|bookmark|us/gi;

/**
 * True when the skeleton says nothing but names, numbers, addresses and advert words.
 * Samples: "一秒记住【{站名}{网址}】,精彩小说无弹窗免费阅读!" and "({站名}{网址}无广告!)" → true;
 * "他说:“去看看{网址}吧。”" → false.
 */
function advertOnly(skeleton: string): boolean {
  return advertShare(skeleton) === 1;
}

/** The share of the skeleton's own letters (slots aside) that are advert words, 0..1. */
function advertShare(skeleton: string): number {
  const own = lettersOf(withoutSlots(skeleton)).length;
  if (own === 0) return 1;
  return 1 - lettersOf(withoutSlots(skeleton).replace(advertWords, '')).length / own;
}

/**
 * A line that is a web address and little else.
 * Samples: "www.315zw.com", "（ｗｗｗ．ｘ３３ｘｓ．ｃｏｍ）", "最新：x.la"; not "他说：“去看看 google.com 吧。”".
 */
function isAddress(line: string): boolean {
  const skeleton = skeletonOf(line);
  return hasUrlSlot(skeleton) && lettersOf(skeleton.replaceAll('{网址}', '')).length <= 4;
}

// A sentence with its closing mark; a bracketed aside stays whole inside it.
// Sample: "他走了。请收藏本站x.com！" → "他走了。", "请收藏本站x.com！"; "（番茄?小说网x.la）" is one.
const sentences = /(?:[（(【[][^（()）【】[\]\n]{1,60}[)）】\]]|[^。！？!?；])+[。！？!?；]*/g;

// Two pieces of a line split at a `?` a page's encoding made of a lost character: "下载后?" + "请在：x.la。".
const lostSplit = { before: /\p{Script=Han}[?\ufffd]$/u, after: /^\p{Script=Han}/u };

// The last clause of a sentence, after its last clause mark. Sample: "…两个大字——求勒?" → "求勒?".
const lastClause = /[，,：:、—…”」）)]([^，,：:、—…”」）)]+)$/;

// A breadcrumb trail. Sample: "新笔趣阁 > 便民窗口 > 第1章 余烬一线".
const breadcrumb = /^[^>›»]{1,30}(?:\s*[>›»]\s*[^>›»]{1,40}){2,}$/;

const rules: readonly NoiseRule[] = [
  { name: 'banner', test: (line) => banner.test(advertForm(line)) && isAllAdvert(line) },
  { name: 'book-list', test: (line) => bookList.test(line) },
  {
    name: 'remember',
    test: (line) => line.length <= 80 && remember.test(advertForm(line)) && isAllAdvert(line),
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
export function anywhereNoiseOf(line: string, skeleton = skeletonOf(line)): string | undefined {
  if (pagination.test(line)) return 'pagination';
  if (line.length <= 200 && antiTheft.test(line) && antiTheftWhere.test(line)) return 'anti-theft';
  if (isAddress(line)) return 'address';
  if (line.length > 160 || !hasUrlSlot(skeleton)) return undefined;
  return isAllAdvert(line) || advertOnly(skeleton) ? 'advert' : undefined;
}

/** The text says "remember us", "read here", "fastest updates"… (`?` a page lost ignored). */
function promotes(text: string): boolean {
  const form = advertForm(text);
  return remember.test(form) || banner.test(form) || englishAdvert.test(form);
}

/**
 * Every sentence of the line promotes the site or names an address (and one promotes): the
 * line is an advert. A line with a sentence of story in it keeps the story (`stripInlineAdverts`).
 * Samples: "天才一秒记住本站地址：x.co。手机版阅读网址：m.x.co" → true; "他走了。请收藏本站x.com！" → false.
 */
function isAllAdvert(line: string): boolean {
  const parts = line.match(sentences) ?? [line];
  const each = parts.every(
    (part) =>
      promotes(part) || hasAddress(part) || lettersOf(part) === '' || advertOnly(skeletonOf(part)),
  );
  return each && parts.some(promotes);
}

// A bracketed aside. Sample: "他走了。（天才一秒记住：ｗｗｗ．ａ．ｃｏｍ）她笑了。" → the （…） part.
const bracketed = /[（(【[]([^（()）【】[\]\n]{1,60})[)）】\]]/g;

/**
 * Letters of what is left of an edge line once its advert is cut out (names and numbers aside), at
 * most, for the rest to be taken as the advert's too.
 */
const shortRemainder = 16;

const closingMarks = /^[”’」』）)】\]]+/;

// An address under a short label, the way sites print theirs. Samples (skeletons):
// "最新网址:{网址}", "深水鱼雷:{网址}。"; not "他说:“去看看{网址}吧。”".
const labelledAddress = /^[^:：]{1,12}[:：]\s*\{网址\}[^\p{L}\p{N}]*$/u;

/** What `splitAdverts` decided for one line. */
interface AdvertSplit {
  /** The whole line is an advert: nothing of the story is in it. */
  readonly whole: boolean;
  /** The line without its adverts (the line itself when nothing was found). */
  readonly line: string;
  readonly removed: readonly string[];
}

/**
 * Decides on a whole line that holds an advert with a web address: a bracketed aside with an
 * address goes out of its sentence, and a sentence that names an address and promotes the site,
 * prints it under a short label, or is mostly advert words, goes whole. When no story is left,
 * the whole line is an advert; otherwise the story is kept, and no piece of an advert stays with
 * it. `atEdge`: the line is among the chapter's first or last three, where a line with an address
 * and little else of its own (names and numbers aside) is an advert.
 * Examples: "他走了。（一秒记住ａ.com）" → { whole: false, line: "他走了。" };
 * "一秒记住【笔趣阁 x5.com】，精彩小说无?弹窗免费阅读！" → { whole: true }.
 */
export function splitAdverts(
  line: string,
  context: SkeletonContext = {},
  atEdge = false,
): AdvertSplit {
  const unchanged: AdvertSplit = { whole: false, line, removed: [] };
  if (!hasAddress(line)) return unchanged;
  const wholeLine = { whole: true, line: '', removed: [line] };
  if (atEdge && lettersOf(withoutSlots(skeletonOf(line, context))).length <= shortRemainder) {
    return wholeLine;
  }
  const isAdvertText = (text: string) => advertOnly(skeletonOf(text, context));
  // Per sentence: the whole sentence is an advert, or its bracketed asides with an address are.
  const parts = (line.match(sentences) ?? [line]).map((sentence) => {
    const asides: string[] = [];
    const rest = sentence.replace(bracketed, (all, inner: string) => {
      if (!hasAddress(inner)) return all;
      asides.push(all);
      return '';
    });
    const restSkeleton = skeletonOf(rest, context);
    const advert =
      lettersOf(rest) !== '' &&
      (asides.length > 0 || hasUrlSlot(restSkeleton)) &&
      (isAdvertText(rest) ||
        promotes(rest) ||
        (hasUrlSlot(restSkeleton) &&
          (labelledAddress.test(restSkeleton) || advertShare(restSkeleton) >= 0.5)));
    return { sentence, rest, asides, advert };
  });
  // A sentence of advert words next to an advert is the advert's tail ("…无?" + "弹窗免费阅读！"),
  // and so is a piece cut off it by a lost character, when short or the two are mostly advert.
  const glued = (i: number) => {
    const [a, b] = [parts[i], parts[i + 1]];
    if (a === undefined || b === undefined || a.advert === b.advert) return false;
    if (!lostSplit.before.test(a.sentence) || !lostSplit.after.test(b.sentence)) return false;
    const cut = a.advert ? b.rest : a.rest;
    return lettersOf(cut).length <= 6 || advertShare(skeletonOf(a.rest + b.rest, context)) >= 0.6;
  };
  parts.forEach((part, i) => {
    if (part.advert || lettersOf(part.rest) === '') return;
    const besideAdvert = parts[i - 1]?.advert === true || parts[i + 1]?.advert === true;
    if ((besideAdvert && isAdvertText(part.rest)) || glued(i - 1) || glued(i)) part.advert = true;
  });
  // A long story sentence cut by a lost character in front of an advert: its last clause is the
  // advert's head ("…两个大字——求勒?" + "个票：x.la。"), the rest stays story.
  const lostHeads: string[] = [];
  parts.forEach((part, i) => {
    const next = parts[i + 1];
    if (part.advert || next?.advert !== true) return;
    if (!lostSplit.before.test(part.rest) || !lostSplit.after.test(next.sentence)) return;
    const head = lastClause.exec(part.rest);
    if (head === null || lettersOf(head[1] ?? '').length > 6) return;
    lostHeads.push(head[1] ?? '');
    part.rest = part.rest.slice(0, head.index + head[0].length - (head[1] ?? '').length);
  });
  // A sentence of its own, with no address, untouched by an advert and not a piece a lost
  // character cut off one.
  const wholeSentences = parts.some(
    (p, i) =>
      !p.advert &&
      p.asides.length === 0 &&
      lettersOf(p.rest) !== '' &&
      !hasAddress(p.rest) &&
      !lostSplit.before.test(p.sentence) &&
      !lostSplit.before.test(parts[i - 1]?.sentence ?? ''),
  );
  const removed = [...parts.flatMap((p) => (p.advert ? [p.sentence] : p.asides)), ...lostHeads];
  if (removed.length === 0) return unchanged;
  // A closing quote that ends the story's sentence stays when the advert after it goes.
  const story = parts
    .map((p) => (p.advert ? (closingMarks.exec(p.sentence)?.[0] ?? '') : p.rest))
    .join('')
    .trim();
  // At the top or the bottom of a chapter, where sites put their lines, a short remainder of the
  // advert's own sentence is the rest of the advert ("饭团看书，方便阅读！" around
  // "【零点看书网 x.com】"), not a paragraph; a whole sentence beside an advert sentence is story
  // ("会议室里一片沉默。" before "点此章节报错：x.la。": the bench lost three such paragraphs).
  const own = lettersOf(withoutSlots(skeletonOf(story, context))).length;
  if (own === 0 || isAdvertText(story) || (atEdge && own <= shortRemainder && !wholeSentences)) {
    return wholeLine;
  }
  return { whole: false, line: story, removed };
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
