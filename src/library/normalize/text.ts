import { foldChinese } from './fold-chinese.ts';

// Normalised forms are for matching and keys only; the original strings stay for display.
// Order matters: NFKC first (full-width → ASCII, compatibility ideographs → unified), then
// traditional → simplified, then lower case, then decorations, then punctuation.

/** Bracket pairs sites wrap titles and tags in, after NFKC (（）［］ are already ASCII). */
const OPEN = '【\\[(〔〖「『《〈<{';
const CLOSE = '】\\])〕〗」』》〉>}';
/** One bracketed group, e.g. "【完结】", "(全本)", "《斗破苍穹》". */
const BRACKET_GROUP = new RegExp(`[${OPEN}]([^${OPEN}${CLOSE}]*)[${CLOSE}]`, 'gu');

/** Tags inside brackets that describe the copy, not the work: "(完结)", "【精校版】", "[TXT全集]". */
const BOOK_TAG =
  /完结|完本|全本|全集|精校|校对|连载|新书|出版|最新|全文|txt|epub|免费|无弹窗|修订|番外|vip|首发|大结局|已完|未删|删减|网络版|实体版/u;

/** Phrases sites append to titles, e.g. "斗破苍穹最新章节", "斗破苍穹全文阅读", "斗破苍穹TXT下载". */
const BOOK_SUFFIX =
  /(?:最新章节(?:列表|目录)?|章节目录|全文(?:免费)?阅读|免费阅读|在线阅读|无弹窗|txt(?:全集)?下载)/gu;

/** A copy-status word after a space at the end, e.g. "斗破苍穹 完结", "凡人修仙传 全本". */
const TRAILING_STATUS = /\s+(?:完结|完本|全本|精校版?|连载中?)$/u;

/** Author prefixes and suffixes, e.g. "作者：天蚕土豆", "天蚕土豆 著", "文/天蚕土豆", "天蚕土豆/著". */
// 著 is folded to 着 by opencc before these run, so both are listed.
const AUTHOR_PREFIX = /^(?:作\s*者|作家|文|著|着)\s*[:/]\s*/u;
const AUTHOR_SUFFIX = /\s*\/?\s*(?:著|着|作品|编著|编着)$/u;

/** Chapter-title noise sites add, e.g. "(求月票)", "【二合一】", "(第三更)", "[加更]". */
const CHAPTER_TAG =
  /求|月票|推荐票|订阅|打赏|盟主|加更|爆更|更新|[二三四两]合一|大章|万字|第.更|[一二三四五六七八九十\d]更|修改|修正|已修|新版|补发|重发/u;

/** Whitespace, punctuation and symbols (ASCII and CJK), e.g. " ·，。！？:「」—…". */
const NOISE = /[\s\p{P}\p{S}]/gu;

function base(s: string): string {
  return foldChinese(s.normalize('NFKC')).toLowerCase();
}

/** Any opening bracket: most chapter titles have none and skip the group pass. */
const ANY_OPEN = new RegExp(`[${OPEN}]`, 'u');

function dropBracketGroups(s: string, tag: RegExp): string {
  if (!ANY_OPEN.test(s)) return s;
  // Innermost groups first, repeated so nested brackets unwrap: "【《斗破》(完结)】".
  let prev: string;
  do {
    prev = s;
    s = s.replace(BRACKET_GROUP, (_m, inner: string) => (tag.test(inner) ? ' ' : ` ${inner} `));
  } while (s !== prev);
  return s;
}

/** Removes whitespace, punctuation and symbols. */
export function stripNoise(s: string): string {
  return s.replace(NOISE, '');
}

/** Normalised book title: "《斗破蒼穹》(完結)" → "斗破苍穹". */
export function normalizeTitle(title: string): string {
  let s = base(title).trim();
  s = s.replace(TRAILING_STATUS, '');
  s = dropBracketGroups(s, BOOK_TAG);
  s = s.replace(BOOK_SUFFIX, '');
  return stripNoise(s);
}

/** Normalised author: "作者：天蠶土豆" → "天蚕土豆", "Tom Smith 著" → "tomsmith". */
export function normalizeAuthor(author: string): string {
  let s = base(author).trim();
  s = s.replace(AUTHOR_PREFIX, '').replace(AUTHOR_SUFFIX, '');
  s = dropBracketGroups(s, /著|着|作者|原创|签约/u);
  return stripNoise(s);
}

/**
 * The book key: normalised title and author joined by "|" (which `stripNoise` removes from both
 * parts, so the key splits back unambiguously). Books from different sources merge on equal keys.
 */
export function bookKey(title: string, author: string): string {
  return `${normalizeTitle(title)}|${normalizeAuthor(author)}`;
}

/** Normalised chapter title (number prefix kept): "第一章 風起（求月票）" → "第一章风起". */
export function normalizeChapterTitle(title: string): string {
  const s = dropBracketGroups(base(title), CHAPTER_TAG);
  return stripNoise(s);
}
