// Chinese numerals as chapter titles write them: 一百二十三, 一二三, 两千零五, 壹佰贰拾叁, 1万2千,
// and colloquial abbreviations (一百五 = 150, 两万五 = 25,000).

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  壹: 1,
  贰: 2,
  貳: 2,
  叁: 3,
  參: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  陸: 6,
  柒: 7,
  捌: 8,
  玖: 9,
  兩: 2,
};
const SMALL_UNITS: Readonly<Record<string, number>> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
};
const BIG_UNITS: Readonly<Record<string, number>> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };
/** 廿 = 20, 卅 = 30, 卌 = 40: tens as one character, e.g. "廿三" = 23. */
const TENS: Readonly<Record<string, number>> = { 廿: 20, 卅: 30, 卌: 40 };

/** "123", "0123": plain Arabic digits. */
const ARABIC = /^\d+$/;
const CHAR_KIND = new Map<string, 'digit' | 'unit' | 'arabic'>([
  ...Object.keys(DIGITS).map((c) => [c, 'digit'] as const),
  ...[...Object.keys(SMALL_UNITS), ...Object.keys(BIG_UNITS), ...Object.keys(TENS)].map(
    (c) => [c, 'unit'] as const,
  ),
  ...[...'0123456789'].map((c) => [c, 'arabic'] as const),
]);

/** Every character `parseChineseNumber` understands, for building regular expressions. */
export const NUMERAL_CHARS =
  Object.keys(DIGITS).join('') +
  Object.keys(SMALL_UNITS).join('') +
  Object.keys(BIG_UNITS).join('') +
  Object.keys(TENS).join('') +
  '0123456789';

/**
 * Parses a Chinese (or mixed Chinese/Arabic) numeral. Returns undefined for anything that is not
 * entirely a numeral. Without unit characters the digits are read one by one: 一二三 = 123.
 */
export function parseChineseNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  if (ARABIC.test(text)) return Number(text); // "0123" → 123
  let hasUnit = false;
  let hasArabic = false;
  for (let i = 0; i < text.length; i++) {
    const kind = CHAR_KIND.get(text[i]!);
    if (kind === undefined) return undefined;
    if (kind === 'unit') hasUnit = true;
    else if (kind === 'arabic') hasArabic = true;
  }
  if (!hasUnit) {
    if (hasArabic) return undefined; // "1二3": not a numeral
    let value = 0;
    for (let i = 0; i < text.length; i++) value = value * 10 + DIGITS[text[i]!]!;
    return value;
  }
  return parseWithUnits(text);
}

function parseWithUnits(text: string): number | undefined {
  let total = 0; // completed 亿 part
  let wan = 0; // completed 万 part below 亿
  let section = 0; // below 万
  let current: number | undefined; // pending digit(s)
  let lastUnit = 0; // the unit just before the pending digit, for 一百五 = 150
  let zeroSeen = false;
  // Every numeral character is in the BMP, so indexing by UTF-16 unit is safe here.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch >= '0' && ch <= '9') {
      if (current !== undefined) return undefined;
      let end = i + 1;
      while (end < text.length && text[end]! >= '0' && text[end]! <= '9') end++;
      current = Number(text.slice(i, end));
      i = end - 1;
      continue;
    }
    const digit = DIGITS[ch];
    if (digit !== undefined) {
      if (digit === 0) {
        zeroSeen = true;
        lastUnit = 0;
        continue;
      }
      if (current !== undefined) return undefined; // 一二百: not a numeral
      current = digit;
      continue;
    }
    const tens = TENS[ch];
    if (tens !== undefined) {
      section += tens;
      lastUnit = 10;
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      section += (current ?? 1) * small;
      current = undefined;
      lastUnit = zeroSeen ? 0 : small;
      zeroSeen = false;
      continue;
    }
    const big = BIG_UNITS[ch]!;
    const value = section + (current ?? (section === 0 ? 1 : 0));
    current = undefined;
    section = 0;
    if (big === 1e8) {
      total = (total + wan + value) * 1e8;
      wan = 0;
    } else {
      wan = (wan + value) * 1e4;
    }
    lastUnit = zeroSeen ? 0 : big;
    zeroSeen = false;
  }
  if (current !== undefined && lastUnit >= 100) current *= lastUnit / 10; // 一百五 → 150
  return total + wan + section + (current ?? 0);
}

const DIGIT_CHARS = '零一二三四五六七八九';
const GROUP_UNITS = ['', '十', '百', '千'];

/** The standard written form of a non-negative integer below 10^16: 10 → 十, 105 → 一百零五. */
export function toChineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a numeral: ${n}`);
  if (n === 0) return '零';
  const groups: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 1e4)) groups.push(v % 1e4);
  const bigUnits = ['', '万', '亿', '万亿'];
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!;
    if (group === 0) {
      zeroPending = out.length > 0;
      continue;
    }
    if (out.length > 0 && (zeroPending || group < 1000)) out += '零';
    zeroPending = false;
    out += groupToChinese(group) + bigUnits[g]!;
  }
  // 一十 at the very start reads 十: 10 → 十, 15 → 十五, 100000 → 十万.
  return out.startsWith('一十') ? out.slice(1) : out;
}

function groupToChinese(group: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(group / 10 ** pos) % 10;
    if (d === 0) {
      zero = out.length > 0;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGIT_CHARS[d]! + GROUP_UNITS[pos]!;
  }
  return out;
}
