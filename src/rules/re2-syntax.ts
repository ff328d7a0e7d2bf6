/**
 * JavaScript regex syntax (what `translateJavaRegex` produces) → RE2 syntax, keeping JavaScript's
 * meaning where the two differ: `\s` is JavaScript's Unicode white space (U+3000 matters in
 * Chinese text; RE2's `\s` is ASCII only), `.` stops at \r, U+2028 and U+2029 too, `\uXXXX` is
 * `\x{XXXX}`, `\p{Script=Han}` is `\p{Han}`. Undefined for what RE2 cannot run in linear time:
 * back-references and lookaround (those run on the backtracking engine, under a time limit).
 */

/** JavaScript's `\s`: WhiteSpace and LineTerminator (ECMA-262 §22.2.2.9), as RE2 class members. */
const space =
  '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const notLineBreak = '[^\\n\\r\\x{2028}\\x{2029}]';
const unicodeScripts = /^Script(?:_Extensions)?=(\w+)$/;

export function toRe2Syntax(source: string, dotAll: boolean): string | undefined {
  // `translateJavaRegex` writes Java's `\z` as a lookahead: RE2 has `\z` itself.
  const p = source.replaceAll('$(?![\\s\\S])', '\\z');
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[++i];
      if (n === undefined) return undefined;
      if (n === 's') out += inClass ? space : `[${space}]`;
      else if (n === 'S') {
        if (inClass) return undefined; // a negated class inside a class: RE2 has no such thing
        out += `[^${space}]`;
      } else if (n === 'u') {
        const braced = p[i + 1] === '{' ? /^\{([0-9a-fA-F]+)\}/.exec(p.slice(i + 1)) : null;
        const hex = braced?.[1] ?? /^[0-9a-fA-F]{4}/.exec(p.slice(i + 1))?.[0];
        if (hex === undefined) return undefined;
        out += `\\x{${hex}}`;
        i += braced ? braced[0].length : 4;
      } else if (n === 'p' || n === 'P') {
        const name = /^\{([^}]*)\}/.exec(p.slice(i + 1));
        if (!name) return undefined;
        const script = unicodeScripts.exec(name[1]!)?.[1];
        out += `\\${n}{${script ?? name[1]}}`;
        i += name[0].length;
      } else if (n === '0') out += '\\x{0}';
      else if ((n >= '1' && n <= '9') || n === 'k' || n === 'c') return undefined;
      // JavaScript lets any character be escaped ("\（"); RE2 only ASCII punctuation.
      else if (n.charCodeAt(0) > 0x7f) out += `\\x{${n.codePointAt(0)!.toString(16)}}`;
      else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') out += '\\'; // literal in a JavaScript class, a nested class in RE2
      out += c;
      continue;
    }
    if (c === '[') {
      // "[]" matches nothing and "[^]" anything in JavaScript; RE2 reads "]" there as a literal.
      if (p[i + 1] === ']' || (p[i + 1] === '^' && p[i + 2] === ']')) return undefined;
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const kind = p.slice(i + 2, i + 4);
      if (kind[0] === '=' || kind[0] === '!' || kind === '<=' || kind === '<!') return undefined;
    }
    out += c === '.' && !dotAll ? notLineBreak : c;
  }
  return out;
}
