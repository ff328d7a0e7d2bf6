/**
 * Capability classification of an imported source (docs/legado-rules.md §7.1, §9). A static scan
 * of every rule string decides:
 * - `level`: the census engine tier of the core path (search → info → TOC → content):
 *   A pure declarative, B tiny template expressions, C1 JS with `java.*` helpers, C2 JS with Java
 *   interop, D WebView/browser (C2 counts `org.jsoup.Jsoup.parse` too, which Linhai's rules layer
 *   emulates, so such sources can still run fully);
 * - `tier`: what Linhai can do with it — `full` (runs fully), `partial` (runs without the
 *   capabilities listed in `missing`, which names each method its scripts call that Linhai lacks,
 *   e.g. `java.queryTTF`, `Elements.foo`), `needs-browser` (a WebView is asked for on every path
 *   of the core path; one asked for only inside a script branch is `partial`, since only running
 *   decides it), `needs-login`, `needs-java` (the core path cannot run yet).
 * The driver raises `capability-missing` naming the same capability when a step reaches one.
 */
import { scriptSurface } from '#rules';
import { mergeScans, scanRuleString } from './rule-scan.ts';
import type { ScanMode, ScanResult } from './rule-scan.ts';
import type { CallKind } from './script-calls.ts';
import type { BookSource } from './types.ts';

export type EngineLevel = 'A' | 'B' | 'C1' | 'C2' | 'D';
export type Tier = 'full' | 'partial' | 'needs-browser' | 'needs-login' | 'needs-java';

export const tiers: readonly Tier[] = [
  'full',
  'partial',
  'needs-browser',
  'needs-login',
  'needs-java',
];
export const engineLevels: readonly EngineLevel[] = ['A', 'B', 'C1', 'C2', 'D'];

/** Capability names used in `missing` and in `capability-missing` errors. */
export type Capability =
  | 'webview'
  | 'browser'
  | 'login'
  | 'java-interop'
  | 'audio'
  | 'file-download'
  | 'cover-decode'
  | 'image-decode'
  | 'pay-action'
  | 'pre-update-js'
  | `${CallKind}.${string}`;

export interface Classification {
  level: EngineLevel;
  tier: Tier;
  /** Capabilities Linhai lacks that some part of the source uses, each once, sorted. */
  missing: string[];
  /** Where each missing capability was seen: "ruleContent.webJs: webview". */
  evidence: string[];
  /** Source type: 0 text, 1 audio, 2 image, 3 file. */
  type: number;
}

/** `java.*` helpers Linhai's rules layer provides, read off its `java` object. */
export const supportedJavaHelpers: ReadonlySet<string> = scriptSurface().java;

/** Which fields run on the core path; the rest (explore, login, covers…) are optional features. */
const coreSubRules: ReadonlySet<string> = new Set([
  'ruleSearch',
  'ruleBookInfo',
  'ruleToc',
  'ruleContent',
]);
const optionalSubFieldCapability: Record<string, Capability> = {
  'ruleToc.preUpdateJs': 'pre-update-js',
  'ruleContent.imageDecode': 'image-decode',
  'ruleContent.payAction': 'pay-action',
};

interface Part {
  where: string;
  core: boolean;
  scan: ScanResult;
}

/** Fields whose whole value is a script (no `@js:` marker needed). */
const scriptFields: ReadonlySet<string> = new Set([
  'jsLib', 'loginCheckJs', 'coverDecodeJs', 'ruleToc.preUpdateJs', 'ruleToc.formatJs',
  'ruleContent.webJs', 'ruleContent.imageDecode',
]); // prettier-ignore

function scanField(where: string, value: unknown, mode: ScanMode, core: boolean): Part | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const scan = scanRuleString(value, mode, where);
  if (scriptFields.has(where)) scan.js = true;
  return { where, core, scan };
}

function collectParts(source: BookSource): Part[] {
  const parts: Part[] = [];
  const add = (p: Part | undefined): void => push(parts, p);
  add(scanField('searchUrl', source.searchUrl, 'url', true));
  add(scanField('header', source.header, 'url', true));
  add(scanField('jsLib', source.jsLib, 'rule', false));
  add(scanField('exploreUrl', source.exploreUrl, 'url', false));
  add(scanField('loginUrl', source.loginUrl, 'rule', false));
  add(scanField('loginCheckJs', source.loginCheckJs, 'rule', false));
  add(scanField('coverDecodeJs', source.coverDecodeJs, 'rule', false));
  for (const sub of ['ruleSearch', 'ruleExplore', 'ruleBookInfo', 'ruleToc', 'ruleContent']) {
    const rules = source[sub];
    if (typeof rules !== 'object' || rules === null) continue;
    for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
      const where = `${sub}.${key}`;
      const core = coreSubRules.has(sub) && !(where in optionalSubFieldCapability);
      add(scanField(where, value, 'rule', core));
    }
  }
  return parts;
}

function levelOf(core: ScanResult, hardWebView: boolean): EngineLevel {
  // The census counts every WebView mention on the core path, taken or not.
  if (hardWebView || core.webView || core.webViewConditional || core.browserHelper) return 'D';
  if (core.javaInterop) return 'C2';
  if (core.js) return 'C1';
  if (core.tinyJs) return 'B';
  return 'A';
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** Classifies one source. Pure: no network, no engine; safe on any imported source. */
export function classifySource(source: BookSource): Classification {
  const parts = collectParts(source);
  // Code stored in the comment field counts where it is evaluated.
  const commentReaders = parts.filter((p) => p.scan.evalsComment);
  if (commentReaders.length > 0 && nonEmpty(source.bookSourceComment)) {
    const core = commentReaders.some((p) => p.core);
    push(parts, scanField('bookSourceComment', source.bookSourceComment, 'rule', core));
  }
  const coreParts = parts.filter((p) => p.core);
  const core = mergeScans(coreParts.map((p) => p.scan));
  // jsLib is shared by every script of the source: it is on the core path when the core runs JS.
  const jsLib = parts.find((p) => p.where === 'jsLib');
  if (jsLib && core.js) coreParts.push({ ...jsLib, core: true });
  const coreAll = mergeScans(coreParts.map((p) => p.scan));
  // webJs / sourceRegex only make sense inside a WebView (census: hard requirement).
  const hardWebView =
    nonEmpty(source.ruleContent?.webJs) || nonEmpty(source.ruleContent?.sourceRegex);
  const level = levelOf(coreAll, hardWebView);

  const evidence: string[] = [];
  const missing = new Set<string>();
  const note = (capability: string, where: string): void => {
    missing.add(capability);
    if (evidence.length < 40) evidence.push(`${where}: ${capability}`);
  };
  for (const p of parts) {
    if (p.scan.webView) note('webview', p.where);
    else if (p.scan.webViewConditional)
      note('webview', `${p.where} (a script asks for it on some paths only; decided when it runs)`);
    if (p.scan.browserHelper) note('browser', p.where);
    if (p.scan.unsupportedInterop) note('java-interop', p.where);
    for (const method of p.scan.unimplemented) note(method, p.where);
    const optional = optionalSubFieldCapability[p.where];
    if (optional) note(optional, p.where);
  }
  if (nonEmpty(source.ruleContent?.webJs)) note('webview', 'ruleContent.webJs');
  if (nonEmpty(source.ruleContent?.sourceRegex)) note('webview', 'ruleContent.sourceRegex');
  if (nonEmpty(source.coverDecodeJs)) note('cover-decode', 'coverDecodeJs');
  const loginOnCore = coreAll.login || nonEmpty(source.loginCheckJs);
  if (nonEmpty(source.loginUrl) || nonEmpty(source.loginUi) || loginOnCore) {
    note('login', nonEmpty(source.loginUrl) ? 'loginUrl' : 'loginCheckJs');
  }
  const type = typeof source.bookSourceType === 'number' ? source.bookSourceType : 0;
  if (type === 1) note('audio', 'bookSourceType');
  if (type === 3) note('file-download', 'bookSourceType');

  let tier: Tier;
  if (level === 'D' && (hardWebView || coreAll.webView)) tier = 'needs-browser';
  else if (coreAll.unsupportedInterop) tier = 'needs-java';
  else if (loginOnCore) tier = 'needs-login';
  else tier = missing.size === 0 ? 'full' : 'partial';
  return { level, tier, missing: [...missing].sort(), evidence, type };
}

function push(parts: Part[], p: Part | undefined): void {
  if (p) parts.push(p);
}
