// Sites print update times every way there is. Times without a zone are read as China time
// (UTC+8), which is what Chinese novel sites mean.

const CHINA_OFFSET_MS = 8 * 3600_000;
const MINUTE = 60_000;
const HOUR = 3600_000;
const DAY = 86_400_000;

/** "2025-06-01 12:30:05", "2025/6/1", "2025年6月1日 12:30", "2025.06.01". */
const FULL_DATE =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/u;
/** "06-01 12:30", "6月1日" (this year, or last year when that would be in the future). */
const SHORT_DATE = /^(\d{1,2})\s*[-/月]\s*(\d{1,2})(?:\s*日)?(?:\s+(\d{1,2}):(\d{2}))?/u;
/** "3天前", "5 小时前", "10分钟前", "30秒前", "2周前", "1个月前". */
const AGO = /(\d+)\s*(秒|分钟|分|小时|个?钟头|天|日|周|星期|个?月|年)前/u;
/** "今天 12:30", "昨天", "前天 08:00", "刚刚". */
const RELATIVE_DAY = /^(刚刚|今天|今日|昨天|昨日|前天)\s*(?:(\d{1,2}):(\d{2}))?/u;

const AGO_UNIT: Readonly<Record<string, number>> = {
  秒: 1000,
  分钟: MINUTE,
  分: MINUTE,
  小时: HOUR,
  钟头: HOUR,
  个钟头: HOUR,
  天: DAY,
  日: DAY,
  周: 7 * DAY,
  星期: 7 * DAY,
  月: 30 * DAY,
  个月: 30 * DAY,
  年: 365 * DAY,
};

function chinaTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS;
}

/**
 * Parses a site's update time into ms since the epoch, relative to `now` for "3天前"-style
 * values. Returns undefined when the text is not a time.
 */
export function parseUpdateTime(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const s = text.normalize('NFKC').trim();
  if (s.length === 0) return undefined;
  if (/^\d{10}$/.test(s)) return Number(s) * 1000; // Unix seconds: "1748736000"
  if (/^\d{13}$/.test(s)) return Number(s); // Unix milliseconds
  let m = FULL_DATE.exec(s);
  if (m !== null) {
    const [, y, mo, d, h, mi, sec] = m.map((x) => (x === undefined ? undefined : Number(x)));
    return chinaTime(y!, mo!, d!, h, mi, sec);
  }
  m = AGO.exec(s);
  if (m !== null) return now - Number(m[1]) * AGO_UNIT[m[2]!]!;
  const today = new Date(now + CHINA_OFFSET_MS); // China's calendar date, read in UTC fields
  m = RELATIVE_DAY.exec(s);
  if (m !== null) {
    if (m[1] === '刚刚') return now;
    const back = m[1] === '前天' ? 2 : m[1]!.startsWith('昨') ? 1 : 0;
    return (
      chinaTime(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate() - back) +
      (m[2] !== undefined ? Number(m[2]) * HOUR + Number(m[3]) * MINUTE : 0)
    );
  }
  m = SHORT_DATE.exec(s);
  if (m !== null) {
    const [mo, d, h, mi] = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Number(x)));
    let t = chinaTime(today.getUTCFullYear(), mo!, d!, h, mi);
    if (t > now + DAY) t = chinaTime(today.getUTCFullYear() - 1, mo!, d!, h, mi);
    return t;
  }
  return undefined;
}
