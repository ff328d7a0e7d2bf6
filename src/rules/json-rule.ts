/**
 * JSONPath rules (legado-rules.md §3.6) on jsonpath-plus 10, shaped like Jayway as Legado uses it:
 * `$.` is implied, a definite path yields its value (a missing one yields nothing), errors are
 * swallowed, `{$.x}` inline rules are expanded, `&&`/`||`/`%%` combine. Filter scripts
 * (`[?(…)]`) never run in jsonpath-plus's own eval: simple comparisons go to a tiny interpreter
 * (json-filter.ts), everything else to the sandbox's `runSync`.
 */
import { JSONPath } from 'jsonpath-plus';
import { LinhaiError } from '#model';
import { combine, splitCombinators } from './rule-split.ts';
import { stringOf } from './values.ts';
import { evalSimpleFilter, translateJaywayFilter } from './json-filter.ts';
import type { RuleSandbox } from './types.ts';

interface JsonRuleEnv {
  readonly sandbox?: RuleSandbox;
}

/** Jayway prefixes `$.` to paths without a root. Sample: "data.list[*].name" → "$.data.list[*].name". */
function normalizePath(rule: string): string {
  const r = rule.trim();
  if (r.startsWith('$') || r.startsWith('@')) return r.replace(/^@/, '$');
  if (r.startsWith('[')) return '$' + r;
  return '$.' + r;
}

/** A path is definite when it cannot select several nodes (no `..`, `*`, filters, unions, slices). */
function isDefinite(path: string): boolean {
  // Samples: "$.a.b[0]" → true; "$..a", "$.a[*]", "$.a[?(@.x)]", "$.a[0,1]", "$.a[1:3]" → false.
  return !/\.\.|\*|\[\?|\[[^\]'"]*[,:][^\]]*\]/.test(path);
}

/** jsonpath-plus wraps callback errors in plain Errors; the engine's own error is kept here. */
let pendingError: LinhaiError | undefined;

function takePending(): LinhaiError | undefined {
  const e = pendingError;
  pendingError = undefined;
  return e;
}

/**
 * RFC 9535 writes filters without parentheses (`$[?@.a==1]`); jsonpath-plus, like Jayway, needs
 * `[?(…)]`. Sample: "$[?@.a]" → "$[?(@.a)]".
 */
function parenthesiseFilters(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '[' && path[i + 1] === '?' && path[i + 2] !== '(') {
      let depth = 0;
      let quote = '';
      let j = i + 2;
      for (; j < path.length; j++) {
        const d = path[j]!;
        if (quote) {
          if (d === '\\') j++;
          else if (d === quote) quote = '';
        } else if (d === "'" || d === '"') quote = d;
        else if (d === '[' || d === '(') depth++;
        else if (d === ')') depth--;
        else if (d === ']') {
          if (depth === 0) break;
          depth--;
        }
      }
      out += `[?(${path.slice(i + 2, j).trim()})]`;
      i = j;
      continue;
    }
    out += c;
  }
  return out;
}

function filterEval(env: JsonRuleEnv) {
  return (code: string, context: Record<string, unknown>): unknown => {
    try {
      return filterEvalInner(env, code, context);
    } catch (e) {
      if (e instanceof LinhaiError) pendingError = e;
      throw e;
    }
  };
}

function filterEvalInner(
  env: JsonRuleEnv,
  code: string,
  context: Record<string, unknown>,
): unknown {
  {
    const translated = translateJaywayFilter(code);
    const simple = evalSimpleFilter(translated, context);
    if (simple.ok) return simple.value;
    if (!env.sandbox)
      throw new LinhaiError('capability-missing', `JSONPath filter needs the JS sandbox: ${code}`, {
        details: { rule: code },
      });
    const bindings: Record<string, unknown> = { _$_v: context._$_v };
    for (const k of ['_$_root', '_$_parent', '_$_property', '_$_parentProperty'])
      if (translated.includes(k)) bindings[k] = context[k];
    return env.sandbox.runSync({ code: translated, bindings, timeLimitMs: 200 });
  }
}

/**
 * The whole node list a path selects (RFC 9535 view, used by the compliance suite). Throws
 * LinhaiError('rule-error') when jsonpath-plus rejects the path.
 */
export function jsonPathQuery(json: unknown, path: string, env: JsonRuleEnv = {}): unknown[] {
  const evalFn = filterEval(env) as (code: string, context: object) => unknown;
  try {
    const res = JSONPath({
      path: parenthesiseFilters(path),
      json: json as object,
      wrap: true,
      eval: evalFn,
      ignoreEvalErrors: false,
    }) as unknown;
    return Array.isArray(res) ? res : [];
  } catch (cause) {
    const own = takePending();
    if (own) throw own;
    if (cause instanceof LinhaiError) throw cause;
    throw new LinhaiError('rule-error', `invalid JSONPath: ${path}`, {
      details: { rule: path },
      cause,
    });
  }
}

/** Reads one path. Returns undefined when nothing matched (Jayway's suppressed exception). */
export function readPath(json: unknown, rule: string, env: JsonRuleEnv): unknown {
  const path = normalizePath(rule);
  let res: unknown[];
  try {
    const evalFn = filterEval(env) as (code: string, context: object) => unknown;
    res = JSONPath({
      path: parenthesiseFilters(path),
      json: json as object,
      wrap: true,
      eval: evalFn,
      ignoreEvalErrors: false,
    }) as unknown as unknown[];
  } catch (e) {
    const own = takePending() ?? (e instanceof LinhaiError ? e : undefined);
    if (own && own.code !== 'rule-error') throw own;
    return undefined;
  }
  if (!Array.isArray(res)) return undefined;
  if (isDefinite(path)) return res.length ? res[0] : undefined;
  return res;
}

/** Legado innerRule("{$."): replaces every balanced `{$.…}`; "" when there is none. */
function expandInline(rule: string, read: (r: string) => string): string {
  let out = '';
  let found = false;
  let i = 0;
  while (i < rule.length) {
    const start = rule.indexOf('{$.', i);
    if (start < 0) break;
    let depth = 0;
    let end = -1;
    for (let j = start; j < rule.length; j++) {
      const c = rule[j];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = j;
        break;
      }
    }
    if (end < 0) break;
    found = true;
    out += rule.slice(i, start) + read(rule.slice(start + 1, end));
    i = end + 1;
  }
  return found ? out + rule.slice(i) : '';
}

function valueStrings(v: unknown): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(stringOf);
  return [stringOf(v)];
}

/** Legado AnalyzeByJSonPath.getString. */
export function jsonString(json: unknown, rule: string, env: JsonRuleEnv): string {
  const { parts, type } = splitCombinators(rule, true, ['&&', '||']);
  if (parts.length === 1) {
    const inline = expandInline(rule, (r) => jsonString(json, r, env));
    if (inline) return inline;
    return valueStrings(readPath(json, rule, env)).join('\n');
  }
  const out: string[] = [];
  for (const p of parts) {
    const s = jsonString(json, p, env);
    if (s) {
      out.push(s);
      if (type === '||') break;
    }
  }
  return out.join('\n');
}

/** Legado AnalyzeByJSonPath.getStringList. */
export function jsonStrings(json: unknown, rule: string, env: JsonRuleEnv): string[] {
  const { parts, type } = splitCombinators(rule, true);
  if (parts.length === 1) {
    const inline = expandInline(rule, (r) => jsonString(json, r, env));
    if (inline) return [inline];
    return valueStrings(readPath(json, rule, env));
  }
  const results: string[][] = [];
  for (const p of parts) {
    const r = jsonStrings(json, p, env);
    if (r.length) {
      results.push(r);
      if (type === '||') break;
    }
  }
  return combine(results, type);
}

/** Legado AnalyzeByJSonPath.getList: the items of a list rule. */
export function jsonList(json: unknown, rule: string, env: JsonRuleEnv): unknown[] {
  const { parts, type } = splitCombinators(rule, true);
  const results: unknown[][] = [];
  for (const p of parts) {
    const v = readPath(json, p, env);
    const r = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (r.length) {
      results.push(r);
      if (type === '||') break;
    }
  }
  return combine(results, type);
}
