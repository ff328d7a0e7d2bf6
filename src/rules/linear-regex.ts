/**
 * Rule regexes on RE2 (the re2js port): matching takes time linear in the input whatever the
 * pattern, so a source cannot freeze the process with `a*a*a*a*a*a*b` (15 s on 76 characters with
 * JavaScript's backtracking engine). Replacements use JavaScript's replacement syntax
 * (`$&`, `$1`, `$<name>`, `$$`), which is what `translateJavaReplacement` produces.
 */
import { RE2JS } from 're2js';
import type { TranslatedRegex } from './java-regex.ts';
import { toRe2Syntax } from './re2-syntax.ts';

type Matcher = ReturnType<RE2JS['matcher']>;

const compiled = new Map<string, RE2JS | null>();

/** The RE2 form of a translated pattern, or undefined when RE2 cannot run it (then: backtracking). */
export function linearRegex(t: TranslatedRegex): RE2JS | undefined {
  const key = `${t.flags}/${t.source}`;
  let re = compiled.get(key);
  if (re === undefined) {
    const source = toRe2Syntax(t.source, t.flags.includes('s'));
    re = null;
    if (source !== undefined) {
      const flags =
        (t.flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
        (t.flags.includes('m') ? RE2JS.MULTILINE : 0) |
        (t.flags.includes('s') ? RE2JS.DOTALL : 0);
      try {
        re = RE2JS.compile(source, flags);
      } catch {
        re = null; // e.g. a Unicode property RE2 lacks: the backtracking engine takes it
      }
    }
    if (compiled.size > 5000) compiled.clear();
    compiled.set(key, re);
  }
  return re ?? undefined;
}

function groupsOf(m: Matcher, count: number): string[] {
  const groups: string[] = [];
  for (let g = 0; g <= count; g++) groups.push(m.group(g) ?? '');
  return groups;
}

/** Every match with its groups (unmatched groups as ''), like `[...input.matchAll(re)]`. */
export function linearGroups(re: RE2JS, input: string): string[][] {
  const m = re.matcher(input);
  const count = re.groupCount();
  const all: string[][] = [];
  while (m.find()) all.push(groupsOf(m, count));
  return all;
}

/** JavaScript's `String.prototype.replace` with a replacement string, on RE2. */
export function linearReplace(
  re: RE2JS,
  input: string,
  replacement: string,
  first: boolean,
): string {
  const m = re.matcher(input);
  const count = re.groupCount();
  const names = re.namedGroups() as Record<string, number>;
  let out = '';
  let last = 0;
  while (m.find()) {
    const start = m.start();
    const end = m.end();
    out += input.slice(last, start) + expand(replacement, m, count, names, input, start, end);
    last = end;
    if (first) break;
  }
  return out + input.slice(last);
}

/** `replace` on the first match only, returning just that match replaced (Legado's `##…###`). */
export function linearReplaceFirstMatch(re: RE2JS, input: string, replacement: string): string {
  const m = re.matcher(input);
  if (!m.find()) return '';
  const count = re.groupCount();
  const names = re.namedGroups() as Record<string, number>;
  return expand(replacement, m, count, names, input, m.start(), m.end());
}

/** GetSubstitution (ECMA-262 §22.1.3.19.1): `$$ $& $\` $' $n $nn $<name>`. */
function expand(
  replacement: string,
  m: Matcher,
  count: number,
  names: Record<string, number>,
  input: string,
  start: number,
  end: number,
): string {
  if (!replacement.includes('$')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const n = replacement[i + 1];
    if (c !== '$' || n === undefined) {
      out += c;
      continue;
    }
    if (n === '$') out += '$';
    else if (n === '&') out += input.slice(start, end);
    else if (n === '`') out += input.slice(0, start);
    else if (n === "'") out += input.slice(end);
    else if (n >= '0' && n <= '9') {
      const two = Number(replacement.slice(i + 1, i + 3));
      const digits = /^\d\d$/.test(replacement.slice(i + 1, i + 3)) && two >= 1 && two <= count;
      const index = digits ? two : Number(n);
      if (index < 1 || index > count) {
        out += `$${n}`;
      } else {
        out += m.group(index) ?? '';
        if (digits) i++;
      }
    } else if (n === '<') {
      const close = replacement.indexOf('>', i + 2);
      if (close < 0 || Object.keys(names).length === 0) {
        out += '$<';
      } else {
        const index = names[replacement.slice(i + 2, close)];
        out += index === undefined ? '' : (m.group(index) ?? '');
        i = close - 1;
      }
    } else {
      out += `$${n}`;
    }
    i++;
  }
  return out;
}
