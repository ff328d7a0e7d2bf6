/**
 * The JavaScript inside a source's rule strings, as Legado runs it: `@js:` to the end, each
 * `<js>…</js>`, `{{…}}` expressions that are JS (in rules, by Legado's prefix test; in URL
 * templates always), the `"js"` option of a URL, and fields that are a script as a whole (jsLib,
 * loginCheckJs, formatJs…). Used by the classifier's static scans.
 */

export type ScanMode = 'rule' | 'url';

/** Fields whose whole value is a script run in the sandbox (no `@js:` marker needed); the
 *  comment counts only where a script evaluates it (the classifier scans it only then). */
const wholeScriptFields: ReadonlySet<string> = new Set([
  'jsLib', 'loginCheckJs', 'coverDecodeJs', 'ruleToc.preUpdateJs', 'ruleToc.formatJs',
  'ruleContent.imageDecode', 'ruleContent.payAction', 'bookSourceComment',
]); // prettier-ignore

// "<js>result.trim()</js>" or "@js:result" (to the end of the string).
const scriptPart = /<js>([\s\S]*?)<\/js>|@js:([\s\S]*)$/gi;
// "{{key}}", "{{$.id}}", "{{java.ajax(x)}}"
const templatePart = /\{\{([\s\S]*?)\}\}/g;
// The URL option "js": ,{"js": "java.ajax(result)"} or {'js':'…'}
const jsOption = /["']js["']\s*:\s*("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')/g;

/** Legado's test for a rule (not JS) inside `{{}}` of a rule string. */
export function isRuleExpression(expr: string): boolean {
  const e = expr.trimStart();
  return e.startsWith('@') || e.startsWith('$.') || e.startsWith('$[') || e.startsWith('//');
}

function unquote(literal: string): string {
  if (literal.startsWith('"')) {
    try {
      return JSON.parse(literal) as string;
    } catch {
      return literal.slice(1, -1);
    }
  }
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The scripts in one field value, each as the sandbox would run it. */
export function scriptsIn(where: string, text: string, mode: ScanMode): string[] {
  if (text.trim() === '') return [];
  if (wholeScriptFields.has(where))
    return [text.replace(/^\s*(?:@js:|<js>)/i, '').replace(/<\/js>\s*$/i, '')];
  const scripts: string[] = [];
  for (const m of text.matchAll(scriptPart)) scripts.push(m[1] ?? m[2] ?? '');
  const outside = text.replace(scriptPart, ' ');
  for (const m of outside.matchAll(templatePart)) {
    const expr = (m[1] ?? '').trim();
    if (expr === '' || (mode === 'rule' && isRuleExpression(expr))) continue;
    scripts.push(expr);
  }
  for (const m of outside.matchAll(jsOption)) scripts.push(unquote(m[1] ?? ''));
  return scripts.filter((s) => s.trim() !== '');
}

/** The field value with its scripts blanked out: what Legado reads as rule or URL text. */
export function outsideScripts(where: string, text: string, mode: ScanMode): string {
  if (wholeScriptFields.has(where)) return '';
  return text
    .replace(scriptPart, ' ')
    .replace(templatePart, (whole, expr: string) =>
      mode === 'rule' && isRuleExpression(expr) ? whole : ' ',
    )
    .replace(jsOption, '"js":""');
}

const urlFields: ReadonlySet<string> = new Set(['searchUrl', 'exploreUrl', 'header']);

/**
 * Every script in every string field of a source, whatever the field ("ruleToc.chapterUrl",
 * "ruleReview.x"…), with its field path; the comment (prose unless a script evaluates it) and
 * `ruleContent.webJs` (browser JavaScript, not the sandbox's) left out.
 */
export function scriptsOfSource(source: object): { where: string; script: string }[] {
  const out: { where: string; script: string }[] = [];
  const visit = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      if (where === 'bookSourceComment' || where === 'ruleContent.webJs') return;
      const mode = urlFields.has(where) ? 'url' : 'rule';
      for (const script of scriptsIn(where, value, mode)) out.push({ where, script });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        visit(item, where === '' ? key : `${where}.${key}`);
    }
  };
  visit(source, '');
  return out;
}
