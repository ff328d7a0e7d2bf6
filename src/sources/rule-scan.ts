/**
 * Static scans of one rule or URL-template string: does it need JavaScript, a browser, Java
 * interop, which `java.*` helpers it calls. Heuristics follow the census of docs/legado-rules.md §7
 * (JS vs rule inside `{{}}` by Legado's prefix test; `{{}}` in URL templates is always JS).
 */

export interface ScanResult {
  /** Needs a JS engine beyond tiny template expressions. */
  js: boolean;
  /** Only tiny expressions (`{{page-1}}`, `{{book.name}}`) — tier B. */
  tinyJs: boolean;
  /** Hard WebView need: `webView` option, `@webjs:`, `java.webView(…)`. */
  webView: boolean;
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
const jsoupShimPattern = /\borg\.jsoup\.Jsoup\.(?:parse|parseBodyFragment)\s*\(/g;
// Helper calls: "java.ajax(url)" → "ajax"
const helperPattern = /\bjava\.([A-Za-z_$][\w$]*)\s*\(/g;
// Login state: source.getLoginInfoMap(), source.putLoginHeader(h), login()
const loginPattern =
  /\b(?:getLoginInfo(?:Map)?|putLoginHeader|getLoginHeader(?:Map)?|putLoginInfo)\s*\(/;
// Code kept in the comment field: eval(String(source.bookSourceComment))
const commentPattern = /bookSourceComment/;

export type ScanMode = 'rule' | 'url';

function isRuleExpression(expr: string): boolean {
  const e = expr.trimStart();
  return e.startsWith('@') || e.startsWith('$.') || e.startsWith('$[') || e.startsWith('//');
}

function emptyScan(): ScanResult {
  return {
    js: false,
    tinyJs: false,
    webView: false,
    browserHelper: false,
    javaInterop: false,
    unsupportedInterop: false,
    login: false,
    helpers: new Set(),
    evalsComment: false,
  };
}

/** Scans one string; `mode` says whether `{{}}` is JS always ('url') or by prefix ('rule'). */
export function scanRuleString(text: string, mode: ScanMode): ScanResult {
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
  if (webViewOption.test(text) || webViewHelper.test(text)) out.webView = true;
  if (browserHelperPattern.test(text)) out.browserHelper = true;
  if (javaInteropPattern.test(text)) {
    out.javaInterop = true;
    out.unsupportedInterop = javaInteropPattern.test(text.replace(jsoupShimPattern, 'Jsoup('));
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
    out.browserHelper ||= s.browserHelper;
    out.javaInterop ||= s.javaInterop;
    out.unsupportedInterop ||= s.unsupportedInterop;
    out.login ||= s.login;
    out.evalsComment ||= s.evalsComment;
    for (const h of s.helpers) out.helpers.add(h);
  }
  return out;
}
