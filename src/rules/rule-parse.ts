/**
 * Splits a rule string into its pipeline of steps (Legado splitSourceRule + SourceRule,
 * legado-rules.md §3.2): script pieces (`<js>…</js>`, `@js:…`), mode by prefix, `@put:{…}`,
 * templates (`{{…}}`, `@get:{…}`, `$n`) and the `##regex##replacement###` suffix. Each distinct
 * rule string is compiled once per (JSON content?, AllInOne?) and cached.
 */
import { LinhaiError } from '#model';
import { readLenientJson } from './lenient-json.ts';

/** default = JSoup-style (also `@css:` which keeps its prefix), regex = template/AllInOne. */
export type RuleMode = 'default' | 'xpath' | 'json' | 'js' | 'regex';

/** One piece of a template: literal text, `{{expr}}`, `@get:{name}` or a `$n` group reference. */
export type TemplatePart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'eval'; readonly expr: string; readonly isRule: boolean }
  | { readonly type: 'get'; readonly name: string }
  | { readonly type: 'group'; readonly index: number; readonly text: string };

export interface RuleStep {
  readonly mode: RuleMode;
  /** The rule text (for js: the code) — without `@put`, and for non-templates without `##…`. */
  readonly rule: string;
  /** `@put:{name: rule}` pairs evaluated with getString before the step runs. */
  readonly puts: ReadonlyArray<readonly [string, string]>;
  /** Present when the step is assembled at run time (template mode or templated replacement). */
  readonly template?: readonly TemplatePart[];
  readonly replaceRegex: string;
  readonly replacement: string;
  readonly replaceFirst: boolean;
}

export interface CompiledRule {
  readonly source: string;
  readonly steps: readonly RuleStep[];
  /** No script, template or @put: evaluated synchronously (the hot path for TOC items). */
  readonly sync: boolean;
}

// <js>…</js> (non-greedy, any case) or @js: to the end. Sample: "tag.a@text<js>result.trim()</js>".
const jsPattern = /<js>([\s\S]*?)<\/js>|@js:([\s\S]*)/gi;
// @put:{…} — sample: "@put:{bid:\"$.id\"}$.name" → put {bid: "$.id"}, rule "$.name".
const putPattern = /@put:(\{[^}]+?\})/gi;
// @get:{name} or {{…}} — sample: "https://x.com/{{$.id}}/@get:{bid}".
const evalPattern = /@get:\{[^}]+?\}|\{\{[\s\S]*?\}\}/gi;
// $1..$99 group references — sample: "https://x.com$1" (AllInOne fields).
const groupPattern = /\$\d{1,2}/g;

/** Legado's isRule for `{{…}}`: a rule when it starts with `@`, `$.`, `$[` or `//`, else JS. */
export function isRuleExpression(expr: string): boolean {
  return (
    expr.startsWith('@') || expr.startsWith('$.') || expr.startsWith('$[') || expr.startsWith('//')
  );
}

function modeOf(piece: string, isJson: boolean, main: RuleMode): { mode: RuleMode; rule: string } {
  if (main === 'regex') return { mode: 'regex', rule: piece };
  if (/^@css:/i.test(piece)) return { mode: 'default', rule: piece };
  if (piece.startsWith('@@')) return { mode: 'default', rule: piece.slice(2) };
  if (/^@xpath:/i.test(piece)) return { mode: 'xpath', rule: piece.slice(7) };
  if (/^@json:/i.test(piece)) return { mode: 'json', rule: piece.slice(6) };
  if (isJson || piece.startsWith('$.') || piece.startsWith('$['))
    return { mode: 'json', rule: piece };
  if (piece.startsWith('/')) return { mode: 'xpath', rule: piece };
  return { mode: 'default', rule: piece };
}

function splitPuts(rule: string, source: string): { rule: string; puts: [string, string][] } {
  const puts: [string, string][] = [];
  const rest = rule.replace(putPattern, (_m, json: string) => {
    const map = readLenientJson(json);
    if (!map || typeof map !== 'object' || Array.isArray(map))
      throw new LinhaiError('rule-error', `@put needs a JSON object: ${json}`, {
        details: { rule: source },
      });
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) puts.push([k, String(v)]);
    return '';
  });
  return { rule: rest, puts };
}

/** Splits text outside `{{}}` into literal and `$n` parts (Legado splitRegex; `$n` only before `##`). */
function splitGroups(text: string, parts: TemplatePart[]): boolean {
  const head = text.split('##')[0]!;
  let found = false;
  let start = 0;
  groupPattern.lastIndex = 0;
  for (let m = groupPattern.exec(head); m; m = groupPattern.exec(head)) {
    found = true;
    if (m.index > start) parts.push({ type: 'text', text: text.slice(start, m.index) });
    parts.push({ type: 'group', index: Number(m[0].slice(1)), text: m[0] });
    start = m.index + m[0].length;
  }
  if (text.length > start) parts.push({ type: 'text', text: text.slice(start) });
  return found;
}

function splitReplace(
  rule: string,
): Pick<RuleStep, 'rule' | 'replaceRegex' | 'replacement' | 'replaceFirst'> {
  const s = rule.split('##');
  return {
    rule: s[0]!.trim(),
    replaceRegex: s[1] ?? '',
    replacement: s[2] ?? '',
    replaceFirst: s.length > 3,
  };
}

function compileStep(piece: string, mode0: RuleMode, source: string): RuleStep {
  if (mode0 === 'js')
    return {
      mode: 'js',
      rule: piece,
      puts: [],
      replaceRegex: '',
      replacement: '',
      replaceFirst: false,
    };
  const { rule, puts } = splitPuts(piece, source);
  let mode = mode0;
  const parts: TemplatePart[] = [];
  let start = 0;
  let hasEval = false;
  evalPattern.lastIndex = 0;
  for (let m = evalPattern.exec(rule); m; m = evalPattern.exec(rule)) {
    if (!hasEval && mode !== 'regex' && (m.index === 0 || !rule.slice(0, m.index).includes('##')))
      mode = 'regex';
    hasEval = true;
    if (m.index > start && splitGroups(rule.slice(start, m.index), parts) && mode !== 'regex')
      mode = 'regex';
    const tok = m[0];
    if (/^@get:/i.test(tok)) parts.push({ type: 'get', name: tok.slice(6, -1) });
    else {
      const expr = tok.slice(2, -2);
      parts.push({ type: 'eval', expr, isRule: isRuleExpression(expr) });
    }
    start = m.index + tok.length;
  }
  if (rule.length > start && splitGroups(rule.slice(start), parts) && mode !== 'regex')
    mode = 'regex';
  const needsTemplate = parts.some((p) => p.type !== 'text');
  if (!needsTemplate) return { mode, puts, ...splitReplace(rule) };
  return {
    mode,
    puts,
    template: parts,
    rule,
    replaceRegex: '',
    replacement: '',
    replaceFirst: false,
  };
}

/** Legado splitSourceRule: the ordered pipeline of script and non-script pieces. */
export function splitSourceRule(
  rule: string,
  options: { isJson?: boolean; allInOne?: boolean; regexMode?: boolean } = {},
): RuleStep[] {
  const steps: RuleStep[] = [];
  if (!rule) return steps;
  let main: RuleMode = options.regexMode ? 'regex' : 'default';
  let start = 0;
  if (options.allInOne && rule.startsWith(':')) {
    main = 'regex';
    start = 1;
  }
  const push = (piece: string): void => {
    const t = piece.trim();
    if (!t) return;
    const { mode, rule: r } = modeOf(t, options.isJson ?? false, main);
    steps.push(compileStep(r, mode, rule));
  };
  jsPattern.lastIndex = 0;
  for (let m = jsPattern.exec(rule); m; m = jsPattern.exec(rule)) {
    if (m.index > start) push(rule.slice(start, m.index));
    steps.push(compileStep(m[2] ?? m[1] ?? '', 'js', rule));
    start = m.index + m[0].length;
  }
  if (rule.length > start) push(rule.slice(start));
  return steps;
}

// One cache per flag combination, keyed by the rule text (no key concatenation on the hot path).
const caches = Array.from({ length: 8 }, () => new Map<string, CompiledRule>());

/**
 * Compiles (and caches) a rule string. `isJson`: the content is JSON (unprefixed rules become
 * JSONPath); `allInOne`: a list rule where a leading `:` means regex AllInOne; `regexMode`: field
 * rules over AllInOne items (templates over `$n`).
 */
export function compileRule(
  rule: string,
  options: { isJson?: boolean; allInOne?: boolean; regexMode?: boolean } = {},
): CompiledRule {
  const cache =
    caches[(options.isJson ? 1 : 0) | (options.allInOne ? 2 : 0) | (options.regexMode ? 4 : 0)]!;
  let c = cache.get(rule);
  if (!c) {
    const steps = splitSourceRule(rule, options);
    c = {
      source: rule,
      steps,
      sync: steps.every((s) => s.mode !== 'js' && !s.template && s.puts.length === 0),
    };
    if (cache.size > 20000) cache.clear();
    cache.set(rule, c);
  }
  return c;
}
