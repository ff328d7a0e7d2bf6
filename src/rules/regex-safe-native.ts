/**
 * Patterns V8's backtracking engine runs in linear time, provably, so they need no RE2 (which is
 * 100× slower on a typical replace, bench/rules-regex.bench.ts): a run of single-character atoms
 * (literals, escapes, classes, `.`, `^` first, `\b`, fixed `{n}`) with at most one quantifier
 * (`*`, `+`, `?`, lazy or not) and only as the last atom, e.g. `请记住本书首发域名.*` or `\s+`.
 * Why it is linear: before the quantifier every attempt matches fixed atoms (at most m steps), and
 * nothing follows the quantifier that could fail and make V8 backtrack into it, so an attempt that
 * reaches it succeeds at once; a global replace goes on after each match. Time ≤ input × pattern.
 * Anything else (groups, alternation, `$`, back-references, a quantifier that is followed by more
 * pattern) is left to the other engines.
 */

/** The length of the escape at `i` (a backslash), or undefined for a back-reference. */
function escapeLength(source: string, i: number): number | undefined {
  const c = source[i + 1];
  if (c === undefined) return undefined;
  if (/[1-9k]/.test(c)) return undefined; // \1, \k<name>: back-references
  if ((c === 'p' || c === 'P' || c === 'u') && source[i + 2] === '{') {
    const end = source.indexOf('}', i + 3);
    return end < 0 ? undefined : end - i + 1;
  }
  if (c === 'u') return 6;
  if (c === 'x') return 4;
  if (c === 'c') return 3;
  return 2;
}

/** The end (exclusive) of the class starting at `i` (a `[`), or undefined when unclosed. */
function classEnd(source: string, i: number): number | undefined {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++; // a leading ] is a literal
  for (; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']') return j + 1;
  }
  return undefined;
}

/** True when `source` (JavaScript syntax, as translated from Java) is linear on V8 as above. */
export function isLinearOnV8(source: string): boolean {
  let i = source.startsWith('^') ? 1 : 0;
  while (i < source.length) {
    const c = source[i] as string;
    let end: number | undefined;
    if (c === '\\')
      end = escapeLength(source, i) === undefined ? undefined : i + escapeLength(source, i)!;
    else if (c === '[') end = classEnd(source, i);
    else if ('()|$*+?{}'.includes(c)) return false;
    else end = i + 1;
    if (end === undefined || end > source.length) return false;
    i = end;
    const fixed = /^\{\d+\}/.exec(source.slice(i));
    if (fixed) {
      i += fixed[0].length;
      continue;
    }
    const q = source[i];
    if (q === '*' || q === '+' || q === '?') {
      const rest = source.slice(i + 1);
      return rest === '' || rest === '?'; // the last atom, greedy or lazy
    }
  }
  return true;
}
