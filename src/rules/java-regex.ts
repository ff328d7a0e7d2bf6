/**
 * Java regular expressions (java.util.regex) translated to JavaScript RegExp. Covers what real
 * sources and replace rules use (legado-rules.md §3.7, §5, §10.6): leading inline flags
 * `(?i)(?s)(?m)`, `\h`/`\H`, `\A` `\Z` `\z`, possessive quantifiers and atomic groups (run as
 * greedy / non-atomic: same matches on the inputs sources write them for), `\Q…\E`, POSIX and
 * script classes `\p{Punct}` `\p{IsHan}`, and Java's replacement syntax.
 */
import { LinhaiError } from '#model';

/** Horizontal whitespace as Java defines `\h`. */
const H = ' \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';

/** Java POSIX / java.lang.Character classes → JS class bodies (no brackets). */
const posixClasses: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7f',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1f\\x7f',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0b\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0b\\f\\r\\x1c-\\x1f',
};
/** Unicode property names as Java spells them → JS `\p{…}` (these need the `u` flag). */
const unicodeProps: Record<string, string> = {
  IsHan: 'Script=Han',
  Han: 'Script=Han',
  InCJKUnifiedIdeographs: 'Script=Han',
  IsLatin: 'Script=Latin',
  IsAlphabetic: 'Alphabetic',
  IsPunctuation: 'P',
  IsDigit: 'Nd',
  IsLetter: 'L',
  IsWhite_Space: 'White_Space',
};

export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
}

/**
 * Translates a Java pattern. Throws LinhaiError('rule-error') when the result does not compile.
 * @example translateJavaRegex('(?i)\\h+ab') → { source: '[ \\t…]+ab', flags: 'i' }
 */
export function translateJavaRegex(pattern: string): TranslatedRegex {
  let flags = '';
  let p = pattern;
  // Leading inline flags, e.g. "(?is)foo" → flags "is"; "(?i)" anywhere else is applied globally.
  const inline = /\(\?([imsxu]+)\)/g;
  p = p.replace(inline, (_m, f: string) => {
    for (const c of f) if ('ims'.includes(c) && !flags.includes(c)) flags += c;
    return '';
  });
  let out = '';
  let inClass = 0;
  let needsU = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) {
        out += '\\\\';
        continue;
      }
      i++;
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 1);
        const lit = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? p.length : end + 1;
      } else if (n === 'h') out += inClass ? H : `[${H}]`;
      else if (n === 'H') out += inClass ? '' : `[^${H}]`;
      else if (n === 'A') out += '^';
      else if (n === 'z') out += '$(?![\\s\\S])';
      else if (n === 'Z') out += '(?=\\n?$(?![\\s\\S]))';
      else if (n === 'p' || n === 'P') {
        // \p{Name} or \pL
        let name: string;
        if (p[i + 1] === '{') {
          const end = p.indexOf('}', i + 2);
          name = p.slice(i + 2, end < 0 ? p.length : end);
          i = end < 0 ? p.length : end;
        } else {
          name = p[i + 1] ?? '';
          i++;
        }
        const bare = name.replace(/^Is(?=[A-Z][a-z])/, (m) =>
          posixClasses[name.slice(2)] ? '' : m,
        );
        const posix = posixClasses[bare];
        if (posix)
          out += n === 'p' ? (inClass ? posix : `[${posix}]`) : inClass ? '' : `[^${posix}]`;
        else {
          needsU = true;
          out += `\\${n}{${unicodeProps[name] ?? name.replace(/^Is/, '')}}`;
        }
      } else out += '\\' + n;
      continue;
    }
    if (c === '[') inClass++;
    else if (c === ']' && inClass) inClass--;
    else if (!inClass && (c === '+' || c === '*' || c === '?' || c === '}') && p[i + 1] === '+') {
      // Possessive quantifier "a++" → greedy "a+".
      out += c;
      i++;
      continue;
    } else if (!inClass && c === '(' && p[i + 1] === '?' && p[i + 2] === '>') {
      out += '(?:'; // atomic group → plain group
      i += 2;
      continue;
    }
    out += c;
  }
  if (needsU) flags += 'u';
  try {
    new RegExp(out, flags);
  } catch (cause) {
    throw new LinhaiError('rule-error', `invalid regular expression: ${pattern}`, {
      details: { rule: pattern },
      cause,
    });
  }
  return { source: out, flags };
}

/**
 * Java replacement syntax → JS: `$0` → `$&`, `${name}` → `$<name>`, `\$` → `$$`, `\x` → `x`,
 * a stray `$` → literal.
 * @example translateJavaReplacement('\\$$1') === '$$$1'
 */
export function translateJavaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      const n = replacement[++i];
      if (n === undefined) break;
      out += n === '$' ? '$$' : n;
    } else if (c === '$') {
      const n = replacement[i + 1];
      if (n === '0') {
        out += '$&';
        i++;
      } else if (n !== undefined && n >= '1' && n <= '9') out += '$';
      else if (n === '{') {
        const end = replacement.indexOf('}', i);
        out += `$<${replacement.slice(i + 2, end < 0 ? undefined : end)}>`;
        i = end < 0 ? replacement.length : end;
      } else out += '$$';
    } else out += c;
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** A compiled, translated, cached RegExp with the `g` flag (callers reset lastIndex). */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const t = translateJavaRegex(pattern);
    re = new RegExp(t.source, t.flags + 'g');
    if (cache.size > 5000) cache.clear();
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}
