/**
 * URL templates (legado-rules.md §2): the script pass (`<js>…</js>`, `@js:`, `@result`), the
 * `{{…}}` pass (always JavaScript here; `key`/`page` arithmetic is evaluated without the sandbox),
 * `<a,b,c>` page lists, the `,{options}` object and charset-aware query/form encoding.
 */
import { LinhaiError } from '#model';
import type { RuleContext, UrlContext, UrlRequest } from './types.ts';
import { readLenientJson } from './lenient-json.ts';
import { absoluteUrl, splitUrlOptions } from './urls.ts';
import { encodeForm, encodeQuery } from './url-encode.ts';
import { createVariableStore } from './variables.ts';
import { Analyzer } from './analyze.ts';
import { runScript } from './js-bridge.ts';
import { stringOf } from './values.ts';

// <js>…</js> or @js: to the end. Sample: "@js:'/s?q='+key" → script "'/s?q='+key".
const jsPattern = /<js>([\s\S]*?)<\/js>|@js:([\s\S]*)/gi;
// <a,b,c> page lists. Sample: "/list<,_{{page}}>.html" with page 2 → "/list_2.html".
const pagePattern = /<(.*?)>/g;
// Trivial expressions: identifiers key/page, numbers, + - * / % ( ). Sample: "(page-1)*20".
const trivialExpr = /^[\s\d+\-*/%().]*(?:(?:key|page)[\s\d+\-*/%().]*)*$/;

function scriptAnalyzer(ctx: UrlContext): Analyzer {
  const rc: RuleContext = {
    baseUrl: ctx.baseUrl,
    variables: ctx.variables ?? createVariableStore(),
    bindings: { ...(ctx.bindings ?? {}), key: ctx.key ?? null, page: ctx.page ?? null },
    ...(ctx.sandbox ? { sandbox: ctx.sandbox } : {}),
    ...(ctx.host ? { host: ctx.host } : {}),
    ...(ctx.log ? { log: ctx.log } : {}),
    ...(ctx.scriptTimeLimitMs ? { scriptTimeLimitMs: ctx.scriptTimeLimitMs } : {}),
    ...(ctx.javaHelpers ? { javaHelpers: ctx.javaHelpers } : {}),
  };
  return new Analyzer('', rc);
}

function printValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return stringOf(v);
}

/** Evaluates `{{expr}}` of a URL: key/page arithmetic directly, anything else in the sandbox. */
async function evalExpr(expr: string, ctx: UrlContext, an: () => Analyzer): Promise<string> {
  const e = expr.trim();
  if (e === 'key') return ctx.key ?? '';
  if (e === 'page') return ctx.page === undefined ? '' : String(ctx.page);
  if (trivialExpr.test(e) && !e.includes('key')) {
    const page = ctx.page ?? 0;
    // Safe: the expression holds only digits, operators, parentheses and the word "page".
    const value = evalArithmetic(e.replace(/page/g, String(page)));
    if (value !== undefined) return printValue(value);
  }
  return printValue(await runScript(an(), e, null));
}

/** A tiny arithmetic evaluator (no eval): numbers, + - * / %, parentheses. */
function evalArithmetic(s: string): number | undefined {
  const toks = s.match(/\d+(?:\.\d+)?|[+\-*/%()]/g);
  if (!toks || toks.join('') !== s.replace(/\s+/g, '')) return undefined;
  let i = 0;
  const atom = (): number => {
    const t = toks[i++];
    if (t === '(') {
      const v = sum();
      i++;
      return v;
    }
    if (t === '-') return -atom();
    return Number(t);
  };
  const prod = (): number => {
    let v = atom();
    while (toks[i] === '*' || toks[i] === '/' || toks[i] === '%') {
      const op = toks[i++];
      const w = atom();
      v = op === '*' ? v * w : op === '/' ? v / w : v % w;
    }
    return v;
  };
  const sum = (): number => {
    let v = prod();
    while (toks[i] === '+' || toks[i] === '-') {
      const op = toks[i++];
      const w = prod();
      v = op === '+' ? v + w : v - w;
    }
    return v;
  };
  const v = sum();
  return i === toks.length && Number.isFinite(v) ? v : undefined;
}

/** Replaces every `{{…}}` (first `}}` after `{{`, plain text search). */
async function expandBraces(url: string, ctx: UrlContext, an: () => Analyzer): Promise<string> {
  let out = '';
  let i = 0;
  for (;;) {
    const a = url.indexOf('{{', i);
    const b = a < 0 ? -1 : url.indexOf('}}', a + 2);
    if (a < 0 || b < 0) break;
    out += url.slice(i, a) + (await evalExpr(url.slice(a + 2, b), ctx, an));
    i = b + 2;
  }
  return out + url.slice(i);
}

function headerMap(v: unknown): Record<string, string> {
  const obj = typeof v === 'string' ? readLenientJson(v) : v;
  if (!obj || typeof obj !== 'object') return {};
  return Object.fromEntries(
    Object.entries(obj as Record<string, unknown>).map(([k, x]) => [k, String(x)]),
  );
}

/**
 * Builds a request from a URL template.
 * @example await buildRequest('/search?q={{key}}&p={{page}},{"charset":"gbk"}', { baseUrl: 'https://x.com', key: '你好', page: 1 })
 *   → { url: 'https://x.com/search?q=%C4%E3%BA%C3&p=1', method: 'GET', … }
 */
export async function buildRequest(template: string, ctx: UrlContext): Promise<UrlRequest> {
  let analyzer: Analyzer | undefined;
  const an = (): Analyzer => (analyzer ??= scriptAnalyzer(ctx));
  // 1. Script pass.
  let url = template;
  let result = template;
  let start = 0;
  let sawScript = false;
  // A regex of this call's own: the loop awaits scripts, and a script's java.ajax re-enters
  // buildRequest, which would reset a shared /g regex's lastIndex and run this script again.
  const scripts = new RegExp(jsPattern.source, jsPattern.flags);
  for (let m = scripts.exec(template); m; m = scripts.exec(template)) {
    sawScript = true;
    const before = template.slice(start, m.index).trim();
    if (before) result = before.replace(/@result/g, result);
    result = printValue(await runScript(an(), m[2] ?? m[1] ?? '', result));
    start = m.index + m[0].length;
  }
  if (sawScript) {
    const after = template.slice(start).trim();
    if (after) result = after.replace(/@result/g, result);
    url = result;
  }
  // 2. {{…}} pass, then 3. page lists.
  if (url.includes('{{') && url.includes('}}')) url = await expandBraces(url, ctx, an);
  if (ctx.page !== undefined) {
    const page = ctx.page;
    url = url.replace(pagePattern, (_m, list: string) => {
      const pages = list.split(',');
      return (page < pages.length ? pages[page - 1] : pages[pages.length - 1])?.trim() ?? '';
    });
  }
  // 4. Options.
  const split = splitUrlOptions(url);
  // Resolve the path only: URL parsing would UTF-8-encode the query before we can apply the charset.
  const raw = split.url.trim();
  const qAt = raw.indexOf('?');
  const pathPart = qAt < 0 ? raw : raw.slice(0, qAt);
  const base = absoluteUrl(
    ctx.baseUrl,
    pathPart || splitUrlOptions(ctx.baseUrl).url.split('?')[0]!.split('#')[0]!,
  );
  let target = qAt < 0 ? base : base + raw.slice(qAt);
  let options: Record<string, unknown> = {};
  if (split.options) {
    const parsed = readLenientJson(split.options);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      options = parsed as Record<string, unknown>;
    else
      throw new LinhaiError('rule-error', `URL options are not a JSON object: ${split.options}`, {
        details: { rule: template },
      });
  }
  const method = String(options.method ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
  const headers: Record<string, string> = { ...(ctx.headers ?? {}), ...headerMap(options.headers) };
  const charset =
    typeof options.charset === 'string' && options.charset ? options.charset : undefined;
  if (typeof options.js === 'string' && options.js)
    target = printValue(await runScript(an(), options.js, target));
  let body: string | undefined;
  if (options.body !== undefined && options.body !== null)
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  // 5. Encoding.
  const q = target.indexOf('?');
  if (method === 'GET' && q >= 0) {
    const hash = target.indexOf('#', q);
    const query = hash < 0 ? target.slice(q + 1) : target.slice(q + 1, hash);
    target =
      target.slice(0, q + 1) + encodeQuery(query, charset) + (hash < 0 ? '' : target.slice(hash));
  }
  const hasContentType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  if (method === 'POST') {
    const b = body ?? '';
    const t = b.trim();
    const isJson = (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
    const isXml = t.startsWith('<') && t.endsWith('>');
    if (!hasContentType) {
      if (isJson || isXml) headers['Content-Type'] = 'application/json; charset=UTF-8';
      else {
        body = encodeForm(b, charset);
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
      }
    }
  }
  const webView = ![undefined, null, '', false, 'false'].includes(options.webView as never);
  const retry = Number(options.retry ?? 0) || 0;
  return {
    url: target,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(charset ? { charset } : {}),
    options,
    webView,
    retry,
  };
}

export { absoluteUrl };
