/**
 * Java `SimpleDateFormat` patterns (the subset book sources use: y M d H h k K m s S E a Z X z and
 * quoted text), for `java.timeFormat` and `java.timeFormatUTC`. Names are English (Locale.ROOT);
 * Legado on a Chinese phone would print 周一/上午, which sources do not depend on.
 */

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Calendar fields of one instant as seen in one time zone. */
interface Fields {
  year: number;
  month: number; // 0-11
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/** Fields in the machine's local zone (Java's default TimeZone). */
export function localFields(time: number): Fields {
  const d = new Date(time);
  return {
    year: d.getFullYear(),
    month: d.getMonth(),
    day: d.getDate(),
    weekday: d.getDay(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    millisecond: d.getMilliseconds(),
    offsetMinutes: -d.getTimezoneOffset(),
  };
}

/** Fields in a fixed zone `offsetMs` milliseconds east of UTC (Java `SimpleTimeZone(offsetMs, id)`). */
export function fixedOffsetFields(time: number, offsetMs: number): Fields {
  const d = new Date(time + offsetMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offsetMinutes: Math.trunc(offsetMs / 60000),
  };
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function offset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${colon ? ':' : ''}${pad(abs % 60, 2)}`;
}

function field(letter: string, count: number, f: Fields): string {
  switch (letter) {
    case 'y':
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case 'M':
      if (count >= 4) return monthNames[f.month] ?? '';
      if (count === 3) return (monthNames[f.month] ?? '').slice(0, 3);
      return pad(f.month + 1, count);
    case 'd':
      return pad(f.day, count);
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(f.millisecond, count);
    case 'E':
      return count >= 4 ? (dayNames[f.weekday] ?? '') : (dayNames[f.weekday] ?? '').slice(0, 3);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'Z':
      return offset(f.offsetMinutes, false);
    case 'X':
      return count === 1
        ? offset(f.offsetMinutes, false).slice(0, 3)
        : offset(f.offsetMinutes, count >= 3);
    case 'z':
      return `GMT${offset(f.offsetMinutes, true)}`;
    default:
      return letter.repeat(count);
  }
}

/** Formats `fields` with a SimpleDateFormat pattern, e.g. "yyyy/MM/dd HH:mm" → "2023/11/14 22:13". */
export function formatJavaDate(pattern: string, fields: Fields): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] ?? '';
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1)
        out += "'"; // '' is a literal quote
      else out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    // A pattern letter, e.g. the "y" of "yyyy/MM/dd".
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      out += field(char, count, fields);
      i += count;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}
