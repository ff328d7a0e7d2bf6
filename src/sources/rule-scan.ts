/**
 * Static scans of one rule or URL-template string: does it need JavaScript, a browser, Java
 * interop, which `java.*` helpers it calls, which methods its scripts call that Linhai lacks.
 * Heuristics follow the census of docs/legado-rules.md §7 (JS vs rule inside `{{}}` by Legado's
 * prefix test; `{{}}` in URL templates is always JS).
 */
import { javaHelperCapabilities, scriptSurface } from '#rules';
import { maskLiterals, scriptCalls } from './script-calls.ts';
import type { CallKind } from './script-calls.ts';
import { bindingSurface } from './source-binding.ts';
import { isRuleExpression, outsideScripts, scriptsIn } from './script-text.ts';
import type { ScanMode } from './script-text.ts';

export type { ScanMode } from './script-text.ts';

export interface ScanResult {
  /** Needs a JS engine beyond tiny template expressions. */
  js: boolean;
  /** Only tiny expressions (`{{page-1}}`, `{{book.name}}`) — tier B. */
  tinyJs: boolean;
  /** Hard WebView need: `webView` option in the rule or URL text itself, `@webjs:`, or a script
   *  that asks for one unconditionally (`java.webView(…)`, `',{"webView":true}'`). */
  webView: boolean;
  /** A script asks for a WebView only on some paths (inside `if`, `?:`, `||`, a function…): the
   *  scan cannot tell whether the path is taken; the driver decides when it runs. */
  webViewConditional: boolean;
  /** Reaches a browser only through a JS helper (`java.startBrowserAwait`, captcha). */
  browserHelper: boolean;
  /** Java classes from JS (`org.jsoup`, `Packages`, `JavaImporter`, `java.lang.*` …): census C2. */
  javaInterop: boolean;
  /** Java interop beyond the `org.jsoup.Jsoup.parse` shim the rules layer provides. */
  unsupportedInterop: boolean;
  /** Login state read on this path (`getLoginInfoMap`, `putLoginHeader` …). */
  login: boolean;
  /** `java.<name>` helpers called. */
  helpers: Set<string>;
  /** Methods scripts call that Linhai does not implement, as "Kind.method" ("Elements.foo"). */
  unimplemented: Set<string>;
  /** Reads the source's `bookSourceComment` (code stored there and `eval`-ed). */
  evalsComment: boolean;
}

// Script parts of a rule: "<js>result.trim()</js>" or "@js:result" (to the end).
const scriptPattern = /<js>[\s\S]*?<\/js>|@js:[\s\S]*$/i;
// Template expressions, e.g. "{{key}}" in "/s?q={{key}}" or "{{$.id}}".
const templatePattern = /\{\{([\s\S]*?)\}\}/g;
// Expressions a census counts as "tiny" (tier B): arithmetic over key/page/book.x/source.x,
// e.g. "(page-1)*20", "book.name"; no calls.
const tinyPattern = /^(?:[\d\s+\-*/%()]|\bkey\b|\bpage\b|\bbaseUrl\b|\bbook\.\w+|\bsource\.\w+)*$/;
// A call inside an expression, e.g. "source.getKey()" — never tiny.
const callPattern = /[\w$]\s*\(/;
// The WebView URL option with a truthy value: ,{"webView":true} or {webView:'1'}.
const webViewOption = /["']?webView["']?\s*:\s*(?!\s*(?:false|null|""|''|["']false["'])\s*[,}])/;
// Legado's browser helpers: java.webView(html,url,js), java.startBrowserAwait(url,title) …
const webViewHelper = /\bjava\.webView\s*\(|@webjs:/i;
const browserHelperPattern = /\bjava\.(?:startBrowser(?:Await)?|getVerificationCode|openUrl)\s*\(/;
// Java interop: org.jsoup.Jsoup.parse(x), Packages.java…, JavaImporter(…), java.lang.String(…)
const javaInteropPattern =
  /\b(?:org\.jsoup\.|Packages\b|JavaImporter\b|importPackage\s*\(|importClass\s*\(|javax\.|android\.|java\.(?:lang|util|net|io|nio|security|text|math|time)\.)/;
// The Jsoup shim of the rules layer: org.jsoup.Jsoup.parse(html), Jsoup.parseBodyFragment(html)
// (also taken as a value: "jsoup = org.jsoup.Jsoup.parse; jsoup(src)")
const jsoupShimPattern = /\borg\.jsoup\.Jsoup\.(?:parse|parseBodyFragment)\b/g;
// Helper calls: "java.ajax(url)" → "ajax"
const helperPattern = /\bjava\.([A-Za-z_$][\w$]*)\s*\(/g;
// Where a script's WebView request may be skipped: a branch, a short circuit, a function body.
const conditionalCode = /\b(?:if|else|switch|case|catch|function|while|for|do)\b|\?|&&|\|\||=>/;
// Login state: source.getLoginInfoMap(), source.putLoginHeader(h), login()
const loginPattern =
  /\b(?:getLoginInfo(?:Map)?|putLoginHeader|getLoginHeader(?:Map)?|putLoginInfo)\s*\(/;
// Code kept in the comment field: eval(String(source.bookSourceComment))
const commentPattern = /bookSourceComment/;

function emptyScan(): ScanResult {
  return {
    js: false,
    tinyJs: false,
    webView: false,
    webViewConditional: false,
    browserHelper: false,
    javaInterop: false,
    unsupportedInterop: false,
    login: false,
    helpers: new Set(),
    unimplemented: new Set(),
    evalsComment: false,
  };
}

/** Does `script` ask for a WebView, and on every path (true) or only on some ('conditional')? */
function scriptWebView(script: string): boolean | 'conditional' {
  const match = webViewOption.exec(script) ?? webViewHelper.exec(script);
  if (!match) return false;
  // Strings and regexes before it ("?a=1", /(\d+).?$/) are not branches.
  return conditionalCode.test(maskLiterals(script).slice(0, match.index)) ? 'conditional' : true;
}

let surface: Readonly<Record<CallKind, ReadonlySet<string>>> | undefined;

/** What scripts can call on every kind of value: the engine's objects and the source's bindings. */
export function callSurface(): Readonly<Record<CallKind, ReadonlySet<string>>> {
  surface ??= { ...scriptSurface(), ...bindingSurface() };
  return surface;
}

/** Adds the methods `script` calls that the engine lacks (the browser helpers have their own capability). */
function addUnimplemented(out: Set<string>, script: string): void {
  const surface = callSurface();
  for (const call of scriptCalls(script)) {
    // These are reported under their capability (webview, browser…), not as missing methods.
    if (call.kind === 'java' && call.method in javaHelperCapabilities) continue;
    if (!surface[call.kind].has(call.method)) out.add(`${call.kind}.${call.method}`);
  }
}

/**
 * Scans one string; `mode` says whether `{{}}` is JS always ('url') or by prefix ('rule');
 * `where` (e.g. "jsLib", "ruleToc.formatJs") marks fields whose whole value is a script.
 */
export function scanRuleString(text: string, mode: ScanMode, where = ''): ScanResult {
  const out = emptyScan();
  if (text.trim() === '') return out;
  if (scriptPattern.test(text)) out.js = true;
  // Templates: trivial {{key}}/{{page}} are declarative; rules inside {{}} too.
  for (const match of text.matchAll(templatePattern)) {
    const expr = (match[1] ?? '').trim();
    if (expr === 'key' || expr === 'page') continue;
    if (mode === 'rule' && isRuleExpression(expr)) continue;
    if (tinyPattern.test(expr) && !callPattern.test(expr)) out.tinyJs = true;
    else out.js = true;
  }
  // An options object's "js" key runs a script over the URL.
  if (/["']js["']\s*:/.test(text)) out.js = true;
  const plain = outsideScripts(where, text, mode);
  if (webViewOption.test(plain) || webViewHelper.test(plain)) out.webView = true;
  const scripts = scriptsIn(where, text, mode);
  for (const script of scripts) {
    const webView = scriptWebView(script);
    if (webView === true) out.webView = true;
    else if (webView === 'conditional') out.webViewConditional = true;
    addUnimplemented(out.unimplemented, script);
  }
  if (browserHelperPattern.test(text)) out.browserHelper = true;
  // Java classes count in script code only, not in strings ("http://android.x.net/").
  const code = scripts.map(maskLiterals).join('\n');
  if (javaInteropPattern.test(code)) {
    out.javaInterop = true;
    out.unsupportedInterop = javaInteropPattern.test(code.replace(jsoupShimPattern, 'Jsoup'));
  }
  if (loginPattern.test(text)) out.login = true;
  if (commentPattern.test(text)) out.evalsComment = true;
  for (const match of text.matchAll(helperPattern)) if (match[1]) out.helpers.add(match[1]);
  if (out.helpers.size > 0 || out.javaInterop) out.js = true;
  return out;
}

/** Merges scans (logical or, union of helpers). */
export function mergeScans(scans: Iterable<ScanResult>): ScanResult {
  const out = emptyScan();
  for (const s of scans) {
    out.js ||= s.js;
    out.tinyJs ||= s.tinyJs;
    out.webView ||= s.webView;
    out.webViewConditional ||= s.webViewConditional;
    out.browserHelper ||= s.browserHelper;
    out.javaInterop ||= s.javaInterop;
    out.unsupportedInterop ||= s.unsupportedInterop;
    out.login ||= s.login;
    out.evalsComment ||= s.evalsComment;
    for (const h of s.helpers) out.helpers.add(h);
    for (const m of s.unimplemented) out.unimplemented.add(m);
  }
  return out;
}
