/**
 * The rules layer's public door (DESIGN.md, Layers): parses and evaluates Legado rule strings
 * (JSoup-style, CSS, XPath, JSONPath, regex, templates, combinators, variables, JS through the
 * sandbox) and URL templates. No I/O: scripts reach the network only through `RuleContext.host`.
 *
 * @example
 * const page = parseContent(response.text, response.url);
 * const ctx = { variables: createVariableStore(), baseUrl: page.baseUrl };
 * for (const item of await getElements('class.list@tag.li', page, ctx)) {
 *   const title = await getString('tag.a@text', item, ctx);
 *   const url = await getString('tag.a@href', item, ctx, { isUrl: true });
 * }
 */
export type {
  VariableStore,
  HostResponse,
  RuleHost,
  RuleSandbox,
  RuleContext,
  StringRuleOptions,
  UrlRequest,
  UrlContext,
  ScriptValue,
} from './types.ts';

/** A response parsed once (HTML tree / JSON / text, detected as Legado does) with its base URL. */
export { ParsedContent, parseContent } from './content.ts';
export type { ContentKind, ParseContentOptions, RuleItem, RuleInput } from './content.ts';

/** Legado AnalyzeRule entry points (§3.1). */
export { getString, getStringIfPlain, getStringList, getElements, getElement } from './analyze.ts';

/** Rule compilation (cached per rule string) — exposed for diagnostics and pre-warming. */
export { compileRule, splitSourceRule } from './rule-parse.ts';
export type { CompiledRule, RuleStep, RuleMode } from './rule-parse.ts';

/** URL templates (§2): `{{js}}`, `<a,b>` page lists, `,{options}`, charset-aware encoding. */
export { buildRequest, absoluteUrl } from './url-template.ts';

/** Variables for `@put`/`@get`: a plain map store and Legado's chapter → book → source chain. */
export { createVariableStore, chainVariableStores } from './variables.ts';
export type { MapVariableStore } from './variables.ts';

/** Java regular expressions in JS: translation and a time-limited runner. */
export { translateJavaRegex, translateJavaReplacement } from './java-regex.ts';
export { regexRunner, stopRegexGuard, createRegexEngine } from './regex-runner.ts';
export type { RegexRunner, RegexOp } from './regex-runner.ts';

/** A source's `jsLib`, loaded once per sandbox (inline code or downloaded files). */
export { loadJsLib } from './js-lib.ts';
export type { LibrarySandbox } from './js-lib.ts';

/** JSONPath node lists (jsonpath-plus with filters kept out of its eval). */
export { jsonPathQuery } from './json-rule.ts';

/** JSoup-compatible HTML helpers shared with the cleaner/driver. */
export { jsoupText, jsoupOuterHtml, parseHtmlDocument } from './html.ts';
export { jsoupSelect } from './jsoup-css.ts';
export { formatHtmlContent } from './html-format.ts';

/** The QuickJS sandbox for source scripts (src/rules/js), for the composition root to create. */
export { createSandbox, createPureJavaHelpers, HostObject, LazyBinding } from './js/index.ts';
export { scriptSurface } from './script-surface.ts';
/** Lenient JSON (Gson's leniency): book-source files and JSON inside rules read alike. */
export { parseLenientJson, positionOf, readLenientJson } from './lenient-json.ts';
export type { JsonValue, LenientParseResult } from './lenient-json.ts';
export { javaHelperCapabilities } from './java-extras.ts';
export type { ScriptValueKind } from './script-surface.ts';
export type { Sandbox, SandboxOptions } from './js/index.ts';
