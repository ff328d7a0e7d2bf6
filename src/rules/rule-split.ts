/**
 * Legado's combinator splitter (RuleAnalyzer.splitRule, legado-rules.md §3.8): splits on `&&`,
 * `||` or `%%` — only the first separator type found is honoured — skipping separators inside
 * balanced `[…]`/`(…)` (and `{…}` in code mode), quotes and backslash escapes.
 */

type Combinator = '&&' | '||' | '%%' | '';

interface SplitResult {
  readonly parts: string[];
  readonly type: Combinator;
}

/**
 * @example splitCombinators('a||b&&c') → { parts: ['a', 'b&&c'], type: '||' }
 * @example splitCombinators('$..[?(@.a && @.b)]', true) → one part
 */
export function splitCombinators(
  rule: string,
  codeMode = false,
  separators: readonly string[] = ['&&', '||', '%%'],
): SplitResult {
  const parts: string[] = [];
  let type = '';
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!;
    if (c === '\\' && (quote || codeMode)) {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' || c === "'") && (depth > 0 || codeMode)) {
      quote = c;
      continue;
    }
    if (c === '[' || c === '(' || (codeMode && c === '{')) depth++;
    else if ((c === ']' || c === ')' || (codeMode && c === '}')) && depth > 0) depth--;
    else if (depth === 0) {
      const sep = type
        ? rule.startsWith(type, i)
          ? type
          : ''
        : (separators.find((s) => rule.startsWith(s, i)) ?? '');
      if (sep) {
        type = sep;
        parts.push(rule.slice(start, i));
        i += sep.length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(rule.slice(start));
  return {
    parts: type ? parts.map((p) => p.trim()).filter((p) => p.length > 0) : [rule],
    type: type as Combinator,
  };
}

/** Splits a JSoup path on `@` outside brackets/parentheses/quotes (`tag.a[href*=@]@text` is two segments). */
export function splitAt(rule: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && depth > 0) quote = c;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === '@' && depth === 0) {
      out.push(rule.slice(start, i));
      start = i + 1;
    }
  }
  out.push(rule.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Combines per-part results: `&&` concatenates, `||` takes the first non-empty, `%%` interleaves. */
export function combine<T>(results: T[][], type: Combinator): T[] {
  if (type === '%%') {
    const out: T[] = [];
    const first = results[0] ?? [];
    for (let i = 0; i < first.length; i++)
      for (const r of results) if (i < r.length) out.push(r[i]!);
    return out;
  }
  // One part (most rules): its own fresh array, not a copy of thousands of TOC links.
  return results.length === 1 ? (results[0] as T[]) : results.flat();
}
