import { NUMERAL_CHARS, parseChineseNumber } from './chinese-numeral.ts';
import { foldChinese } from './fold-chinese.ts';

export type ChapterKind = 'chapter' | 'volume' | 'extra' | 'announcement' | 'unknown';

export interface ParsedChapterTitle {
  /** Volume number when the title names one: "第十卷 …" → 10. */
  readonly volume?: number;
  /** Chapter number (or the number of an extra, "番外三" → 3). */
  readonly number?: number;
  readonly kind: ChapterKind;
  /** The title after the number and markers, trimmed, in the original script: "风起". */
  readonly rest: string;
}

const N = `[${NUMERAL_CHARS}]+`;
/** "第一百二十三章", "第 123 章", "第十二節", "第3回": chapter marker anywhere in the title. */
const CHAPTER = new RegExp(`第\\s*(${N})\\s*[章节節回话話集幕]`, 'u');
/** "第十卷", "第2部", "卷三", "上卷": volume marker. */
const VOLUME = new RegExp(
  `第\\s*(${N})\\s*[卷部册冊]|[卷]\\s*(${N})(?![章节節回话話集])|([上中下])\\s*卷`,
  'u',
);
/** A number and chapter marker without 第: "123章 风起", "十二回 风起". */
const BARE_CHAPTER = new RegExp(`^(${N})\\s*[章节節回话話]`, 'u');
/** Leading number with a separator: "123. 风起", "123、风起", "一、风起", "0123 风起", "123". */
const LEADING_NUMBER = new RegExp(`^(${N})(?:\\s*[.、:，,_\\-]\\s*|\\s+|$)`, 'u');
/** English: "Chapter 123: The Wind", "Ch. 12 - x", "chap12". */
const ENGLISH_CHAPTER = /(?:^|\s)(?:chapter|chap|ch)\.?\s*(\d+)\s*[:.\-–—]?\s*/iu;
/** English volume: "Volume 2", "Vol. 2", "Book 3". */
const ENGLISH_VOLUME = /(?:^|\s)(?:volume|vol|book)\.?\s*(\d+)\s*[:.\-–—]?\s*/iu;
/** Extras with their own name: "番外一 重逢", "楔子", "序章", "尾声"; a numeral may follow. */
const EXTRA = new RegExp(
  `^(?:番外篇?|楔子|序章|序言|序幕|序|引子|引言|前言|尾声|后记|终章|大结局|外传|特别篇|后传)\\s*(${N})?`,
  'u',
);
/** Notes from the author, not story: "请假条", "上架感言", "新书《…》发布", "单章 感谢盟主". */
const ANNOUNCEMENT =
  /请假|假条|感言|通知|公告|新书|单章|致歉|道歉|停更|断更|更新说明|求月票|求票|求订阅|求推荐|求收藏|上架|完本|加更|推荐一本|抽奖|作品相关/u;
/** Section headings of biquge-style TOCs: "正文卷", "正文", "作品相关", "VIP卷". */
const SECTION_HEADING = /^(?:正文卷?|作品相关|vip卷|vip章节|最新章节)$/iu;

const LEADING_JUNK = /^[\s:：.、,，\-—–_|]+/u; // ": 风起" → "风起"
const TRAILING_JUNK = /[\s:：.、,，\-—–_|]+$/u;

function clean(s: string): string {
  return s.replace(LEADING_JUNK, '').replace(TRAILING_JUNK, '');
}

/** Builds the result without undefined fields (no object spreads: this runs per TOC entry). */
function result(
  kind: ChapterKind,
  rest: string,
  number?: number,
  volume?: number,
): ParsedChapterTitle {
  const out: { volume?: number; number?: number; kind: ChapterKind; rest: string } = { kind, rest };
  if (volume !== undefined) out.volume = volume;
  if (number !== undefined) out.number = number;
  return out;
}

/** Volume markers are rare; most titles skip the volume expression. */
const VOLUME_HINT = /[卷部册冊]/u; // "第十卷", "卷三", "第2部"

function volumeOf(m: RegExpExecArray): number | undefined {
  if (m[1] !== undefined) return parseChineseNumber(m[1]);
  if (m[2] !== undefined) return parseChineseNumber(m[2]);
  return m[3] === '上' ? 1 : m[3] === '中' ? 2 : 3;
}

/**
 * Parses a chapter title into volume, number, kind and the remaining title.
 * "第十卷 风起 第一百二十三章 少年" → { volume: 10, number: 123, kind: 'chapter', rest: '少年' }.
 */
export function parseChapterTitle(title: string): ParsedChapterTitle {
  const text = title.normalize('NFKC').trim();
  // Markers are matched on a folded copy (節 → 节); NFKC and folding keep UTF-16 offsets almost
  // always, but `rest` is cut from `text` only when the lengths agree.
  const folded = foldChinese(text);
  const source = folded.length === text.length ? text : folded;

  const chapter = CHAPTER.exec(folded);
  const volumeMatch = VOLUME_HINT.test(folded) ? VOLUME.exec(folded) : null;
  if (chapter !== null) {
    const number = parseChineseNumber(chapter[1]!);
    const volume =
      volumeMatch !== null && volumeMatch.index < chapter.index ? volumeOf(volumeMatch) : undefined;
    const rest = clean(source.slice(chapter.index + chapter[0].length));
    return result('chapter', rest, number, volume);
  }
  const bare = BARE_CHAPTER.exec(folded);
  if (bare !== null) {
    const number = parseChineseNumber(bare[1]!);
    if (number !== undefined) return result('chapter', clean(source.slice(bare[0].length)), number);
  }
  const english = ENGLISH_CHAPTER.exec(folded);
  if (english !== null) {
    const vol = ENGLISH_VOLUME.exec(folded);
    const volume = vol !== null && vol.index < english.index ? Number(vol[1]) : undefined;
    const rest = clean(source.slice(english.index + english[0].length));
    return result('chapter', rest, Number(english[1]), volume);
  }
  if (volumeMatch !== null && volumeMatch.index === 0) {
    const volume = volumeOf(volumeMatch);
    return result('volume', clean(source.slice(volumeMatch[0].length)), undefined, volume);
  }
  const engVolume = ENGLISH_VOLUME.exec(folded);
  if (engVolume !== null && engVolume.index === 0) {
    return result(
      'volume',
      clean(source.slice(engVolume[0].length)),
      undefined,
      Number(engVolume[1]),
    );
  }
  if (SECTION_HEADING.test(folded)) return { kind: 'volume', rest: text };
  const extra = EXTRA.exec(folded);
  if (extra !== null) {
    const number = extra[1] !== undefined ? parseChineseNumber(extra[1]) : undefined;
    return result('extra', clean(source.slice(extra[0].length)) || text, number);
  }
  const leading = LEADING_NUMBER.exec(folded);
  if (leading !== null) {
    const number = parseChineseNumber(leading[1]!);
    // A bare Chinese word that happens to be numeral characters ("万一") needs a separator.
    if (
      number !== undefined &&
      (/\d/.test(leading[1]!) || leading[0].length > leading[1]!.length)
    ) {
      return { number, kind: 'chapter', rest: clean(source.slice(leading[0].length)) };
    }
  }
  if (ANNOUNCEMENT.test(folded)) return { kind: 'announcement', rest: text };
  return { kind: 'unknown', rest: text };
}
