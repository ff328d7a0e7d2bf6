/**
 * The per-source driver: search, explore, bookInfo, toc and content for one book source over a
 * `Fetcher` (#net) and the rule engine (#rules). One driver per source; it keeps a few recent
 * pages so a search that landed on a detail page, and a detail page that holds the TOC, are not
 * fetched twice (Legado's reuse rules, docs/legado-rules.md §1.5).
 *
 * Errors are LinhaiErrors whose `details` name source, stage, url and rule. A step that needs a
 * capability Linhai lacks fails with `capability-missing` and `details.capability` (e.g. webview).
 */
import type { Clock } from '#model';
import type { BrowserTier, Fetcher, RaisedBudget } from '#net';
import { getString, parseContent } from '#rules';
import type { RuleContext, RuleSandbox, VariableStore } from '#rules';
import { bookInfo } from './book-info.ts';
import type { BookInfoOptions } from './book-info.ts';
import { readBookList } from './book-list.ts';
import type { Classification } from './classify.ts';
import { content } from './content.ts';
import type { ContentOptions } from './content.ts';
import { isScriptedExplore, parseExploreKinds } from './explore-kinds.ts';
import { fetchImage } from './image.ts';
import type { FetchedImage, ImageOptions } from './image.ts';
import type {
  BookInfo,
  BookRef,
  ChapterContent,
  ExploreKind,
  SearchResult,
  TocEntry,
} from './results.ts';
import { withRaisedBudget } from './raised-budget.ts';
import { Stage } from './stage.ts';
import { toc } from './toc.ts';
import type { TocOptions } from './toc.ts';
import type { BookSource } from './types.ts';
import type { SourceLogin } from './login.ts';

export interface SourceDriverOptions {
  source: BookSource;
  fetcher: Fetcher;
  /** The JS sandbox; without it, any JS rule fails with capability-missing. */
  sandbox?: RuleSandbox;
  /** Source-level variables (`source.put/get`); the caller persists them. */
  variables?: VariableStore;
  clock?: Clock;
  /** `java.log` lines and driver notes. */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Extra `java.*` helpers for scripts (e.g. the rules layer's pure helpers). */
  javaHelpers?: RuleContext['javaHelpers'];
  /** Longest time one call (search, toc…) may take before it fails with `deadline`; default 120 s. */
  deadlineMs?: number;
  /** An administrator's raised politeness budget for this source (robots.txt still applies). */
  raisedBudget?: RaisedBudget;
  /** The browser tier (#net) for WebView steps, `java.webView` and script challenges; absent = off. */
  browser?: BrowserTier;
  /** The source's login (the loginUi fields a user filled in), for its login scripts. */
  login?: SourceLogin;
}

export interface SourceDriver {
  readonly source: BookSource;
  readonly classification: Classification;
  /** Search results for `key` (page is 1-based). */
  search(key: string, page?: number): Promise<SearchResult[]>;
  /** The explore categories (`exploreUrl`); the JS form is evaluated. */
  exploreKinds(): Promise<ExploreKind[]>;
  /** One explore list page. */
  explore(url: string, page?: number): Promise<SearchResult[]>;
  /** With `requireName`, a page whose name rule finds nothing fails (rule-error naming the rule). */
  bookInfo(book: BookRef, options?: BookInfoOptions): Promise<BookInfo>;
  toc(book: BookInfo | BookRef, options?: TocOptions): Promise<TocEntry[]>;
  content(chapter: TocEntry, options?: ContentOptions): Promise<ChapterContent>;
  /** An image of the source (a book's cover), with the source's headers, at most `maxBytes`. */
  image(url: string, options: ImageOptions): Promise<FetchedImage>;
  /** Runs the source's login script (`loginUrl`) with the login's fields; cookies go to its jar. */
  login(): Promise<void>;
}

export function createSourceDriver(options: SourceDriverOptions): SourceDriver {
  const { source } = options;
  const stage = new Stage({
    source,
    fetcher: options.raisedBudget
      ? withRaisedBudget(options.fetcher, options.raisedBudget)
      : options.fetcher,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.variables ? { sourceVariables: options.variables } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.javaHelpers ? { javaHelpers: options.javaHelpers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    ...(options.login ? { login: options.login } : {}),
  });

  async function list(
    stageName: 'search' | 'explore',
    template: string,
    key: string | undefined,
    page: number,
  ): Promise<SearchResult[]> {
    const rules =
      stageName === 'explore' && source.ruleExplore?.bookList?.trim()
        ? source.ruleExplore
        : (source.ruleSearch ?? {});
    const facts = { url: template, rule: stageName === 'search' ? 'searchUrl' : 'exploreUrl' };
    const fetched = await stage.step(stageName, facts, () =>
      stage.fetch(template, source.bookSourceUrl, stageName, {
        ...(key !== undefined ? { key } : {}),
        page,
        variables: stage.newVariables(),
        bindings: { key: key ?? null, page },
      }),
    );
    return readBookList(stage, stageName, fetched.content, rules, { key: key ?? null, page });
  }

  return {
    source,
    get classification() {
      return stage.classification;
    },
    search(key, page = 1) {
      const template = source.searchUrl?.trim();
      if (!template)
        return Promise.reject(
          stage.fail('rule-error', 'search', 'the source has no searchUrl', { rule: 'searchUrl' }),
        );
      return deadline('search', list('search', template, key, page));
    },
    exploreKinds() {
      return deadline('explore', exploreKinds());
    },
    explore(url, page = 1) {
      return deadline('explore', list('explore', url, undefined, page));
    },
    bookInfo(book, infoOptions) {
      return deadline('info', bookInfo(stage, book, infoOptions));
    },
    toc(book, tocOptions) {
      return deadline('toc', toc(stage, book, tocOptions));
    },
    content(chapter, contentOptions) {
      return deadline('content', content(stage, chapter, contentOptions));
    },
    image(url, imageOptions) {
      return deadline('cover', fetchImage(stage, url, imageOptions));
    },
    login() {
      return deadline(
        'login',
        stage.step('login', { rule: 'loginUrl' }, () => stage.login()),
      );
    },
  };

  async function exploreKinds(): Promise<ExploreKind[]> {
    let text = source.exploreUrl ?? '';
    if (isScriptedExplore(text)) {
      const ctx = stage.ruleContext(source.bookSourceUrl, stage.newVariables(), {
        page: 1,
        key: null,
      });
      text = await stage.step('explore', { rule: 'exploreUrl' }, () =>
        getString(text, parseContent('', source.bookSourceUrl), ctx),
      );
    }
    return parseExploreKinds(text);
  }

  /** A call that outlives `deadlineMs` (a hung script, a stalled site) fails with `deadline`. */
  function deadline<T>(stageName: string, work: Promise<T>): Promise<T> {
    const ms = options.deadlineMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            stage.fail('deadline', stageName, `no answer within ${ms} ms`, { deadlineMs: ms }),
          ),
        ms,
      );
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }
}
