/**
 * Runs rule JavaScript in the sandbox (src/rules/js) with Legado's bindings (legado-rules.md
 * §3.10): `result`, `src`, `baseUrl`, `java` (the analyzer's helpers plus the pure `java.*`
 * helpers and network calls through `RuleContext.host`), plus the caller's `book`, `chapter`,
 * `source`, `key`, `page`, `title`… Elements cross as JSoup-shaped host objects (element-facade.ts).
 */
import type { AnyNode } from 'domhandler';
import { LinhaiError } from '#model';
import type { RuleContext, StringRuleOptions } from './types.ts';
import { ParsedContent } from './content.ts';
import { RegexGroups, isNode } from './values.ts';
import { facadeModule, nodesOf, toFacade } from './element-facade.ts';
import { parseHtmlDocument } from './html.ts';
import type { JsModule } from './element-facade.ts';
import { createJavaExtras, plainRequest, responseObject } from './java-extras.ts';
import { LazyBinding } from './js/types.ts';
import type { HostValue } from './js/types.ts';

/** What scripts may call back into (implemented by analyze.ts's Analyzer). */
export interface ScriptAnalyzer {
  content: unknown;
  baseUrl: string | undefined;
  readonly ctx: RuleContext;
  getString(rule: string, input?: unknown, opts?: StringRuleOptions): Promise<string>;
  getStringList(rule: string, input?: unknown, opts?: StringRuleOptions): Promise<string[]>;
  getElements(rule: string, input?: unknown): Promise<unknown[]>;
  setContent(content: unknown, baseUrl?: string): void;
  htmlRoot(v: unknown): AnyNode;
}

/** Values handed to scripts: elements become facades, parsed pages their text, groups arrays. */
export function toScript(js: JsModule, v: unknown, an: ScriptAnalyzer): unknown {
  if (v instanceof ParsedContent) return v.text;
  if (v instanceof RegexGroups) return [...v.groups];
  if (isNode(v)) return toFacade(js, [v], an, true);
  if (Array.isArray(v) && v.length > 0 && v.every(isNode))
    return toFacade(js, v as AnyNode[], an, false);
  return v;
}

/** Values coming back: facades become nodes again. */
function fromScript(v: unknown): unknown {
  const nodes = nodesOf(v);
  if (nodes) return nodes.single ? nodes.nodes[0] : nodes.nodes;
  if (Array.isArray(v)) return v.map(fromScript);
  return v;
}

export function javaObject(js: JsModule, an: ScriptAnalyzer): unknown {
  const ctx = an.ctx;
  const host = (what: string) => {
    if (!ctx.host)
      throw new LinhaiError(
        'capability-missing',
        `java.${what} needs network access, which this rule context lacks`,
      );
    return ctx.host;
  };
  const log = (x: unknown): unknown => {
    ctx.log?.(String(x));
    return x;
  };
  const pure = js.createPureJavaHelpers
    ? js.createPureJavaHelpers({ log: (l: string) => ctx.log?.(l) })
    : {};
  const members: Record<string, unknown> = {
    ...pure,
    ...createJavaExtras(js, host, () => an.baseUrl ?? ''),
    ...(ctx.javaHelpers ?? {}),
    getString: async (rule: unknown, content?: unknown, isUrl?: unknown) =>
      an.getString(
        String(rule),
        content === undefined || content === null ? an.content : fromScript(content),
        { isUrl: isUrl === true },
      ),
    getStringList: async (rule: unknown, content?: unknown, isUrl?: unknown) =>
      an.getStringList(
        String(rule),
        content === undefined || content === null ? an.content : fromScript(content),
        { isUrl: isUrl === true },
      ),
    getElements: async (rule: unknown) =>
      toFacade(js, (await an.getElements(String(rule))) as AnyNode[], an, false),
    getElement: async (rule: unknown) => {
      const list = await an.getElements(String(rule));
      return list.length ? toScript(js, list[0], an) : null;
    },
    setContent: (content: unknown, baseUrl?: unknown) => {
      an.setContent(fromScript(content), typeof baseUrl === 'string' ? baseUrl : undefined);
      return null;
    },
    put: (key: unknown, value: unknown) => {
      ctx.variables.put(String(key), String(value));
      return value;
    },
    // java.get(key) reads a variable; java.get(url, headers) is an HTTP GET (overload on arity).
    get: async (a: unknown, headers?: unknown) => {
      if (headers === undefined) return ctx.variables.get(String(a)) ?? '';
      const res = await host('get').fetch(
        plainRequest(String(a), 'GET', undefined, headers as Record<string, string>),
      );
      return responseObject(js, res);
    },
    post: async (url: unknown, body: unknown, headers?: unknown) => {
      const res = await host('post').fetch(
        plainRequest(
          String(url),
          'POST',
          String(body ?? ''),
          (headers ?? {}) as Record<string, string>,
        ),
      );
      return responseObject(js, res);
    },
    ajax: async (url: unknown) => {
      try {
        const target = Array.isArray(url) ? String(url[0]) : String(url);
        const { buildRequest } = await import('./url-template.ts');
        const req = await buildRequest(target, { ...ctx, baseUrl: an.baseUrl ?? '' });
        return (await host('ajax').fetch(req)).text;
      } catch (e) {
        // Legado returns the error text rather than throwing (§3.10).
        if (e instanceof LinhaiError && e.code === 'capability-missing') throw e;
        return String(e instanceof Error ? e.message : e);
      }
    },
    connect: async (url: unknown) => {
      const { buildRequest } = await import('./url-template.ts');
      const req = await buildRequest(String(url), { ...ctx, baseUrl: an.baseUrl ?? '' });
      return responseObject(js, await host('connect').fetch(req));
    },
    getCookie: async (tag: unknown, key?: unknown) => {
      const cookie = (await ctx.host?.getCookie?.(String(tag))) ?? '';
      if (key === undefined || key === null) return cookie;
      const m = cookie.split(/;\s*/).find((p) => p.startsWith(`${String(key)}=`));
      return m ? m.slice(String(key).length + 1) : '';
    },
    log,
    toast: log,
    longToast: log,
  };
  return new js.HostObject(members as never, 'java');
}

export function jsoupShim(js: JsModule, an: ScriptAnalyzer): unknown {
  const parse = (html: unknown) => toFacade(js, [parseHtmlDocument(String(html ?? ''))], an, true);
  return new js.HostObject({ parse, parseBodyFragment: parse } as never, 'Jsoup');
}

/** Runs one script with `result` = the step input; returns the script's value (facades unwrapped). */
export async function runScript(
  an: ScriptAnalyzer,
  code: string,
  result: unknown,
): Promise<unknown> {
  const sandbox = an.ctx.sandbox;
  if (!sandbox)
    throw new LinhaiError('capability-missing', 'this rule needs the JavaScript sandbox', {
      details: { rule: code.slice(0, 200) },
    });
  const js = await facadeModule();
  // Converted when the script reads them: most scripts read `result` and never `src` (the whole
  // page) or half of these, and building and converting them cost three quarters of a call.
  const lazy = (make: () => unknown) => new LazyBinding(make as () => HostValue);
  const content = an.content; // `src` is the input the run began with, even after setContent
  const bindings: Record<string, unknown> = {
    // org.jsoup.Jsoup.parse(html) (10% of sources): a document facade over our own parse.
    org: lazy(() => ({ jsoup: { Jsoup: jsoupShim(js, an) } })),
    ...(an.ctx.bindings ?? {}),
    java: lazy(() => javaObject(js, an)),
    result: toScript(js, result, an),
    src: lazy(() => toScript(js, content, an)),
    baseUrl: an.baseUrl ?? '',
  };
  const value = await sandbox.run({
    code,
    bindings,
    ...(an.ctx.scriptTimeLimitMs ? { timeLimitMs: an.ctx.scriptTimeLimitMs } : {}),
  });
  return fromScript(value);
}
