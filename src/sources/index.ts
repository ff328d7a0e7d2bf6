/**
 * The sources layer's public door (DESIGN.md, Layers): the Legado book-source schema, lenient
 * import and export, capability classification, and the per-source driver.
 *
 * @example
 * const { sources, report, errors } = importSources(readFileSync('sources.json', 'utf8'));
 * const driver = createSourceDriver({ source: sources[0], fetcher: createHttpClient(), sandbox });
 * const [hit] = await driver.search('斗破苍穹');
 * const info = await driver.bookInfo(hit);
 * const chapters = await driver.toc(info);
 * const first = await driver.content(chapters[0], { book: info, nextChapterUrl: chapters[1]?.url });
 *
 * Import (`importSources`): one source, an array, or `{sourceUrls: [...]}` (returned for the
 * caller to fetch). Lenient JSON (#rules: BOM, comments, single quotes, unquoted keys, trailing commas);
 * sub-rules given as JSON strings are parsed; non-string values of string fields become JSON
 * text; ints written as strings become numbers; unknown keys are kept in order and exported back.
 * A file that is not JSON (two files pasted together, cut off) is one `errors` entry with line
 * and column; a bad item is its own entry and the others still import. Never throws.
 * Export (`exportSources`): Legado's array form; `import(export(x))` equals `import(x)`.
 *
 * Classification (`classifySource`, also in every report entry): `level` A/B/C1/C2/D is the
 * census tier of docs/legado-rules.md §7.1 for the core path; `tier` is what Linhai can do:
 * `full`, `partial` (runs without `missing`), `needs-browser` (a WebView on every path of the
 * core path; one only inside a script branch is `partial`), `needs-login`, `needs-java`.
 * `missing` names capabilities (`webview`, `browser`, `login`, `java-interop`, `audio`,
 * `file-download`, `cover-decode`, `image-decode`, `pay-action`, `pre-update-js`) and each method
 * scripts call that the engine lacks, as `Kind.method` (`java.queryTTF`, `Elements.foo`), found
 * by `scriptCalls` over `scriptsIn` (calls on `java.*`, `Jsoup`, the values they return and the
 * `source`/`book`/`chapter`/`cookie`/`cache` bindings, checked against `callSurface()`);
 * `evidence` says where each was seen ("ruleContent.webJs: webview").
 *
 * Driver (`createSourceDriver`), one per source, over a #net `Fetcher` and the #rules engine:
 * - search/explore: template base = `bookSourceUrl`; list read against the final (redirected) URL;
 *   a final URL matching `bookUrlPattern`, or an empty list without a pattern, is a detail page
 *   (one result, its page reused by `bookInfo`); `-` reverses; empty names dropped; de-duplicated
 *   by bookUrl (first wins); explore falls back to `ruleSearch` when `ruleExplore.bookList` is empty.
 * - bookInfo: `init` first; name/author kept from the search result unless `canReName`; empty
 *   `tocUrl` = the detail page, which `toc` then reuses instead of fetching again.
 * - toc: `nextTocUrl` (one URL followed until empty/visited, several fetched in order), page cap
 *   100; de-dup by URL keeping the last occurrence (`-`: first, then reversed); `formatJs`;
 *   an empty TOC is `rule-error`.
 * - content: base = the book's TOC URL; `nextContentUrl` until empty, visited or the next
 *   chapter's URL, page cap 50 (`truncated`); pages joined, HTML formatted (images kept),
 *   `replaceRegex` once on the joined text; volume headings are not fetched.
 * - A page is reused by the next stage once, within 60 s; later calls (polling) fetch again.
 * - `@put` values ride on results (`variables`) and are read back in later stages (§3.9).
 * - Requests carry `SourcePolicy` {key: bookSourceUrl, concurrentRate, proxy from `header`}.
 * - Scripts see `source` (getKey, getVariable/setVariable, put/get; login helpers fail as
 *   capability-missing), `cookie` (reads via the host; writes logged and dropped) and `cache`.
 * - Every call has a deadline (`deadlineMs`, default 120 s) and then fails with `deadline`.
 * Errors: LinhaiError with `details` {source, stage, url, rule}; `capability-missing` with
 * `details.capability` for WebView URLs, `sourceRegex`, login helpers, Java interop or
 * unsupported helpers met in a script, and JS without a sandbox.
 */
export type { BookSource, BookListRule, BookInfoRule, TocRule, ContentRule } from './types.ts';
export { normalizeSource } from './normalize.ts';
export { importSources, exportSources, reportEntry } from './import-export.ts';
export type { ImportResult, ImportReportEntry, ImportError } from './import-export.ts';
export { classifySource, tiers, engineLevels, supportedJavaHelpers } from './classify.ts';
export type { Classification, Tier, EngineLevel, Capability } from './classify.ts';
export { scriptsIn, scriptsOfSource } from './script-text.ts';
export { scriptCalls } from './script-calls.ts';
export type { BindingKind, CallKind, ScriptCall } from './script-calls.ts';
export { callSurface } from './rule-scan.ts';
export { tierTableMarkdown } from './tier-table.ts';
export { isScriptedExplore, parseExploreKinds } from './explore-kinds.ts';
export { cleanBookName, cleanAuthor, formatWordCount, dedupeToc } from './book-fields.ts';
export { createSourceDriver } from './driver.ts';
export type { SourceDriver, SourceDriverOptions } from './driver.ts';
export type { ContentOptions } from './content.ts';
export type { FetchedImage, ImageOptions } from './image.ts';
export type { TocOptions } from './toc.ts';
export type {
  SearchResult,
  BookInfo,
  BookRef,
  TocEntry,
  ChapterContent,
  ExploreKind,
} from './results.ts';
export { builtInSources } from './builtin/index.ts';
export { hasLoginScript, loginFields } from './login.ts';
export type { LoginField, SourceLogin } from './login.ts';
export { findLoginForm, formBody, loginPageUrl } from './login-page.ts';
export type { LoginPageForm } from './login-page.ts';
export { sourceHeaders, sourcePolicy } from './request.ts';
