/**
 * Line normalisation. `tidyLine` is what the reader sees (indentation, zero-width and control
 * characters gone, the author's punctuation kept). `skeletonOf` is what boilerplate is matched on:
 * width-folded, spaceless, with the parts that vary between chapters replaced by named slots.
 */

// Zero-width and invisible format characters sites sprinkle into text as watermarks.
// Sample: "本\u200b站\ufeff首发" → "本站首发".
const invisible = /[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad]/g;

// C0/C1 control characters other than tab and newline. Sample: "a\u0007b" → "ab".
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

// Any run of whitespace, the ideographic space U+3000 and no-break spaces included.
// Sample: "\u3000\u3000李萍  笑了" → runs collapse to one space, edges trimmed.
const spaces = /[\s\u3000\u00a0]+/g;

/** A display line: invisible characters removed, indentation and whitespace runs normalised. */
export function tidyLine(line: string): string {
  return line.replace(invisible, '').replace(controls, '').replace(spaces, ' ').trim();
}

/** Split text into tidy, non-empty lines. */
export function tidyLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map(tidyLine)
    .filter((line) => line !== '');
}

/** Context that turns a chapter's own names into slots. */
export interface SkeletonContext {
  readonly bookTitle?: string | undefined;
  readonly author?: string | undefined;
  readonly chapterTitle?: string | undefined;
}

export const slot = {
  url: '{网址}',
  number: '{数}',
  word: '{词}',
  book: '{书名}',
  author: '{作者}',
  chapter: '{章名}',
  site: '{站名}',
} as const;

// A site's name: a few characters before a typical site word, or a well-known aggregator name.
// Samples: "315中文网", "八一中文网", "新笔趣阁", "顶点小说", "69书吧", "飘天文学网" → {站名}.
const siteName =
  /[\p{Script=Han}a-z0-9]{0,4}?(?:中文网|小说网|文学网|书屋|书吧|书阁|趣阁|书院|读书网|看书网|小说站|书城|书网)|笔趣阁|顶点小说|起点中文/gu;

// A domain or URL, also written with an ideographic full stop as the dot, after width folding.
// Samples: "www.biquge.com" "https://m.x33xs.com/b/1.html" "biquge。la" → {网址}.
const urlLike =
  /(?:https?:\/\/)?(?:[a-z0-9-]+[.。])+(?:com|net|org|cc|la|info|me|tw|cn|co|xyz|top|vip|io|in|so|tv|biz|us|uk|wang|club|site|org|app)\b(?:[/?#][\w./?#=&%-]*)?/gi;

// Chapter ordinals in Chinese: "第一百二十三章" "第12回" → "第{数}章" "第{数}回".
const chineseOrdinal = /第[0-9零〇一二两三四五六七八九十百千万]+([章节回卷集部篇])/g;

// Runs of two or more Chinese numerals, e.g. "一百二十" → {数}. A single 一 stays (一个, 一样).
const chineseNumber = /[零〇一二两三四五六七八九十百千万]{2,}/g;

// Numbers, and ASCII tokens that mix letters and digits (random ids); plain words stay, so
// English lines keep their meaning. Samples: "2024" → {数}, "u6r8Esqgp9" → {词}, "visit" stays.
const asciiToken = /\b[a-z0-9_-]*\d[a-z0-9_-]*\b/gi;

function replaceLiteral(text: string, needle: string | undefined, by: string): string {
  const folded = needle === undefined ? '' : fold(needle);
  return folded.length >= 2 ? text.split(folded).join(by) : text;
}

// Spaces that matter only between two Latin letters or digits ("read it at" keeps its spaces,
// "一秒 记住" loses its one). Sample: "Visit  x.com 为 您" → "Visit x.com为您".
const spaceNotBetweenLatin = /(?<![a-z0-9]) | (?![a-z0-9])/gi;

// A character the site's encoding could not carry, shown as `?` or U+FFFD (a zero-width space
// on a GBK page comes out as `?`). Sample: "无?弹窗" and "无\u200b弹窗" → "无弹窗".
const lostCharacter = /[?\ufffd]/g;

function fold(text: string): string {
  return tidyLine(text)
    .normalize('NFKC')
    .replace(lostCharacter, '')
    .replace(spaces, ' ')
    .replace(spaceNotBetweenLatin, '')
    .toLowerCase();
}

/**
 * The matching form of a line. Two lines that differ only in a domain, a number, the book's or
 * chapter's name, zero-width characters, letter width or spacing have the same skeleton.
 * Sample: "一秒记住【ｗｗｗ．ｂｉｑｕｇｅ．ｃｏｍ】，第12章" → "一秒记住【{网址}】,第{数}章";
 * "Visit www.a1.com for Chapter 12" → "visit {网址} for chapter {数}";
 * "八一中文网提醒您" and "飘天文学网提醒您" → "{站名}提醒您"; "无?弹窗" → "无弹窗" (question marks
 * go too: the skeleton is for matching, never shown as text).
 */
export function skeletonOf(line: string, context: SkeletonContext = {}): string {
  let text = fold(line);
  text = replaceLiteral(text, context.chapterTitle, slot.chapter);
  text = replaceLiteral(text, context.bookTitle, slot.book);
  text = replaceLiteral(text, context.author, slot.author);
  text = text.replace(urlLike, slot.url);
  text = text.replace(siteName, slot.site);
  text = text.replace(chineseOrdinal, `第${slot.number}$1`);
  text = text.replace(chineseNumber, slot.number);
  text = text.replace(asciiToken, (word) => (/^\d+$/.test(word) ? slot.number : slot.word));
  return text;
}

/**
 * The line as advert phrases are looked for in it: invisible characters gone, and a `?` or U+FFFD
 * between two Chinese characters (a character the page's encoding lost) dropped, so it does not
 * hide a phrase. Sample: "精彩小说无?弹窗免费阅读！" → "精彩小说无弹窗免费阅读！".
 */
export function advertForm(line: string): string {
  return line
    .replace(invisible, '')
    .replace(/(?<=\p{Script=Han})[?\ufffd](?=\p{Script=Han})/gu, '');
}

const slotText = new RegExp(
  Object.values(slot)
    .map((s) => s.replace(/[{}]/g, '\\$&'))
    .join('|'),
  'g',
);

/** The skeleton without its slots: what the line says of its own. */
export function withoutSlots(skeleton: string): string {
  return skeleton.replace(slotText, '');
}

/** True when the skeleton holds a URL slot: a strong sign of an advertisement. */
export function hasUrlSlot(skeleton: string): boolean {
  return skeleton.includes(slot.url);
}

// Letters, digits and CJK ideographs; used to ignore punctuation when measuring content.
// Sample: "“好。”" → "好".
const nonWord = /[^\p{L}\p{N}]+/gu;

/** The line reduced to letters and digits, for content comparison across sources. */
export function lettersOf(line: string): string {
  return line.normalize('NFKC').replace(invisible, '').replace(nonWord, '').toLowerCase();
}
