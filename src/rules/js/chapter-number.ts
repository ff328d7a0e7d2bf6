/**
 * Legado's `java.toNumChapter(s)`: the first "第…章" of a title, with its number as digits by
 * Legado's StringUtils.stringToInt (full-width digits folded, else Chinese numerals; -1 when
 * neither). Like Legado it returns only that part: "第一百零五章 归来" → "第105章"; a title without
 * "第…章" comes back unchanged.
 */

const numerals: Record<string, number> = {
  两: 2,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
  万: 10000,
  亿: 100000000,
};
[...'零一二三四五六七八九十'].forEach((c, i) => (numerals[c] = i));
[...'〇壹贰叁肆伍陆柒捌玖拾'].forEach((c, i) => (numerals[c] = i));

/** StringUtils.chineseNumToInt: "一千零二十五" → 1025, "一千二" → 1200; -1 for other characters. */
function chineseNumToInt(text: string): number {
  const chars = [...text];
  let result = 0;
  let tmp = 0;
  let billion = 0;
  for (let i = 0; i < chars.length; i++) {
    const value = numerals[chars[i]!];
    if (value === undefined) return -1;
    if (value === 100000000) {
      result = (result + tmp) * value;
      billion = billion * 100000000 + result;
      result = 0;
      tmp = 0;
    } else if (value === 10000) {
      result = (result + tmp) * value;
      tmp = 0;
    } else if (value >= 10) {
      result += value * (tmp === 0 ? 1 : tmp);
      tmp = 0;
    } else {
      const previous = i >= 1 ? (numerals[chars[i - 1]!] ?? 0) : 0;
      // "一千二": a last digit after a unit counts in the next lower unit (200).
      tmp =
        i >= 2 && i === chars.length - 1 && previous > 10
          ? (value * previous) / 10
          : tmp * 10 + value;
    }
  }
  return result + tmp + billion;
}

/** StringUtils.stringToInt: full-width folded, whitespace dropped, digits or Chinese numerals. */
function stringToInt(text: string): number {
  const folded = text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000|\s/g, '');
  const number = /^[+-]?\d+$/.test(folded) ? Number(folded) : NaN;
  // Kotlin's toInt() fails past the Int range; Legado then tries Chinese numerals (→ -1).
  return Math.abs(number) <= 2147483647 ? number : chineseNumToInt(folded);
}

const titleNumber = /(第)(.+?)(章)/;

export function toNumChapter(title: string | null | undefined): string | null {
  if (title === null || title === undefined) return null;
  const m = titleNumber.exec(title);
  if (!m) return title;
  return `${m[1]}${stringToInt(m[2]!)}${m[3]}`;
}
